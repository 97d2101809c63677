"""Scheduled lifecycle steps: answered cases close after the settings' number of days."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.utils import add_days, cint, now_datetime

from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import ANSWERED
from beneficiary_care.framework.helpers import each_in_savepoint, setting

BATCH = 100


def close_answered_cases(now: dt.datetime | None = None) -> int:
	"""Close cases answered more than `auto_close_days` ago (Beneficiary Care Settings; 0 = never).

	One indexed query per kind, a commit per batch; a case that fails is logged and the rest go on.
	"""
	days = cint(setting("auto_close_days"))
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

		def close(name: str, doctype: str = doctype) -> bool:
			case = frappe.get_doc(doctype, name)
			case.status = "Closed"
			case.save(ignore_permissions=True)
			return True

		closed += each_in_savepoint(
			names,
			close,
			savepoint="bc_close",
			title=lambda name, doctype=doctype: f"Could not close {doctype} {name}",
			batch=BATCH,
		)
	return closed
