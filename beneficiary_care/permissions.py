"""Row-level access to cases. These hooks only narrow what the DocType permissions allow.

- A portal user whose only care role is Care Beneficiary sees the cases of the beneficiary files
  linked to their user, and nothing else.
- Confidential complaints (about a named employee) are seen only by Care Manager, the Complaints
  Committee and System Manager — and never by the employee they name, whatever their role.
- Department Staff and Department Heads (without a wider care role) see the cases of their own
  departments and the cases assigned to them.
"""

from __future__ import annotations

import frappe

PORTAL_ROLE = "Care Beneficiary"
CONFIDENTIAL_READERS = frozenset({"System Manager", "Care Manager", "Complaints Committee"})
ALL_DEPARTMENTS = frozenset({"System Manager", "Care Manager", "Care Officer", "Complaints Committee"})
DEPARTMENT_ROLES = frozenset({"Department Staff", "Department Head"})
STAFF_ROLES = ALL_DEPARTMENTS | DEPARTMENT_ROLES


def is_portal_only(user: str) -> bool:
	if user == "Administrator":
		return False
	roles = set(frappe.get_roles(user))
	return PORTAL_ROLE in roles and not roles & STAFF_ROLES


def own_beneficiary_files(user: str) -> list[str]:
	return frappe.get_all("Beneficiary", filters={"user": user}, pluck="name")


def user_departments(user: str) -> list[str]:
	members = frappe.get_all("Care Department Member", filters={"user": user, "is_active": 1}, pluck="parent")
	heads = frappe.get_all("Care Department", filters={"head": user}, pluck="name")
	return sorted(set(members) | set(heads))


def _in(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(v) for v in values)


def _like_literal(text: str) -> str:
	return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def case_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not doctype or user == "Administrator":
		return ""
	table = f"`tab{doctype}`"
	if is_portal_only(user):
		files = own_beneficiary_files(user)
		return f"{table}.`beneficiary` in ({_in(files)})" if files else "1 = 0"
	roles = set(frappe.get_roles(user))
	conditions = []
	if doctype == "Complaint":
		conditions.append(f"ifnull({table}.`named_employee`, '') != {frappe.db.escape(user)}")
		if not roles & CONFIDENTIAL_READERS:
			conditions.append(f"{table}.`is_confidential` = 0")
	if roles & DEPARTMENT_ROLES and not roles & ALL_DEPARTMENTS:
		departments = user_departments(user)
		mine = frappe.db.escape(f'%"{_like_literal(user)}"%')
		own = f"{table}.`_assign` like {mine}"
		conditions.append(f"({table}.`department` in ({_in(departments)}) or {own})" if departments else own)
	return " and ".join(conditions)


def figures_access(user: str, doctype: str) -> bool | None:
	"""Whether the reports may count this user's cases from the daily figures (figures.py), which know
	the department and confidentiality of cases but not who they name or are assigned to: None (they
	cannot: count live), True (every case), False (every case but the confidential ones). Mirrors
	case_query_conditions."""
	if user == "Administrator":
		return True
	if is_portal_only(user):
		return None
	roles = set(frappe.get_roles(user))
	if roles & DEPARTMENT_ROLES and not roles & ALL_DEPARTMENTS:
		return None
	if doctype == "Complaint" and frappe.db.exists("Complaint", {"named_employee": user}):
		return None
	return bool(roles & CONFIDENTIAL_READERS) or doctype != "Complaint"


def case_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	if is_portal_only(user):
		if ptype not in ("read", "print"):
			return False
		return bool(doc.get("beneficiary")) and doc.beneficiary in own_beneficiary_files(user)
	roles = set(frappe.get_roles(user))
	if doc.doctype == "Complaint":
		if doc.get("named_employee") == user:
			return False
		if doc.get("is_confidential") and not roles & CONFIDENTIAL_READERS:
			return False
	if roles & DEPARTMENT_ROLES and not roles & ALL_DEPARTMENTS and not doc.is_new():
		assigned = frappe.parse_json(doc.get("_assign") or "[]")
		if doc.get("department") not in user_departments(user) and user not in assigned:
			return False
	return None
