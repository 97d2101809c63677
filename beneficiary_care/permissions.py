"""Row-level access to cases.

Staff roles see cases by their DocType permissions (department and confidentiality rules come with
routing). A portal user whose only care role is Care Beneficiary sees the cases of the beneficiary
files linked to their user, and nothing else. These hooks can only narrow what DocPerms allow.
"""

from __future__ import annotations

import frappe

PORTAL_ROLE = "Care Beneficiary"
STAFF_ROLES = frozenset(
	{
		"System Manager",
		"Care Manager",
		"Care Officer",
		"Department Head",
		"Department Staff",
		"Complaints Committee",
	}
)


def is_portal_only(user: str) -> bool:
	if user == "Administrator":
		return False
	roles = set(frappe.get_roles(user))
	return PORTAL_ROLE in roles and not roles & STAFF_ROLES


def own_beneficiary_files(user: str) -> list[str]:
	return frappe.get_all("Beneficiary", filters={"user": user}, pluck="name")


def case_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not doctype or not is_portal_only(user):
		return ""
	files = own_beneficiary_files(user)
	if not files:
		return "1 = 0"
	values = ", ".join(frappe.db.escape(name) for name in files)
	return f"`tab{doctype}`.`beneficiary` in ({values})"


def case_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if not is_portal_only(user):
		return None  # no opinion: DocPerms decide
	if ptype not in ("read", "print"):
		return False
	return bool(doc.get("beneficiary")) and doc.beneficiary in own_beneficiary_files(user)
