"""The association's table 4: complaints by subject category with its description, and the share of
each (largest remainder, adding up to exactly 100.00 %)."""

from __future__ import annotations

import frappe
from frappe import _

from beneficiary_care.framework.helpers import reads_replica
from beneficiary_care.reporting import counting, display, population


@reads_replica
def execute(filters=None):
	filters = frappe._dict(filters or {})
	period, _previous = population.periods(filters)
	counts = display.ordered(
		"Subject Category", counting.counts_by("subject_category", period, filters, doctypes=("Complaint",))
	)
	descriptions = dict(frappe.get_all("Subject Category", fields=["name", "description"], as_list=True))
	data = display.distribution_rows(counts)
	for row in data:
		row["description"] = descriptions.get(row.get("value"), "")
	chart = {
		"data": {
			"labels": [display.label(k) for k in counts],
			"datasets": [{"name": _("Complaints"), "values": list(counts.values())}],
		},
		"type": "bar",
	}
	return columns(), data, None, chart


def columns() -> list[dict]:
	return [
		{"fieldname": "label", "label": _("Subject Category"), "fieldtype": "Data", "width": 220},
		{"fieldname": "count", "label": _("Complaints"), "fieldtype": "Int", "width": 100},
		{"fieldname": "share", "label": _("Share of Total"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "description",
			"label": _("Nature of the Complaints"),
			"fieldtype": "Data",
			"width": 420,
		},
	]
