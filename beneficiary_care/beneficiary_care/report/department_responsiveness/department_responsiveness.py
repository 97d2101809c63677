"""How fast each department responded (the annual report's "degree of response of the departments"):
received, answered, on time, mean and median times, reassignments, escalations. From the daily
figures by department (figures.py); open cases past a deadline counted live; exact medians."""

from __future__ import annotations

import frappe
from frappe import _

from beneficiary_care.core.daily_figures import TOTALS, add
from beneficiary_care.core.shares import rate
from beneficiary_care.reporting import counting, display, figures_read, population


def execute(filters=None):
	filters = frappe._dict(filters or {})
	period, _previous = population.periods(filters)
	at = population.now()
	totals: dict[str, dict] = {}
	late: dict[str, list[int]] = {}
	for doctype in population.kinds(filters):
		for (_value, department), values in figures_read.read(
			doctype, TOTALS, period, filters, by_department=True
		).items():
			add(totals.setdefault(department or "", {}), values)
		for department, overdue in figures_read.overdue(
			doctype, period, filters, at, by_department=True
		).items():
			counts = late.setdefault(department or "", [0, 0])
			counts[0] += overdue.unresponded
			counts[1] += overdue.unresolved
	data = []
	for department, v in sorted(totals.items(), key=lambda kv: -(kv[1].get("cases") or 0)):
		n = {key: int(value or 0) for key, value in v.items() if not key.endswith("_sum")}
		unresponded, unresolved = late.get(department, (0, 0))
		answered = n.get("answered", 0)
		resolution_sum = float(v.get("resolution_working_seconds_sum") or 0)
		data.append(
			{
				"department": display.label(department),
				"received": n.get("cases", 0),
				"answered": answered,
				"on_time_response": display.percent_text(
					rate(n.get("response_on_time", 0), n.get("responded", 0) + unresponded)
				),
				"on_time_resolution": display.percent_text(
					rate(n.get("answered_on_time", 0), answered + unresolved)
				),
				"median_response": _hours(
					counting.median_across(
						population.kinds(filters), "response_working_seconds", period, filters, department
					)
				),
				"median_resolution": _hours(
					counting.median_across(
						population.kinds(filters), "resolution_working_seconds", period, filters, department
					)
				),
				"mean_resolution": _hours(resolution_sum / answered if answered else None),
				"reassignments": n.get("reassignments", 0),
				"escalated": n.get("escalated", 0),
				"committee": n.get("committee", 0),
			}
		)
	chart = {
		"data": {
			"labels": [row["department"] for row in data],
			"datasets": [
				{"name": _("Cases Received"), "values": [row["received"] for row in data]},
				{"name": _("Answered"), "values": [row["answered"] for row in data]},
			],
		},
		"type": "bar",
	}
	return columns(), data, None, chart


def _hours(seconds) -> str:
	return "—" if seconds is None else display.show_digits(f"{seconds / 3600:.2f}")


def columns() -> list[dict]:
	return [
		{"fieldname": "department", "label": _("Department"), "fieldtype": "Data", "width": 200},
		{"fieldname": "received", "label": _("Cases Received"), "fieldtype": "Int", "width": 90},
		{"fieldname": "answered", "label": _("Answered"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "on_time_response",
			"label": _("On-Time First Response"),
			"fieldtype": "Data",
			"width": 140,
		},
		{
			"fieldname": "on_time_resolution",
			"label": _("On-Time Resolution"),
			"fieldtype": "Data",
			"width": 130,
		},
		{
			"fieldname": "median_response",
			"label": _("Median Hours to First Response"),
			"fieldtype": "Data",
			"width": 150,
		},
		{
			"fieldname": "median_resolution",
			"label": _("Median Hours to Resolve"),
			"fieldtype": "Data",
			"width": 140,
		},
		{
			"fieldname": "mean_resolution",
			"label": _("Mean Hours to Resolve"),
			"fieldtype": "Data",
			"width": 130,
		},
		{"fieldname": "reassignments", "label": _("Reassignments"), "fieldtype": "Int", "width": 110},
		{"fieldname": "escalated", "label": _("Escalated"), "fieldtype": "Int", "width": 90},
		{"fieldname": "committee", "label": _("Reached the Committee"), "fieldtype": "Int", "width": 130},
	]
