"""Row-level access to cases: the hooks only narrow what the DocType permissions allow. Who reads what
is decided in core.access; this module looks up the user's roles, files, verified mobile and
departments, and writes the decision as SQL for lists and reports, or as a check on one document;
refuses searches on fields a user may not read (refuse_searches_on_hidden_fields); and keeps those
fields masked in a document's history (mask_history)."""

from __future__ import annotations

import json
import re

import frappe
from frappe import _
from frappe.model.document import Document

from beneficiary_care.core import access, history, login_codes
from beneficiary_care.core.access import Scope
from beneficiary_care.framework.versions import NO_OBJECTION


def scope_of(user: str) -> Scope:
	return access.scope(user, () if user == access.ADMINISTRATOR else frappe.get_roles(user))


def has_app_permission() -> bool:
	"""The `add_to_apps_screen` hook's check: the app's icon for staff and board members (core.access)."""
	user = frappe.session.user
	return access.opens_the_app(user, frappe.get_roles(user))


def staff_home_page(user: str) -> str | None:
	"""The `get_website_user_home_page` hook: where a logged-in user of the app lands. The site's home
	page (Website Settings) is the beneficiaries' portal, /care; v16 sends staff there too after login
	(its `get_home_page` serves every user, where v15 sent staff to the desk), so staff of any care role
	and board members land on the app's workspace (hooks' app_home; v16 redirects /app/ to /desk/).
	Anyone else, guests and beneficiaries included, gets Frappe's own answer (None)."""
	if user in (None, "", "Guest") or frappe.get_cached_value("User", user, "user_type") != "System User":
		return None
	if not access.opens_the_app(user, frappe.get_roles(user)):
		return None
	return frappe.get_hooks("app_home", app_name="beneficiary_care")[-1].strip("/")


def own_beneficiary_files(user: str) -> list[str]:
	return frappe.get_all("Beneficiary", filters={"user": user}, pluck="name")


def verified_mobile(user: str) -> str | None:
	"""The mobile a portal user proved with a login code (User.mobile_no, which only System Managers
	and the login by mobile write), in the form cases store it."""
	return login_codes.verified_mobile(frappe.get_cached_value("User", user, "mobile_no"))


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
	scope = scope_of(user)
	if not doctype or scope.unrestricted:
		return ""
	table = f"`tab{doctype}`"
	if scope.portal_only:
		files, mobile = own_beneficiary_files(user), verified_mobile(user)
		reads = [f"{table}.`beneficiary` in ({_in(files)})"] if files else []
		if mobile:
			reads.append(f"{table}.`mobile` = {frappe.db.escape(mobile)}")
		return f"({' or '.join(reads)})" if reads else "1 = 0"
	conditions = []
	if doctype == "Complaint":
		conditions.append(f"ifnull({table}.`named_employee`, '') != {frappe.db.escape(user)}")
		if not scope.reads_confidential:
			conditions.append(f"{table}.`is_confidential` = 0")
	if scope.department_limited:
		departments = user_departments(user)
		mine = frappe.db.escape(f'%"{_like_literal(user)}"%')
		own = f"{table}.`_assign` like {mine}"
		conditions.append(f"({table}.`department` in ({_in(departments)}) or {own})" if departments else own)
	return " and ".join(conditions)


def figures_access(user: str, doctype: str) -> bool | None:
	"""Whether the reports may count this user's cases from the daily figures (core.access)."""
	scope = scope_of(user)
	named = (
		doctype == "Complaint"
		and not (scope.unrestricted or scope.portal_only or scope.department_limited)
		and bool(frappe.db.exists("Complaint", {"named_employee": user}))
	)
	return access.figures_access(scope, doctype, named)


def case_has_permission(doc: Document, ptype: str | None = None, user: str | None = None) -> bool:
	user = user or frappe.session.user
	scope = scope_of(user)
	if scope.unrestricted:
		return NO_OBJECTION
	if scope.portal_only:
		if ptype not in ("read", "print"):
			return False
		return access.portal_reads(
			doc.get("beneficiary"), doc.get("mobile"), own_beneficiary_files(user), verified_mobile(user)
		)
	if doc.doctype == "Complaint":
		if doc.get("named_employee") == user:
			return False
		if doc.get("is_confidential") and not scope.reads_confidential:
			return False
	if scope.department_limited and not doc.is_new():
		assigned = frappe.parse_json(doc.get("_assign") or "[]")
		if doc.get("department") not in user_departments(user) and user not in assigned:
			return False
	return NO_OBJECTION  # the DocType's permissions decide (frappe_versions: not None, a refusal on v16)


# ------------------------------------------------------------------ searches on hidden fields
# Fields of field level 1 that some readers of the document may not see. Frappe v15 removes them from
# what it answers (forms, lists, reports, exports, prints) but lets any reader filter, sort and group
# by them: a count of files "whose ID starts with 10…" gives an ID away digit by digit; and it serves
# the document's history (Version rows: docinfo, the timeline) to every reader with the values in it.
HIDDEN_FIELDS = {"Beneficiary": ("national_id",)}
QUERY_PARTS = ("filters", "or_filters", "order_by", "group_by", "sort_by", "field", "searchfield")


def refuse_searches_on_hidden_fields() -> None:
	"""Every request (hooks auth_hooks: after Frappe knows the user, by session or API key): a filter,
	sort or grouping that names a hidden field is refused for a user who may not read that field."""
	form = frappe.local.form_dict
	asked = " ".join(str(form.get(part) or "") for part in QUERY_PARTS)
	if not asked.strip() or frappe.session.user == "Administrator":
		return
	for doctype, fieldnames in HIDDEN_FIELDS.items():
		named = [f for f in fieldnames if re.search(rf"\b{f}\b", asked)]
		if named and 1 not in frappe.get_meta(doctype).get_permlevel_access("read", user=frappe.session.user):
			frappe.throw(
				_("You may not search, sort or group by {0}.").format(
					", ".join(_(frappe.get_meta(doctype).get_label(f)) for f in named)
				),
				frappe.PermissionError,
			)


# ------------------------------------------------------------------ the history of hidden fields


def mask_history(doc: Document, method: str | None = None) -> None:
	"""before_insert of a Version (hooks doc_events): a hidden field's old and new values are kept
	masked (core.history), so no reader of the document's history (the form's docinfo, the timeline,
	the Version list, the audit trail) finds them. Masked when written, not where served: Frappe serves
	a history through more doors than it writes it, and each reads the stored row."""
	protected = protected_fields(doc.ref_doctype)
	if protected and doc.data:
		doc.data = masked_version_data(doc.data, protected)


def protected_fields(doctype: str) -> dict:
	"""The hidden fields of `doctype`, each with how its history keeps it (core.history)."""
	return {f: history.masker(f) for f in HIDDEN_FIELDS.get(doctype, ())}


def masked_version_data(data: str, protected: dict) -> str:
	return frappe.as_json(
		history.mask_changes(json.loads(data), protected), indent=None, separators=(",", ":")
	)
