"""What a row of the daily figures (DocType Case Day Figures) counts, written once as SQL terms for the
roll-up (figures_rollup) and for counting the cases live (figures_read). What a row holds is described
in core.daily_figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe.query_builder.functions import Coalesce, Count, Sum
from pypika.terms import Case, ExistsCriterion, Function

from beneficiary_care.core import daily_figures as df
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import DONE
from beneficiary_care.core.medians import BOUNDS

ROLLUP = "Case Day Figures"
SURVEY = "Satisfaction Survey"
SATISFIED = 0.8  # 4 of 5 stars: Frappe's Rating stores a fraction of 1
COMMITTEE_LEVEL = 3  # Escalate to Complaints Committee (core.sla.ACTION_LEVELS)


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


def days_criterion(t, days):
	"""received_on within any of the days, as ranges the received_on index serves."""
	criterion = None
	for first, after in df.spans(days):
		term = (t.received_on >= first) & (t.received_on < after)
		criterion = term if criterion is None else criterion | term
	return criterion


def grouped(view: View, doctype: str, query, t):
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
