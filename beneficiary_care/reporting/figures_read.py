"""Reading the daily figures: one view of the rows for a period, narrowed by the filters and by what the
user may read, with the days changed since the last roll-up (and every user or filter the rows cannot
answer for) counted from the cases themselves."""

from __future__ import annotations

import dataclasses
import datetime as dt

import frappe
from frappe.query_builder.functions import Coalesce, Count, Sum
from pypika.terms import ValueWrapper

from beneficiary_care.core import daily_figures as df
from beneficiary_care.core.lifecycle import CANCELLED
from beneficiary_care.framework.permissions import figures_access
from beneficiary_care.reporting.figures_rollup import MARGIN, changed_days, last_refresh
from beneficiary_care.reporting.figures_sql import ROLLUP, SURVEY, VIEWS, days_criterion, grouped
from beneficiary_care.reporting.population import counts_everything, population

LIVE_ONLY_FILTERS = ("channel", "subject_category", "need_category")


def read(
	doctype: str,
	dimension: str,
	period,
	filters: dict,
	by_department: bool = False,
	department: str | None = None,
) -> dict[tuple, dict[str, float]]:
	"""{(value, department or None): {metric: sum}} of one view for the cases of `doctype` received
	in `period`, narrowed by the filters and what the user may read. `department` narrows to one
	department ("" for cases without one). From the rows where they can answer, live elsewhere."""
	view = VIEWS[dimension]
	if doctype not in view.kinds:
		return {}
	access = None
	# frappe.flags.bc_count_live: count from the cases only (the benchmark's reference, the tests)
	if not frappe.flags.get("bc_count_live") and not any(filters.get(f) for f in LIVE_ONLY_FILTERS):
		access = True if counts_everything() else figures_access(frappe.session.user, doctype)
	state = last_refresh() if access is not None else None
	if state is None:
		return _live(view, doctype, period, filters, None, by_department, department)
	changed = [d for d in changed_days(doctype, state - MARGIN) if period.start <= d < period.end]
	out = _from_rows(view, doctype, period, filters, changed, access, by_department, department)
	if changed:
		for key, values in _live(view, doctype, period, filters, changed, by_department, department).items():
			df.add(out.setdefault(key, {}), values)
	return out


def _from_rows(view, doctype, period, filters, changed, confidential_too, by_department, department):
	r = frappe.qb.DocType(ROLLUP)
	names = list(view.metrics(frappe.qb.DocType(doctype), doctype, frappe.qb.DocType(SURVEY)))
	query = (
		frappe.qb.from_(r)
		.select(r.value, r.department if by_department else ValueWrapper(None))
		.select(*(Sum(r[name]) for name in names))
		.where(r.dimension == view.dimension)
		.where(r.case_kind == doctype)
		.where(r.day >= period.start)
		.where(r.day < period.end)
		.groupby(r.value)
	)
	if by_department:
		query = query.groupby(r.department)
	if changed:
		query = query.where(r.day.notin(changed))
	if department is not None:
		query = query.where(r.department == department)
	elif filters.get("department"):
		query = query.where(r.department == filters["department"])
	if not confidential_too:
		query = query.where(r.confidential == 0)
	out: dict[tuple, dict[str, float]] = {}
	for value, dept, *sums in query.run():
		out[(value, dept if by_department else None)] = dict(zip(names, sums, strict=True))
	return out


def _live(view, doctype, period, filters, days, by_department, department):
	t, query = population(doctype, period, filters, include_cancelled=view.cancelled)
	if view.cancelled:
		query = query.where(t.status == CANCELLED)
	if days is not None:
		query = query.where(days_criterion(t, days))
	if department is not None:
		query = query.where(Coalesce(t.department, "") == department)
	query, value, metrics = grouped(view, doctype, query, t)
	dept = Coalesce(t.department, "")
	query = query.select(
		value if value is not None else ValueWrapper(""), dept if by_department else ValueWrapper(None)
	)
	query = query.select(*metrics.values())
	if value is not None:
		query = query.groupby(value)
	if by_department:
		query = query.groupby(dept)
	out: dict[tuple, dict[str, float]] = {}
	for row_value, row_dept, *sums in query.run():
		key = ("" if row_value is None else str(row_value), row_dept if by_department else None)
		out[key] = dict(zip(metrics, sums, strict=True))
	return out


def overdue(doctype: str, period, filters: dict, at: dt.datetime, by_department: bool = False) -> dict:
	"""{department or None: Overdue}: open cases already past a deadline at `at`, counted live (the
	rows never hold what depends on the moment)."""
	out: dict = {}
	for column, due, attribute in (
		("first_responded_on", "response_due", "unresponded"),
		("resolved_on", "resolution_due", "unresolved"),
	):
		t, query = population(doctype, period, filters)
		dept = Coalesce(t.department, "")
		query = (
			query.select(dept if by_department else ValueWrapper(None), Count(t.name))
			.where(t[column].isnull())
			.where(t[due] < at)
		)
		if by_department:
			query = query.groupby(dept)
		for key, count in query.run():
			out[key] = dataclasses.replace(out.get(key, df.Overdue()), **{attribute: int(count or 0)})
	return out
