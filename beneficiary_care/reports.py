"""What the reports share: the period from the filters, the population of cases, permission-aware
counting in SQL (query builder, GROUP BY and conditional sums), medians without loading rows."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Count
from frappe.utils import cint, getdate, now_datetime
from pypika.terms import Case, LiteralValue

from beneficiary_care import figures
from beneficiary_care.case_document import CASE_DOCTYPES
from beneficiary_care.core.daily_figures import CANCELLED as CANCELLED_ROWS
from beneficiary_care.core.daily_figures import SURVEYS as SURVEY_ROWS
from beneficiary_care.core.daily_figures import TOTALS
from beneficiary_care.core.lifecycle import CANCELLED
from beneficiary_care.core.periods import (
	Period,
	PeriodKind,
	date_range,
	fiscal_period,
	same_period_previous_year,
)
from beneficiary_care.figures import flag
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
	"""Cases per value of `fieldname`, summed over the case kinds; '' for unset. From the daily
	figures for the breakdowns they keep (figures.py), else GROUP BY over the cases."""
	from beneficiary_care.core.daily_figures import COUNT_DIMENSIONS

	totals: dict[str, int] = {}
	for doctype in doctypes or kinds(filters):
		if fieldname in COUNT_DIMENSIONS:
			pairs = [
				(value, m.get("cases"))
				for (value, _d), m in figures.read(doctype, fieldname, period, filters).items()
			]
		else:
			table, query = population(doctype, period, filters)
			pairs = query.select(table[fieldname], Count(table.name)).groupby(table[fieldname]).run()
		for value, count in pairs:
			if count:
				totals[value or ""] = totals.get(value or "", 0) + int(count)
	return totals


def case_count(doctype: str, period: Period, filters: dict) -> int:
	"""Cases of one kind received in the period (not cancelled)."""
	return int(totals_of(doctype, period, filters).get("cases") or 0)


def cancelled_count(period: Period, filters: dict) -> int:
	return int(
		sum(
			m.get("cases") or 0
			for doctype in kinds(filters)
			for m in figures.read(doctype, CANCELLED_ROWS, period, filters).values()
		)
	)


def median(doctype: str, column: str, period: Period, filters: dict) -> float | None:
	"""The exact median of a time column over the population (see median_across)."""
	return median_across((doctype,), column, period, filters)


def median_across(doctypes, column: str, period: Period, filters: dict, department=None) -> float | None:
	"""The exact median over several case kinds, without sorting them all: how many cases fall in each
	time bucket comes from the daily figures (core.medians); only the bucket holding the median is
	then read in order, through the index on (column, received_on). `department`: one department's
	cases ("" for those without one)."""
	from pypika import Field

	from beneficiary_care.core.medians import bucket_range, locate, median_ranks

	histogram: dict[int, int] = {}
	for doctype in doctypes:
		for (bucket, _d), m in figures.read(doctype, column, period, filters, department=department).items():
			if m.get("cases"):
				histogram[int(bucket)] = histogram.get(int(bucket), 0) + int(m["cases"])
	located = [locate(histogram, rank) for rank in median_ranks(sum(histogram.values()))]
	if len(located) == 2 and located[0][0] == located[1][0]:
		# the two middle values of an even count share a bucket: read both at once
		reads = [(*located[0], 2)]
	else:
		reads = [(bucket, inside, 1) for bucket, inside in located]
	picked = []
	for bucket, inside, how_many in reads:
		low, high = bucket_range(bucket)
		selects = []
		for doctype in doctypes:
			table, query = population(doctype, period, filters)
			query = query.where(table[column].isnotnull())
			if low is not None:
				query = query.where(table[column] >= low)
			if high is not None:
				query = query.where(table[column] < high)
			if department is not None:
				query = query.where(Coalesce(table.department, "") == department)
			selects.append(query.select(table[column].as_("v")))
		union = selects[0]
		for other in selects[1:]:
			union = union.union_all(other)
		rows = union.orderby(Field("v")).limit(how_many).offset(inside).run()
		picked += [row[0] for row in rows]
	return sum(picked) / len(picked) if picked else None


def label(value: str | None) -> str:
	return value if value else _("Not set")


def now() -> dt.datetime:
	return now_datetime()


# ------------------------------------------------------------------ the KPIs of KPIS.md


def kpi_counts(period: Period, filters: dict, at: dt.datetime | None = None) -> dict[str, tuple[int, int]]:
	"""{kpi key: (numerator, denominator)} for the period: the day's counts from the daily figures,
	open cases past a deadline counted live at `at` (core.daily_figures.kpi_counts)."""
	from beneficiary_care.core.daily_figures import Overdue
	from beneficiary_care.core.daily_figures import kpi_counts as counts_of

	at = at or now()
	counts: dict[str, tuple[int, int]] = {}
	wanted = kinds(filters)
	for doctype in ("Complaint", "Inquiry"):
		if doctype in wanted:
			late = figures.overdue(doctype, period, filters, at).get(None, Overdue())
			counts.update(counts_of(doctype, totals_of(doctype, period, filters), late))
	satisfied, answered_surveys, inquiry_satisfied, inquiry_surveys, _total = survey_counts(period, filters)
	counts["csat"] = (satisfied, answered_surveys)
	if "Inquiry" in wanted:
		counts["inquiry_satisfaction"] = (inquiry_satisfied, inquiry_surveys)
	return counts


def totals_of(doctype: str, period: Period, filters: dict) -> dict[str, float]:
	"""Every count of core.daily_figures.METRICS for one case kind over the period."""
	from beneficiary_care.core.daily_figures import add

	out: dict[str, float] = {}
	for values in figures.read(doctype, TOTALS, period, filters).values():
		add(out, values)
	return out


SATISFIED = figures.SATISFIED


def survey_counts(period: Period, filters: dict) -> tuple[int, int, int, int, float]:
	"""(satisfied, answered, satisfied on inquiries, answered on inquiries, sum of overall stars) for
	the surveys on the period's cases."""
	totals = [0, 0, 0, 0, 0.0]
	for doctype in kinds(filters):
		rows = figures.read(doctype, SURVEY_ROWS, period, filters).values()
		satisfied = sum(int(m.get("satisfied") or 0) for m in rows)
		answered = sum(int(m.get("cases") or 0) for m in rows)
		stars = sum(float(m.get("stars") or 0) for m in rows) * 5
		totals[0] += satisfied
		totals[1] += answered
		totals[4] += stars
		if doctype == "Inquiry":
			totals[2], totals[3] = satisfied, answered
	return tuple(totals)


def survey_response(period: Period, filters: dict) -> tuple[int, int]:
	"""(answered, sent) for the survey links sent on the period's cases (KPIS.md: survey response
	rate): a case invited counts once, reminders included; answered when any of its links was used.
	Campaign links are counted with their campaign, not here."""
	invitation = frappe.qb.DocType("Survey Invitation")
	answered = sent = 0
	for doctype in kinds(filters):
		table, cases = population(doctype, period, filters)
		row = (
			cases.join(invitation)
			.on((invitation.reference_name == table.name) & (invitation.reference_doctype == doctype))
			.where(invitation.campaign.isnull())
			.select(
				Count(table.name).distinct(),
				Count(Case().when(invitation.used_on.isnotnull(), table.name)).distinct(),
			)
			.run()[0]
		)
		sent += int(row[0] or 0)
		answered += int(row[1] or 0)
	return answered, sent


TIME_COLUMNS = (
	("response_working_seconds", "Time to First Response (working)"),
	("response_calendar_seconds", "Time to First Response (calendar)"),
	("resolution_working_seconds", "Time to Resolve (working)"),
	("resolution_calendar_seconds", "Time to Resolve (calendar)"),
)


def times(doctype: str, period: Period, filters: dict) -> list[dict]:
	"""Mean and median of each time taken, in hours."""
	sums = totals_of(doctype, period, filters)
	rows = []
	for column, title in TIME_COLUMNS:
		count = int(sums.get(f"{column}_count") or 0)
		mean = float(sums[f"{column}_sum"]) / count if count else None
		middle = median(doctype, column, period, filters) if count else None
		rows.append(
			{
				"column": column,
				"label": title,
				"mean_hours": None if mean is None else round(mean / 3600, 2),
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
