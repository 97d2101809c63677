"""Scheduled lifecycle steps."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, cint, now_datetime

from beneficiary_care.case_document import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import ANSWERED

BATCH = 100


def close_answered_cases(now=None) -> int:
	"""Close cases answered more than `auto_close_days` ago (Beneficiary Care Settings; 0 = never).

	One indexed query per kind, a commit per batch; a case that fails is logged and the rest go on.
	"""
	days = cint(frappe.db.get_single_value("Beneficiary Care Settings", "auto_close_days"))
	if days <= 0:
		return 0
	cutoff = add_days(now or now_datetime(), -days)
	closed = 0
	for doctype in CASE_DOCTYPES:
		table = frappe.qb.DocType(doctype)
		names = (
			frappe.qb.from_(table)
			.select(table.name)
			.where(table.status.isin(list(ANSWERED[doctype])))
			.where(table.resolved_on <= cutoff)
			.run(pluck=True)
		)
		for position, name in enumerate(names, start=1):
			frappe.db.savepoint("bc_close")
			try:
				case = frappe.get_doc(doctype, name)
				case.status = "Closed"
				case.save(ignore_permissions=True)
				closed += 1
			except Exception:
				frappe.db.rollback(save_point="bc_close")
				frappe.log_error(title=f"Could not close {doctype} {name}")
			if position % BATCH == 0:
				commit_batch()
		commit_batch()
	return closed


def commit_batch() -> None:
	"""Commit what a scheduled job did so far (not under tests, which roll back)."""
	if not frappe.flags.in_test:
		frappe.db.commit()
