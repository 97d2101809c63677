"""The association's table 3: cases by the need behind them, and by intake channel, each with its
share of all cases (largest remainder, adding up to exactly 100.00 %)."""

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
	by_need = display.ordered("Need Category", counting.counts_by("need_category", period, filters))
	by_channel = display.ordered("Case Channel", counting.counts_by("channel", period, filters))
	for dimension, counts in ((_("Need"), by_need), (_("Channel"), by_channel)):
		data += display.distribution_rows(counts, dimension=dimension)
	chart = {
		"data": {
			"labels": [display.label(k) for k in by_channel],
			"datasets": [{"name": _("Cases"), "values": list(by_channel.values())}],
		},
		"type": "pie",
	}
	total = sum(by_need.values())
	summary = [{"label": _("Cases"), "value": total, "datatype": "Int", "indicator": "Blue"}]
	return columns(), data, None, chart, summary


def columns() -> list[dict]:
	return [
		{"fieldname": "dimension", "label": _("By"), "fieldtype": "Data", "width": 100},
		{"fieldname": "label", "label": _("Value"), "fieldtype": "Data", "width": 280},
		{"fieldname": "count", "label": _("Cases"), "fieldtype": "Int", "width": 100},
		{"fieldname": "share", "label": _("Share of Total"), "fieldtype": "Data", "width": 100},
	]
