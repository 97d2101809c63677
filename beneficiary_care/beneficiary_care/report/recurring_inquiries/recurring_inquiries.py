"""Inquiries that keep coming back (the association's §4/3/1 item 6): the period's inquiries grouped by
Arabic-normalised similarity within their subject, largest groups first, with a button to draft a
Help Article from a group. Reading the texts is the one part done in Python (the grouping is text
analysis, not a count); it is bounded to the period and to the latest MAX_INQUIRIES."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

from beneficiary_care.core.similarity import group_similar
from beneficiary_care.framework.helpers import reads_replica, setting
from beneficiary_care.reporting import display, population

MAX_INQUIRIES = 5000
SIMILAR = 0.5


@reads_replica
def execute(filters=None):
	filters = frappe._dict(filters or {})
	period, _previous = population.periods(filters)
	threshold = cint(setting("faq_threshold")) or 5
	table, query = population.population("Inquiry", period, filters)
	rows = (
		query.select(table.name, table.subject_category, table.subject, table.description)
		.orderby(table.received_on, order=frappe.qb.desc)
		.limit(MAX_INQUIRIES)
		.run(as_dict=True)
	)
	groups = group_similar(
		((r.name, r.subject_category or "", f"{r.subject} {r.description or ''}") for r in rows), SIMILAR
	)
	data = [
		{
			"subject": display.label(group.category),
			"question": group.representative[:200],
			"count": len(group.keys),
			"cases": ",".join(group.keys),
			"action": "",
		}
		for group in groups
		if len(group.keys) >= threshold
	]
	columns = [
		{"fieldname": "subject", "label": _("Subject Category"), "fieldtype": "Data", "width": 180},
		{"fieldname": "question", "label": _("Question"), "fieldtype": "Data", "width": 360},
		{"fieldname": "count", "label": _("Inquiries"), "fieldtype": "Int", "width": 90},
		{"fieldname": "action", "label": _("FAQ"), "fieldtype": "Data", "width": 170},
		{"fieldname": "cases", "label": _("Cases"), "fieldtype": "Data", "width": 300},
	]
	return columns, data
