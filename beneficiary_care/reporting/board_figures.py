"""The snapshot of a board report's figures (core.board.figures reads it back).

Taken with the desk reports' own counting (reporting.counting, departments, recurrence: no second way
of counting), over every case whatever the user may read, since it holds counts only. Stored on the
report as JSON when it goes to review, so an approved report never changes when cases change later.
"""

from __future__ import annotations

import datetime as dt

from frappe.query_builder.functions import Count

from beneficiary_care.core.board.figures import KINDS, SNAPSHOT_VERSION, period_data
from beneficiary_care.core.periods import Period, same_period_previous_year
from beneficiary_care.reporting import counting, departments, display, population, recurrence


def snapshot(period: Period, at: dt.datetime) -> dict:
	previous = same_period_previous_year(period)
	filters: dict = {}
	with population.counting_everything():
		data = {
			"version": SNAPSHOT_VERSION,
			"taken_at": at.isoformat(timespec="seconds"),
			"period": period_data(period),
			"previous": period_data(previous),
			"kinds": [
				[
					kind,
					counting.case_count(kind, period, filters),
					counting.case_count(kind, previous, filters),
				]
				for kind in KINDS
			],
			"cancelled": counting.cancelled_count(period, filters),
			"needs": _distribution("need_category", "Need Category", period, previous),
			"channels": _distribution("channel", "Case Channel", period, previous),
			"subjects": _distribution(
				"subject_category", "Subject Category", period, previous, ("Complaint",)
			),
			"confidential_complaints": _confidential(period),
			"months": _months(period, previous),
			"kpi_counts": counting.kpi_counts(period, filters, at),
			"kpi_previous": counting.kpi_counts(previous, filters, at),
			"targets": {key: _number(value) for key, value in display.targets().items()},
			"departments": departments.responsiveness(period, filters, at),
			"open_by_level": sorted(counting.open_by_level(period, filters).items()),
			"committee": sorted(counting.committee_outcomes(period, filters).items()),
			"satisfaction": _satisfaction(period),
			"recurrence": _recurrence(period),
		}
	return data


def _distribution(fieldname: str, doctype: str, period: Period, previous: Period, kinds=None) -> list:
	now = display.ordered(doctype, counting.counts_by(fieldname, period, {}, kinds))
	before = counting.counts_by(fieldname, previous, {}, kinds)
	return [[value, count, before.get(value, 0)] for value, count in now.items() if count or value]


def _months(period: Period, previous: Period) -> list:
	now = counting.counts_by_month(period, {})
	before = list(counting.counts_by_month(previous, {}).values())
	return [
		[month, count, before[i] if i < len(before) else 0] for i, (month, count) in enumerate(now.items())
	]


def _confidential(period: Period) -> int:
	table, query = population.population("Complaint", period, {})
	return int(query.select(Count(table.name)).where(table.is_confidential == 1).run()[0][0] or 0)


def _satisfaction(period: Period) -> dict:
	satisfied, answered, _i, _n, stars = counting.survey_counts(period, {})
	responded, sent = counting.survey_response(period, {})
	return {
		"satisfied": satisfied,
		"answered": answered,
		"stars": stars,
		"sent": sent,
		"responded": responded,
	}


def _recurrence(period: Period) -> dict:
	limits = recurrence.thresholds()
	persons = recurrence.same_person(period, {}, limits)
	employees = recurrence.same_employee(period, {}, limits)
	return {
		"person_count": limits.person_count,
		"window_days": limits.window_days,
		"employee_count": limits.employee_count,
		"persons": len(persons),
		"person_cases": sum(r.count for r in persons),
		"employees": len(employees),  # counted, never named
		"employee_cases": sum(r.count for r in employees),
		"subjects": [
			{
				"category": r.key,
				"current": r.count,
				"factor": None if r.rise.factor is None else f"{r.rise.factor:.2f}",
				"previous_mean": f"{r.rise.previous_mean:.2f}",
			}
			for r in recurrence.rising_subjects(period, {}, limits, with_cases=False)
		],
	}


def _number(value):
	return None if value in (None, "") else float(value)
