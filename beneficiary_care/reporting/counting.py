"""The counting the reports share, in SQL from the daily figures (figures_read) or GROUP BY over the
cases: distributions, case counts, exact medians without sorting a year, the KPIs of KPIS.md, surveys,
times taken."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.query_builder.functions import Coalesce, Count
from pypika import Field
from pypika.enums import DatePart
from pypika.functions import Extract
from pypika.terms import Case

from beneficiary_care.core.daily_figures import CANCELLED as CANCELLED_ROWS
from beneficiary_care.core.daily_figures import (
	COMMITTEE_STATUS,
	COUNT_DIMENSIONS,
	OPEN_LEVEL,
	TOTALS,
	Overdue,
	add,
)
from beneficiary_care.core.daily_figures import SURVEYS as SURVEY_ROWS
from beneficiary_care.core.daily_figures import kpi_counts as counts_of
from beneficiary_care.core.medians import bucket_range, locate, median_ranks
from beneficiary_care.core.periods import Period
from beneficiary_care.core.shares import rate
from beneficiary_care.reporting import figures_read
from beneficiary_care.reporting.figures_sql import SATISFIED, flag
from beneficiary_care.reporting.population import kinds, now, population


def counts_by(fieldname: str, period: Period, filters: dict, doctypes=None) -> dict[str, int]:
	"""Cases per value of `fieldname`, summed over the case kinds; '' for unset. From the daily
	figures for the breakdowns they keep, else, else GROUP BY over the cases."""
	totals: dict[str, int] = {}
	for doctype in doctypes or kinds(filters):
		if fieldname in COUNT_DIMENSIONS:
			pairs = [
				(value, m.get("cases"))
				for (value, _d), m in figures_read.read(doctype, fieldname, period, filters).items()
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
			for m in figures_read.read(doctype, CANCELLED_ROWS, period, filters).values()
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
	histogram: dict[int, int] = {}
	for doctype in doctypes:
		for (bucket, _d), m in figures_read.read(
			doctype, column, period, filters, department=department
		).items():
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


def kpi_counts(period: Period, filters: dict, at: dt.datetime | None = None) -> dict[str, tuple[int, int]]:
	"""{kpi key: (numerator, denominator)} for the period: the day's counts from the daily figures,
	open cases past a deadline counted live at `at` (core.daily_figures.kpi_counts)."""
	at = at or now()
	counts: dict[str, tuple[int, int]] = {}
	wanted = kinds(filters)
	for doctype in ("Complaint", "Inquiry"):
		if doctype in wanted:
			late = figures_read.overdue(doctype, period, filters, at).get(None, Overdue())
			counts.update(counts_of(doctype, totals_of(doctype, period, filters), late))
	satisfied, answered_surveys, inquiry_satisfied, inquiry_surveys, _total = survey_counts(period, filters)
	counts["csat"] = (satisfied, answered_surveys)
	if "Inquiry" in wanted:
		counts["inquiry_satisfaction"] = (inquiry_satisfied, inquiry_surveys)
	return counts


def totals_of(doctype: str, period: Period, filters: dict) -> dict[str, float]:
	"""Every count of core.daily_figures.METRICS for one case kind over the period."""
	out: dict[str, float] = {}
	for values in figures_read.read(doctype, TOTALS, period, filters).values():
		add(out, values)
	return out


def survey_counts(period: Period, filters: dict) -> tuple[int, int, int, int, float]:
	"""(satisfied, answered, satisfied on inquiries, answered on inquiries, sum of overall stars) for
	the surveys on the period's cases."""
	totals = [0, 0, 0, 0, 0.0]
	for doctype in kinds(filters):
		rows = figures_read.read(doctype, SURVEY_ROWS, period, filters).values()
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


TIME_TITLES = (
	("response_working_seconds", "Time to First Response (working)"),
	("response_calendar_seconds", "Time to First Response (calendar)"),
	("resolution_working_seconds", "Time to Resolve (working)"),
	("resolution_calendar_seconds", "Time to Resolve (calendar)"),
)


def times(doctype: str, period: Period, filters: dict) -> list[dict]:
	"""Mean and median of each time taken, in hours."""
	sums = totals_of(doctype, period, filters)
	rows = []
	for column, title in TIME_TITLES:
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


def campaign_csat(period: Period):
	"""CSAT of the periodic campaign surveys answered in the period (kept apart from the cases')."""
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


def open_by_level(period: Period, filters: dict) -> dict[int, int]:
	"""The period's cases still open, by escalation level (0: not escalated)."""
	levels: dict[int, int] = {}
	for doctype in kinds(filters):
		for (level, _d), m in figures_read.read(doctype, OPEN_LEVEL, period, filters).items():
			if m.get("cases"):
				levels[int(level or 0)] = levels.get(int(level or 0), 0) + int(m["cases"])
	return levels


def committee_outcomes(period: Period, filters: dict) -> dict[str, int]:
	"""The period's cases that reached the Complaints Committee, by its outcome (status)."""
	outcomes: dict[str, int] = {}
	for doctype in kinds(filters):
		for (status, _d), m in figures_read.read(doctype, COMMITTEE_STATUS, period, filters).items():
			if m.get("cases"):
				outcomes[status] = outcomes.get(status, 0) + int(m["cases"])
	return outcomes


def counts_by_month(period: Period, filters: dict) -> dict[str, int]:
	"""Cases received per month of the period ('2023-01': n), every month listed, zeros included: one
	GROUP BY per case kind over the index on received_on."""
	months: dict[str, int] = {}
	day = period.start.replace(day=1)
	while day < period.end:
		months[day.strftime("%Y-%m")] = 0
		day = (day + dt.timedelta(days=32)).replace(day=1)
	for doctype in kinds(filters):
		table, query = population(doctype, period, filters)
		year, month = Extract(DatePart.year, table.received_on), Extract(DatePart.month, table.received_on)
		for y, m, count in query.select(year, month, Count(table.name)).groupby(year, month).run():
			key = f"{int(y):04d}-{int(m):02d}"
			months[key] = months.get(key, 0) + int(count)
	return months
