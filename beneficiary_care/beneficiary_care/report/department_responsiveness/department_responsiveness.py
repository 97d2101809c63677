"""How fast each department responded (the annual report's "degree of response of the departments"):
received, answered, on time, mean and median times, reassignments, escalations. From the daily
figures by department (figures.py); open cases past a deadline counted live; exact medians."""

from __future__ import annotations

import frappe
from frappe import _

from beneficiary_care.core.shares import rate
from beneficiary_care.framework.helpers import reads_replica
from beneficiary_care.reporting import departments, display, population


@reads_replica
def execute(filters=None):
	filters = frappe._dict(filters or {})
	period, _previous = population.periods(filters)
	data = [
		{
			"department": display.label(d["department"]),
			"received": d["received"],
			"answered": d["answered"],
			"on_time_response": display.percent_text(rate(d["response_on_time"], d["response_due"])),
			"on_time_resolution": display.percent_text(rate(d["resolution_on_time"], d["resolution_due"])),
			"median_response": _hours(d["median_response_seconds"]),
			"median_resolution": _hours(d["median_resolution_seconds"]),
			"mean_resolution": _hours(d["mean_resolution_seconds"]),
			"reassignments": d["reassignments"],
			"escalated": d["escalated"],
			"committee": d["committee"],
		}
		for d in departments.responsiveness(period, filters, population.now())
	]
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
