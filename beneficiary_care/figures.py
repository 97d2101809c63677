"""The daily figures the reports read (DocType Case Day Figures), kept from the cases.

Why our own: Frappe counts the live table for every report, number card and chart, and has no
materialised aggregate to reuse; a year of a million cases then takes tens of seconds. The app keeps
one, as ERPNext keeps stock balances in Bin. What is in a row is described in core.daily_figures.

How the figures stay exact:
- A day's rows are recomputed from the cases (DELETE, then INSERT … SELECT … GROUP BY), never adjusted
  by increments, so they cannot drift.
- Every write that changes a figure stamps the case's `figures_changed_on`: the controller on each
  save, and the writes that bypass it (first response, reassignment, the escalation sweep). A survey's
  own `modified` stands for its case.
- `refresh()` (scheduled every 10 minutes) recomputes the days of the cases stamped since its previous
  run, less MARGIN for transactions still open then, and records when it ran.
- A report never trusts a day stamped since that run: `changed_days()` lists them, and those days are
  counted live from the cases, the rest from the rows. Never refreshed (a new site): all live.
- Deleting a case or a survey, moving a case to another day, or renaming a department or category
  corrects the rows at once, in the same transaction.
- Users whose permissions the rows cannot express (department staff, a named employee, portal users),
  and filters they do not carry (channel, category, need), are counted live.
Whatever writes cases by SQL must stamp `figures_changed_on` or run `rebuild()` afterwards:
    bench --site SITE execute beneficiary_care.figures.rebuild
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe.query_builder.functions import Coalesce, Count, Max, Min, Sum
from frappe.utils import get_datetime, getdate, now_datetime
from pypika.functions import Date
from pypika.terms import Case, ExistsCriterion, Function, ValueWrapper

from beneficiary_care.case_document import CASE_DOCTYPES
from beneficiary_care.core import daily_figures as df
from beneficiary_care.core.lifecycle import CANCELLED, DONE
from beneficiary_care.core.medians import BOUNDS

ROLLUP = "Case Day Figures"
SURVEY = "Satisfaction Survey"
SATISFIED = 0.8  # 4 of 5 stars: Frappe's Rating stores a fraction of 1
COMMITTEE_LEVEL = 3  # Escalate to Complaints Committee (core.sla.ACTION_LEVELS)
MARGIN = dt.timedelta(minutes=30)
LOCK = "beneficiary_care.figures"
STATE_NAME = "state"
LIVE_ONLY_FILTERS = ("channel", "subject_category", "need_category")


class Interval(Function):
	"""MariaDB's INTERVAL(v, b1, b2, …): how many bounds are ≤ v — core.medians.bucket_of in SQL."""

	def __init__(self, term, *bounds):
		super().__init__("INTERVAL", term, *bounds)


class Md5(Function):
	def __init__(self, term):
		super().__init__("MD5", term)


class ConcatWs(Function):
	def __init__(self, *terms):
		super().__init__("CONCAT_WS", *terms)


def flag(condition) -> Sum:
	return Sum(Case().when(condition, 1).else_(0))


def stamp() -> dt.datetime:
	"""The value for `figures_changed_on` when a write bypasses the case's controller."""
	return now_datetime()


# ------------------------------------------------------------------ what a row counts


def totals(t, doctype: str) -> dict:
	"""Every count of core.daily_figures.METRICS over a set of cases (the TOTALS rows), written once
	for the rows and for the live count."""
	answered = t.resolved_on.isnotnull()
	complaint = doctype == "Complaint"
	resolved = answered & (Coalesce(t.acceptance, "") != "Rejected") if complaint else answered
	if doctype == "Inquiry":
		survey = frappe.qb.DocType(SURVEY)
		unmet = (
			frappe.qb.from_(survey)
			.select(1)
			.where(survey.reference_doctype == doctype)
			.where(survey.reference_name == t.name)
			.where(survey.answer_met_need == "No")
		)
		accurate = answered & (t.reopen_count == 0) & ~ExistsCriterion(unmet)
	else:
		accurate = resolved & (t.reassignment_count == 0) & (t.reopen_count == 0)
	responded = t.first_responded_on.isnotnull()
	terms = {
		"cases": Count(t.name),
		"fcr": flag(t.first_contact_resolution == 1),
		"responded": flag(responded),
		"response_on_time": flag(responded & (t.first_responded_on <= t.response_due)),
		"answered": flag(answered),
		"answered_on_time": flag(answered & (t.resolved_on <= t.resolution_due)),
		"resolved": flag(resolved),
		"resolved_on_time": flag(resolved & (t.resolved_on <= t.resolution_due)),
		"accurate": flag(accurate),
		"reassignments": Sum(Coalesce(t.reassignment_count, 0)),
		"escalated": flag(t.escalation_level > 0),
		"committee": flag(t.escalation_level >= COMMITTEE_LEVEL),
	}
	if complaint:
		terms["accepted"] = flag(t.acceptance == "Accepted")
		terms["decided"] = flag(t.acceptance.isin(["Accepted", "Rejected"]))
	for column in df.TIME_COLUMNS:
		terms[f"{column}_sum"] = Sum(Coalesce(t[column], 0))
		terms[f"{column}_count"] = Count(t[column])
	return terms


@dataclass(frozen=True)
class View:
	"""One dimension of the rows: which cases, grouped by what, counting what."""

	dimension: str
	value: Callable | None = None  # the case's value for the breakdown; None: one row a day
	where: Callable | None = None
	cancelled: bool = False  # the cancelled cases instead of the others
	surveys: bool = False  # joined to their surveys
	kinds: tuple[str, ...] = CASE_DOCTYPES

	def metrics(self, t, doctype: str, survey=None) -> dict:
		if self.dimension == df.TOTALS:
			return totals(t, doctype)
		if self.surveys:
			return {
				"cases": Count(survey.name),
				"satisfied": flag(survey.overall_rating >= SATISFIED),
				"stars": Sum(Coalesce(survey.overall_rating, 0)),
			}
		return {"cases": Count(t.name)}


def _time_view(column: str) -> View:
	return View(
		column, value=lambda t: Interval(t[column], *BOUNDS), where=lambda t, _kind: t[column].isnotnull()
	)


VIEWS: dict[str, View] = {
	view.dimension: view
	for view in (
		View(df.TOTALS),
		*(
			View(
				name,
				value=lambda t, name=name: Coalesce(t[name], ""),
				kinds=("Complaint",) if name == "is_justified" else CASE_DOCTYPES,
			)
			for name in df.COUNT_DIMENSIONS
		),
		View(
			df.OPEN_LEVEL,
			value=lambda t: Coalesce(t.escalation_level, 0),
			where=lambda t, kind: t.status.notin(sorted(DONE[kind])),
		),
		View(
			df.COMMITTEE_STATUS,
			value=lambda t: t.status,
			where=lambda t, _kind: t.escalation_level >= COMMITTEE_LEVEL,
		),
		View(df.CANCELLED, cancelled=True),
		View(df.SURVEYS, surveys=True),
		*(_time_view(column) for column in df.TIME_COLUMNS),
	)
}


def _days_criterion(t, days):
	"""received_on within any of the days, as ranges the received_on index serves."""
	criterion = None
	for first, after in df.spans(days):
		term = (t.received_on >= first) & (t.received_on < after)
		criterion = term if criterion is None else criterion | term
	return criterion


def _grouped(view: View, doctype: str, query, t):
	"""Add the view's join, filter and value to a query over cases; return (query, value term, metrics)."""
	survey = None
	if view.surveys:
		survey = frappe.qb.DocType(SURVEY)
		query = query.join(survey).on(
			(survey.reference_name == t.name) & (survey.reference_doctype == doctype)
		)
	if view.where:
		query = query.where(view.where(t, doctype))
	value = view.value(t) if view.value else None
	return query, value, view.metrics(t, doctype, survey)


# ------------------------------------------------------------------ keeping the rows


def _state() -> dt.datetime | None:
	value = frappe.db.get_value(ROLLUP, STATE_NAME, "as_of")
	return get_datetime(value) if value else None


def _write_state(as_of: dt.datetime) -> None:
	r = frappe.qb.DocType(ROLLUP)
	frappe.qb.from_(r).delete().where(r.name == STATE_NAME).run()
	frappe.qb.into(r).columns("name", "dimension", "case_kind", "department", "value", "as_of").insert(
		STATE_NAME, df.STATE, "", "", "", as_of
	).run()


def _rebuild(doctype: str, days, as_of: dt.datetime) -> None:
	"""Recompute the rows of `doctype` for `days` (None: every day) from the cases."""
	r = frappe.qb.DocType(ROLLUP)
	delete = frappe.qb.from_(r).delete().where(r.case_kind == doctype).where(r.dimension != df.STATE)
	if days is not None:
		delete = delete.where(r.day.isin(sorted(set(days))))
	delete.run()
	t = frappe.qb.DocType(doctype)
	day = Date(t.received_on)
	department = Coalesce(t.department, "")
	confidential = t.is_confidential if doctype == "Complaint" else ValueWrapper(0)
	for view in VIEWS.values():
		if doctype not in view.kinds:
			continue
		query = frappe.qb.from_(t)
		query = query.where(t.status == CANCELLED) if view.cancelled else query.where(t.status != CANCELLED)
		if days is not None:
			query = query.where(_days_criterion(t, days))
		query, value, metrics = _grouped(view, doctype, query, t)
		shown = value if value is not None else ValueWrapper("")
		key = Md5(ConcatWs("|", doctype, day, department, confidential, view.dimension, shown))
		groups = [day, department] + ([confidential] if doctype == "Complaint" else [])
		groups += [value] if value is not None else []
		(
			query.into(r)
			.columns(
				"name",
				"day",
				"case_kind",
				"department",
				"confidential",
				"dimension",
				"value",
				"as_of",
				"creation",
				"modified",
				*metrics,
			)
			.select(key, day, ValueWrapper(doctype), department, confidential, ValueWrapper(view.dimension))
			.select(shown, as_of, as_of, as_of)
			.select(*metrics.values())
			.groupby(*groups)
			.run()
		)


def _locked(wait: int = 30) -> bool:
	return bool(frappe.db.sql("select get_lock(%s, %s)", (LOCK, wait))[0][0])


def _unlock() -> None:
	frappe.db.sql("select release_lock(%s)", (LOCK,))


def refresh(full: bool = False, commit: bool = True) -> None:
	"""Bring the rows up to date: the days changed since the last run, or all of them (scheduled)."""
	if not _locked():
		return  # another refresh is running; it does the same work
	try:
		started = now_datetime()
		state = None if full else _state()
		if state is None:
			_rebuild_all(started, commit)
		else:
			for doctype in CASE_DOCTYPES:
				days = changed_days(doctype, state - MARGIN)
				if days:
					_rebuild(doctype, days, started)
		_write_state(started)
	finally:
		_unlock()


def _rebuild_all(as_of: dt.datetime, commit: bool) -> None:
	"""Every row, a month at a time. INSERT … SELECT share-locks the cases it reads until the commit:
	with `commit`, each month is committed at once, so that no save of a case waits for the whole
	history. Until the state row is written again, the reports count from the cases."""
	r = frappe.qb.DocType(ROLLUP)
	frappe.qb.from_(r).delete().where(r.name == STATE_NAME).run()
	if commit:
		frappe.db.commit()
	for doctype in CASE_DOCTYPES:
		frappe.qb.from_(r).delete().where(r.case_kind == doctype).run()
		t = frappe.qb.DocType(doctype)
		first, last = frappe.qb.from_(t).select(Min(t.received_on), Max(t.received_on)).run()[0]
		for month in df.months(getdate(first) if first else None, getdate(last) if last else None):
			_rebuild(doctype, month, as_of)
			if commit:
				frappe.db.commit()


def rebuild() -> None:
	"""Recompute every row (after cases were written or removed by SQL: demo data, benchmarks),
	committing month by month (`bench execute` commits the rest)."""
	refresh(full=True)


def changed_days(doctype: str, since: dt.datetime) -> list[dt.date]:
	"""The days whose rows may be out of date: cases stamped, or surveys on cases written, since."""
	t = frappe.qb.DocType(doctype)
	survey = frappe.qb.DocType(SURVEY)
	days = {
		getdate(d)
		for (d,) in frappe.qb.from_(t)
		.select(Date(t.received_on))
		.distinct()
		.where(t.figures_changed_on >= since)
		.run()
	}
	days |= {
		getdate(d)
		for (d,) in frappe.qb.from_(survey)
		.join(t)
		.on(t.name == survey.reference_name)
		.select(Date(t.received_on))
		.distinct()
		.where(survey.reference_doctype == doctype)
		.where(survey.modified >= since)
		.run()
	}
	return sorted(d for d in days if d)


def recount(doctype: str, days) -> None:
	"""Recompute some days at once (deletions, a case moved to another day), once rows exist."""
	days = sorted({getdate(d) for d in days if d})
	if days and _state() is not None:
		_rebuild(doctype, days, now_datetime())


def delete_cases(doctype: str, filters: dict) -> int:
	"""Delete cases by SQL (demo data, benchmarks) and recount their days: how many went."""
	days = frappe.get_all(doctype, filters=filters, pluck="received_on")
	frappe.db.delete(doctype, filters)
	recount(doctype, days)
	return len(days)


def on_case_delete(doc, method=None) -> None:
	recount(doc.doctype, [doc.received_on])


def on_survey_delete(doc, method=None) -> None:
	if doc.reference_doctype in CASE_DOCTYPES and doc.reference_name:
		received = frappe.db.get_value(doc.reference_doctype, doc.reference_name, "received_on")
		recount(doc.reference_doctype, [received])


def on_case_moved(doc) -> None:
	"""A case back-dated or moved to another day leaves its old day: recompute that day now."""
	before = doc.get_doc_before_save()
	if before and before.received_on and getdate(before.received_on) != getdate(doc.received_on):
		recount(doc.doctype, [before.received_on])


RENAMED_COLUMNS = {
	"Care Department": "department",
	"Case Channel": "channel",
	"Need Category": "need_category",
	"Subject Category": "subject_category",
	"Root Cause": "root_cause",
}


def on_rename(doc, method=None, old=None, new=None, merge=False) -> None:
	"""Frappe renames the links in the cases by SQL, without a save: follow it in the rows."""
	r = frappe.qb.DocType(ROLLUP)
	column = RENAMED_COLUMNS.get(doc.doctype)
	if column == "department":
		frappe.qb.update(r).set(r.department, new).where(r.department == old).run()
	elif column:
		frappe.qb.update(r).set(r.value, new).where(r.dimension == column).where(r.value == old).run()


# ------------------------------------------------------------------ reading


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
	from beneficiary_care.permissions import figures_access

	view = VIEWS[dimension]
	if doctype not in view.kinds:
		return {}
	access = None
	# frappe.flags.bc_count_live: count from the cases only (the benchmark's reference, the tests)
	if not frappe.flags.get("bc_count_live") and not any(filters.get(f) for f in LIVE_ONLY_FILTERS):
		access = figures_access(frappe.session.user, doctype)
	state = _state() if access is not None else None
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
	from beneficiary_care.reports import population

	t, query = population(doctype, period, filters, include_cancelled=view.cancelled)
	if view.cancelled:
		query = query.where(t.status == CANCELLED)
	if days is not None:
		query = query.where(_days_criterion(t, days))
	if department is not None:
		query = query.where(Coalesce(t.department, "") == department)
	query, value, metrics = _grouped(view, doctype, query, t)
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
	from beneficiary_care.reports import population

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
