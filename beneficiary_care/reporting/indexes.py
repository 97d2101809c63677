"""Composite indexes the reports need. Frappe's DocType JSON can index only one column, so these are
added from the DocTypes' on_doctype_update (when their JSON changes) and on every migrate (adding
one that exists does nothing)."""

from __future__ import annotations

import frappe

from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.daily_figures import TIME_COLUMNS
from beneficiary_care.reporting.figures_sql import ROLLUP


def add_report_indexes(doctype: str) -> None:
	"""Each covering its query, so that no case row is read: open cases past a deadline by when they
	were received; each time taken in order, to read the one bucket that holds a median
	(counts.median_across)."""
	frappe.db.add_index(doctype, ["first_responded_on", "received_on", "status", "response_due"])
	frappe.db.add_index(doctype, ["resolved_on", "received_on", "status", "resolution_due"])
	for column in TIME_COLUMNS:
		frappe.db.add_index(doctype, [column, "received_on", "status", "department"])


def add_figures_index() -> None:
	# the reports read a breakdown of one case kind over a span of days
	frappe.db.add_index(ROLLUP, ["dimension", "case_kind", "day"])


def ensure_report_indexes() -> None:
	for doctype in CASE_DOCTYPES:
		add_report_indexes(doctype)
	add_figures_index()
