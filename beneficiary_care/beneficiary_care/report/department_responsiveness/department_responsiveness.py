"""How fast each department responded (the annual report's "degree of response of the departments"):
received, answered, on time, mean and median times, reassignments, escalations. One GROUP BY query
per case kind; medians in SQL."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum

from beneficiary_care import reports
from beneficiary_care.core.shares import rate

COMMITTEE_LEVEL = 3


def execute(filters=None):
	filters = frappe._dict(filters or {})
	period, _previous = reports.periods(filters)
	at = reports.now()
	totals: dict[str, dict] = {}
	keys = (
		"received",
		"answered",
		"response_on_time",
		"response_due_count",
		"resolution_on_time",
		"resolution_due_count",
		"reassignments",
		"escalated",
		"committee",
		"response_sum",
		"resolution_sum",
	)
	for doctype in reports.kinds(filters):
		t, query = reports.population(doctype, period, filters)
		answered = t.resolved_on.isnotnull()
		rows = (
			query.select(
				t.department,
				Count(t.name),
				reports.flag(answered),
				reports.flag(t.first_responded_on.isnotnull() & (t.first_responded_on <= t.response_due)),
				reports.flag(t.first_responded_on.isnotnull() | (t.response_due < at)),
				reports.flag(answered & (t.resolved_on <= t.resolution_due)),
				reports.flag(answered | (t.resolution_due < at)),
				Sum(t.reassignment_count),
				reports.flag(t.escalation_level > 0),
				reports.flag(t.escalation_level >= COMMITTEE_LEVEL),
				Sum(t.response_working_seconds),
				Sum(t.resolution_working_seconds),
			)
			.groupby(t.department)
			.run()
		)
		for department, *values in rows:
			bucket = totals.setdefault(department or "", dict.fromkeys(keys, 0))
			for key, value in zip(keys, values, strict=True):
				bucket[key] += float(value or 0)
	data = []
	for department, v in sorted(totals.items(), key=lambda kv: -kv[1]["received"]):
		dept_filter = (
			(lambda t, d=department: t.department == d) if department else (lambda t: t.department.isnull())
		)
		responded = v["response_due_count"]
		data.append(
			{
				"department": reports.label(department),
				"received": int(v["received"]),
				"answered": int(v["answered"]),
				"on_time_response": reports.percent_text(rate(int(v["response_on_time"]), int(responded))),
				"on_time_resolution": reports.percent_text(
					rate(int(v["resolution_on_time"]), int(v["resolution_due_count"]))
				),
				"median_response": _hours(
					reports.median_across(
						reports.kinds(filters), "response_working_seconds", period, filters, dept_filter
					)
				),
				"median_resolution": _hours(
					reports.median_across(
						reports.kinds(filters), "resolution_working_seconds", period, filters, dept_filter
					)
				),
				"mean_resolution": _hours(v["resolution_sum"] / v["answered"] if v["answered"] else None),
				"reassignments": int(v["reassignments"]),
				"escalated": int(v["escalated"]),
				"committee": int(v["committee"]),
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
	return "—" if seconds is None else reports.show_digits(f"{seconds / 3600:.2f}")


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
