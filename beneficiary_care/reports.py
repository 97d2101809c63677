"""What the reports share: the period from the filters, the population of cases, permission-aware
counting in SQL (query builder, GROUP BY and conditional sums), medians without loading rows."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import cint, getdate, now_datetime
from pypika.terms import Case, LiteralValue

from beneficiary_care.case_document import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import CANCELLED
from beneficiary_care.core.periods import (
	Period,
	PeriodKind,
	date_range,
	fiscal_period,
	same_period_previous_year,
)
from beneficiary_care.permissions import case_query_conditions

SETTINGS = "Beneficiary Care Settings"
PERIOD_KINDS = [k.value for k in PeriodKind]


def fiscal_start_month() -> int:
	return cint(frappe.db.get_single_value(SETTINGS, "fiscal_year_start_month")) or 1


def period_from_filters(filters: dict) -> Period:
	kind = PeriodKind(filters.get("period") or "Year")
	if kind is PeriodKind.RANGE:
		return date_range(getdate(filters.get("from_date")), getdate(filters.get("to_date")))
	year = cint(filters.get("fiscal_year")) or now_datetime().year
	return fiscal_period(kind, year, cint(filters.get("period_number")) or 1, fiscal_start_month())


def periods(filters: dict) -> tuple[Period, Period]:
	from beneficiary_care.validation import core_errors

	with core_errors(SETTINGS):
		current = period_from_filters(filters)
	return current, same_period_previous_year(current)


def kinds(filters: dict) -> tuple[str, ...]:
	kind = filters.get("case_kind")
	return (kind,) if kind in CASE_DOCTYPES else CASE_DOCTYPES


def population(doctype: str, period: Period, filters: dict, include_cancelled: bool = False):
	"""The cases of `doctype` received in `period` (by their opening time, half-open range, so the
	last day's afternoon counts), narrowed by the filters and by what the user may read."""
	table = frappe.qb.DocType(doctype)
	query = (
		frappe.qb.from_(table)
		.where(table.received_on >= period.start_datetime())
		.where(table.received_on < period.end_datetime())
	)
	if not include_cancelled:
		query = query.where(table.status != CANCELLED)
	for fieldname in ("department", "channel", "subject_category", "need_category"):
		if filters.get(fieldname):
			query = query.where(table[fieldname] == filters[fieldname])
	condition = case_query_conditions(frappe.session.user, doctype)
	if condition:
		query = query.where(LiteralValue(f"({condition})"))
	return table, query


def counts_by(fieldname: str, period: Period, filters: dict, doctypes=None) -> dict[str, int]:
	"""Cases per value of `fieldname` (GROUP BY), summed over the case kinds; '' for unset."""
	totals: dict[str, int] = {}
	for doctype in doctypes or kinds(filters):
		table, query = population(doctype, period, filters)
		for value, count in query.select(table[fieldname], Count(table.name)).groupby(table[fieldname]).run():
			totals[value or ""] = totals.get(value or "", 0) + count
	return totals


def cancelled_count(period: Period, filters: dict) -> int:
	total = 0
	for doctype in kinds(filters):
		table, query = population(doctype, period, filters, include_cancelled=True)
		total += query.select(Count(table.name)).where(table.status == CANCELLED).run()[0][0]
	return total


def flag(condition) -> Sum:
	return Sum(Case().when(condition, 1).else_(0))


def median(doctype: str, column: str, period: Period, filters: dict, extra=None) -> float | None:
	"""The median of a numeric column over the population, in SQL: a count, then the middle row(s)."""
	return median_across((doctype,), column, period, filters, extra)


def median_across(doctypes, column: str, period: Period, filters: dict, extra=None) -> float | None:
	"""The median over several case kinds at once (UNION ALL), without loading the rows."""
	from pypika import Field

	selects, count = [], 0
	for doctype in doctypes:
		table, query = population(doctype, period, filters)
		query = query.where(table[column].isnotnull())
		if extra is not None:
			query = query.where(extra(table))
		count += query.select(Count(table.name)).run()[0][0]
		selects.append(query.select(table[column].as_("v")))
	if not count:
		return None
	union = selects[0]
	for other in selects[1:]:
		union = union.union_all(other)
	middle = union.orderby(Field("v")).limit(2 - count % 2).offset((count - 1) // 2).run()
	values = [row[0] for row in middle]
	return sum(values) / len(values)


def label(value: str | None) -> str:
	return value if value else _("Not set")


def now() -> dt.datetime:
	return now_datetime()


# ------------------------------------------------------------------ the KPIs of KPIS.md


def kpi_counts(period: Period, filters: dict, at: dt.datetime | None = None) -> dict[str, tuple[int, int]]:
	"""{kpi key: (numerator, denominator)} for the period: one aggregate query per case kind and
	one for the surveys."""
	at = at or now()
	counts: dict[str, tuple[int, int]] = {}
	wanted = kinds(filters)
	if "Complaint" in wanted:
		c, query = population("Complaint", period, filters)
		resolved = c.resolved_on.isnotnull() & (c.acceptance != "Rejected")
		open_late = c.resolved_on.isnull() & (c.resolution_due < at)
		row = query.select(
			Count(c.name),
			flag(c.first_contact_resolution == 1),
			flag(c.acceptance == "Accepted"),
			flag(c.acceptance.isin(["Accepted", "Rejected"])),
			flag(c.first_responded_on.isnotnull() & (c.first_responded_on <= c.response_due)),
			flag(c.first_responded_on.isnotnull() | (c.first_responded_on.isnull() & (c.response_due < at))),
			flag(resolved & (c.resolved_on <= c.resolution_due)),
			flag(resolved | open_late),
			flag(resolved & (c.reassignment_count == 0) & (c.reopen_count == 0)),
			flag(resolved),
		).run()[0]
		n = [int(v or 0) for v in row]
		counts.update(
			complaint_fcr=(n[1], n[0]),
			complaint_acceptance=(n[2], n[3]),
			complaint_on_time_response=(n[4], n[5]),
			complaint_on_time_resolution=(n[6], n[7]),
			complaint_accuracy=(n[8], n[9]),
		)
	if "Inquiry" in wanted:
		i, query = population("Inquiry", period, filters)
		survey = frappe.qb.DocType("Satisfaction Survey")
		unmet = (
			frappe.qb.from_(survey)
			.select(survey.reference_name, flag(survey.answer_met_need == "No").as_("unmet"))
			.where(survey.reference_doctype == "Inquiry")
			.groupby(survey.reference_name)
		).as_("unmet_answers")
		answered = i.resolved_on.isnotnull()
		row = (
			query.left_join(unmet)
			.on(unmet.reference_name == i.name)
			.select(
				Count(i.name),
				flag(i.first_contact_resolution == 1),
				flag(answered & (i.resolved_on <= i.resolution_due)),
				flag(answered | (i.resolved_on.isnull() & (i.resolution_due < at))),
				flag(answered & (i.reopen_count == 0) & ((unmet.unmet.isnull()) | (unmet.unmet == 0))),
				flag(answered),
			)
			.run()[0]
		)
		n = [int(v or 0) for v in row]
		counts.update(
			inquiry_fcr=(n[1], n[0]),
			inquiry_on_time=(n[2], n[3]),
			inquiry_accuracy=(n[4], n[5]),
		)
	satisfied, answered_surveys, inquiry_satisfied, inquiry_surveys, _total = survey_counts(period, filters)
	counts["csat"] = (satisfied, answered_surveys)
	if "Inquiry" in wanted:
		counts["inquiry_satisfaction"] = (inquiry_satisfied, inquiry_surveys)
	return counts


SATISFIED = 0.8  # 4 of 5 stars: Frappe's Rating stores a fraction of 1


def survey_counts(period: Period, filters: dict) -> tuple[int, int, int, int, float]:
	"""(satisfied, answered, satisfied on inquiries, answered on inquiries, sum of overall stars) for
	the surveys on the period's cases."""
	survey = frappe.qb.DocType("Satisfaction Survey")
	totals = [0, 0, 0, 0, 0.0]
	for doctype in kinds(filters):
		table, cases = population(doctype, period, filters)
		row = (  # from the period's cases to their surveys (index on reference_name), not the reverse
			cases.join(survey)
			.on((survey.reference_name == table.name) & (survey.reference_doctype == doctype))
			.select(flag(survey.overall_rating >= SATISFIED), Count(survey.name), Sum(survey.overall_rating))
			.run()[0]
		)
		satisfied, answered, stars = int(row[0] or 0), int(row[1] or 0), float(row[2] or 0) * 5
		totals[0] += satisfied
		totals[1] += answered
		totals[4] += stars
		if doctype == "Inquiry":
			totals[2], totals[3] = satisfied, answered
	return tuple(totals)


TIME_COLUMNS = (
	("response_working_seconds", "Time to First Response (working)"),
	("response_calendar_seconds", "Time to First Response (calendar)"),
	("resolution_working_seconds", "Time to Resolve (working)"),
	("resolution_calendar_seconds", "Time to Resolve (calendar)"),
)


def times(doctype: str, period: Period, filters: dict) -> list[dict]:
	"""Mean and median of each time taken, in hours."""
	from frappe.query_builder.functions import Avg

	table, query = population(doctype, period, filters)
	means = query.select(*(Avg(table[column]) for column, _ in TIME_COLUMNS)).run()[0]
	rows = []
	for (column, title), mean in zip(TIME_COLUMNS, means, strict=True):
		middle = median(doctype, column, period, filters)
		rows.append(
			{
				"column": column,
				"label": title,
				"mean_hours": None if mean is None else round(float(mean) / 3600, 2),
				"median_hours": None if middle is None else round(float(middle) / 3600, 2),
			}
		)
	return rows


# ------------------------------------------------------------------ display


def show_digits(text: str) -> str:
	"""Arabic-Indic digits when the association asked for them (Beneficiary Care Settings)."""
	from beneficiary_care.core.digits import to_arabic_indic_digits

	if frappe.db.get_single_value(SETTINGS, "use_arabic_indic_digits"):
		return to_arabic_indic_digits(text)
	return text


def percent_text(value) -> str:
	from beneficiary_care.core.shares import format_percent

	return show_digits(format_percent(value))


def change_text(change) -> str:
	"""+48.85% / -12.00% / new (none a year earlier) / — (none in either period: nothing changed)."""
	if change.is_new:
		return "—" if not change.current else _("new")
	sign = "+" if change.percent > 0 else ""
	return show_digits(f"{sign}{change.percent:.2f}%")


def targets() -> dict:
	from beneficiary_care.core.kpis import DEFINITIONS

	values = frappe.db.get_values(SETTINGS, SETTINGS, [d.target_field for d in DEFINITIONS], as_dict=True)
	return values[0] if values else {}


def ordered(doctype: str, counts: dict[str, int], order_by: str = "creation asc") -> dict[str, int]:
	"""Counts in the order the association keeps its records (the seed's table order), zeros
	included, then any value no longer in the list, then unset."""
	names = frappe.get_all(doctype, order_by=order_by, pluck="name")
	out = {name: counts.get(name, 0) for name in names}
	for value, count in counts.items():
		if value not in out:
			out[value] = count
	return out


def distribution_rows(counts: dict[str, int], **fixed) -> list[dict]:
	"""A distribution as report rows: each value with its count and share (largest remainder, adding up
	to exactly 100.00 %), then the total. `fixed` goes on every row (a section's name)."""
	from beneficiary_care.core.shares import shares_by_key

	shares = shares_by_key(counts) or {}
	rows = [
		{
			**fixed,
			"value": value,
			"label": label(value),
			"count": count,
			"share": percent_text(shares.get(value)),
		}
		for value, count in counts.items()
		if count or value
	]
	rows.append(
		{
			**fixed,
			"label": _("Total"),
			"count": sum(counts.values()),
			"share": percent_text(sum(shares.values()) if shares else None),
			"bold": 1,
		}
	)
	return rows


def campaign_csat(period: Period):
	"""CSAT of the periodic campaign surveys answered in the period (kept apart from the cases')."""
	from beneficiary_care.core.shares import rate

	survey = frappe.qb.DocType("Satisfaction Survey")
	satisfied, answered = (
		frappe.qb.from_(survey)
		.select(flag(survey.overall_rating >= SATISFIED), Count(survey.name))
		.where(survey.survey_method == "Campaign")
		.where(survey.submitted_on >= period.start_datetime())
		.where(survey.submitted_on < period.end_datetime())
		.run()[0]
	)
	return rate(int(satisfied or 0), int(answered or 0))
