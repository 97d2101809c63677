"""The special reports of the association (ثالثاً/٣): a complaint that recurs — from the same person,
on the same subject, or naming the same employee — past the thresholds in Beneficiary Care Settings.
Each row lists its cases. Counting is GROUP BY … HAVING in SQL; only Care Manager, the Complaints
Committee and System Manager run it (it names employees)."""

from __future__ import annotations

import frappe
from frappe import _, _lt

from beneficiary_care.framework.helpers import reads_replica
from beneficiary_care.reporting import population, recurrence
from beneficiary_care.reporting.recurrence import HISTORY_PERIODS

RECURRENCES = {
	"Same Person": _lt("Same Person"),
	"Same Employee": _lt("Same Employee"),
	"Same Subject": _lt("Same Subject"),
}


@reads_replica
def execute(filters=None):
	filters = frappe._dict(filters or {})
	period, _previous = population.periods(filters)
	limits = recurrence.thresholds()
	data = []
	for found in recurrence.same_person(period, filters, limits):
		data.append(
			_row(
				"Same Person",
				found,
				_("{0}+ complaints in {1} days").format(limits.person_count, limits.window_days),
			)
		)
	for found in recurrence.same_employee(period, filters, limits):
		data.append(
			_row(
				"Same Employee",
				found,
				_("{0}+ complaints in {1} days").format(limits.employee_count, limits.window_days),
			)
		)
	for found in recurrence.rising_subjects(period, filters, limits):
		rise = found.rise
		detail = (
			_("new this period")
			if rise.factor is None
			else _("{0} × the mean of the previous {1} periods ({2})").format(
				rise.factor, HISTORY_PERIODS, rise.previous_mean
			)
		)
		data.append(_row("Same Subject", found, detail))
	return columns(), data


def _row(recurrence: str, found, why: str) -> dict:
	return {
		"kind": str(RECURRENCES[recurrence]),
		"recurrence": recurrence,  # untranslated, for "Draft a Special Report"
		"key": found.key,
		"count": found.count,
		"why": why,
		"cases": ", ".join(found.cases),
	}


def columns() -> list[dict]:
	return [
		{"fieldname": "kind", "label": _("Recurrence"), "fieldtype": "Data", "width": 130},
		{"fieldname": "key", "label": _("Who or What"), "fieldtype": "Data", "width": 220},
		{"fieldname": "count", "label": _("Complaints"), "fieldtype": "Int", "width": 100},
		{"fieldname": "why", "label": _("Threshold"), "fieldtype": "Data", "width": 280},
		{"fieldname": "cases", "label": _("Cases"), "fieldtype": "Data", "width": 400},
	]
