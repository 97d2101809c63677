"""The association's §2: why complaints and inquiries arise — shares by root cause — and how many
complaints were justified. Shares by largest remainder, adding up to exactly 100.00 %."""

from __future__ import annotations

import frappe
from frappe import _

from beneficiary_care.framework.helpers import reads_replica
from beneficiary_care.reporting import counting, display, population


@reads_replica
def execute(filters=None):
	filters = frappe._dict(filters or {})
	period, _previous = population.periods(filters)
	data = []
	causes = display.ordered("Root Cause", counting.counts_by("root_cause", period, filters))
	justified = {}
	if "Complaint" in population.kinds(filters):
		raw = counting.counts_by("is_justified", period, filters, ("Complaint",))
		justified = {
			_("Justified"): raw.get("Justified", 0),
			_("Not Justified"): raw.get("Not Justified", 0),
			"": raw.get("", 0),
		}
	for dimension, values in ((_("Root Cause"), causes), (_("Justified"), justified)):
		if values:
			data += display.distribution_rows(values, dimension=dimension)
	chart = {
		"data": {
			"labels": [display.label(k) for k, v in causes.items() if v],
			"datasets": [{"name": _("Cases"), "values": [v for v in causes.values() if v]}],
		},
		"type": "donut",
	}
	return columns(), data, None, chart


def columns() -> list[dict]:
	return [
		{"fieldname": "dimension", "label": _("By"), "fieldtype": "Data", "width": 120},
		{"fieldname": "label", "label": _("Value"), "fieldtype": "Data", "width": 320},
		{"fieldname": "count", "label": _("Cases"), "fieldtype": "Int", "width": 100},
		{"fieldname": "share", "label": _("Share of Total"), "fieldtype": "Data", "width": 100},
	]
