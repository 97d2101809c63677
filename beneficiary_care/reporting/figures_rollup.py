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
    bench --site SITE execute beneficiary_care.reporting.figures_rollup.rebuild
"""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.query_builder.functions import Coalesce, Max, Min
from frappe.utils import get_datetime, getdate, now_datetime
from pypika.functions import Date
from pypika.terms import ValueWrapper

from beneficiary_care.core import daily_figures as df
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import CANCELLED
from beneficiary_care.framework.helpers import one_at_a_time
from beneficiary_care.reporting.figures_sql import (
	ROLLUP,
	SURVEY,
	VIEWS,
	ConcatWs,
	Md5,
	days_criterion,
	grouped,
)

MARGIN = dt.timedelta(minutes=30)
LOCK = "bc.figures"
STATE_NAME = "state"


def last_refresh() -> dt.datetime | None:
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
			query = query.where(days_criterion(t, days))
		query, value, metrics = grouped(view, doctype, query, t)
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


def refresh(full: bool = False, commit: bool = True) -> None:
	"""Bring the rows up to date: the days changed since the last run, or all of them (scheduled)."""
	with one_at_a_time(LOCK, wait=30) as held:
		if not held:
			return  # another refresh is running; it does the same work
		started = now_datetime()
		state = None if full else last_refresh()
		if state is None:
			_rebuild_all(started, commit)
		else:
			for doctype in CASE_DOCTYPES:
				days = changed_days(doctype, state - MARGIN)
				if days:
					_rebuild(doctype, days, started)
		_write_state(started)


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
	if days and last_refresh() is not None:
		_rebuild(doctype, days, now_datetime())


def delete_cases(doctype: str, filters: dict) -> int:
	"""Delete cases by SQL (demo data, benchmarks) and recount their days: how many went."""
	days = frappe.get_all(doctype, filters=filters, pluck="received_on")
	frappe.db.delete(doctype, filters)
	recount(doctype, days)
	return len(days)


# what a case makes, by the field that names it: removed with the case by delete_cases_and_records
CASE_RECORDS = (
	("Case Message", "reference_name"),
	("Case Escalation", "reference_name"),
	("Survey Invitation", "reference_name"),
	("Satisfaction Survey", "reference_name"),
	("Case Submission", "case_reference"),
	("Comment", "reference_name"),
	("ToDo", "reference_name"),
	("Version", "docname"),
	("Notification Log", "document_name"),
	("Communication", "reference_name"),
	("Email Queue", "reference_name"),
)


def delete_cases_and_records(doctype: str, names: list[str]) -> int:
	"""Delete cases by SQL with everything they made (test data, benchmarks), and recount their days
	(any other record by name too, with what names it: a beneficiary's file a test made).

	Frappe's delete_doc would run each case's hooks and links check one by one; this is for data a test
	or a benchmark wrote and removes, never for an office's cases."""
	if not names:
		return 0
	mails = frappe.get_all("Email Queue", filters={"reference_name": ["in", names]}, pluck="name")
	frappe.db.delete("Email Queue Recipient", {"parent": ["in", mails or [""]]})
	for record, field in CASE_RECORDS:
		frappe.db.delete(record, {field: ["in", names]})
	if doctype not in CASE_DOCTYPES:  # another record a test made (a beneficiary's file): no figures
		frappe.db.delete(doctype, {"name": ["in", names]})
		return len(names)
	return delete_cases(doctype, {"name": ["in", names]})


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
