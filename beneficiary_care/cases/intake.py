"""Desk intake helpers (finding the submitter's file, the same person's open cases, similar cases) and
mail intake (Frappe's Email Account append_to creates the case; this fills in what mail can tell)."""

from __future__ import annotations

import frappe
from frappe.model.document import Document
from frappe.utils import add_days, now_datetime, strip_html

from beneficiary_care.core.cases import CASE_DOCTYPES, EMAIL_CHANNEL_CODE
from beneficiary_care.core.lifecycle import DONE
from beneficiary_care.core.national_id import is_valid_national_id, normalize_national_id
from beneficiary_care.core.phone import is_saudi_mobile, normalize_saudi_mobile
from beneficiary_care.core.similarity import most_similar
from beneficiary_care.service_levels.deadlines import stamp_first_response

SIMILAR_WINDOW_DAYS = 90
SIMILAR_CANDIDATES = 300
CASE_FIELDS = ["name", "subject", "status", "received_on"]


@frappe.whitelist()
def find_beneficiary(national_id: str | None = None, mobile: str | None = None) -> dict | None:
	"""The one beneficiary file with this national ID or mobile, as the officer types it; None if no
	file or several match. Only the ID's last four digits are returned."""
	filters = None
	if national_id and is_valid_national_id(national_id):
		filters = {"national_id": normalize_national_id(national_id)}
	elif mobile and is_saudi_mobile(mobile):
		filters = {"mobile": normalize_saudi_mobile(mobile)}
	if not filters:
		return None
	files = frappe.get_list(
		"Beneficiary",
		filters=filters,
		fields=["name", "full_name", "national_id_masked", "mobile", "email", "file_status"],
		limit_page_length=2,
	)
	return files[0] if len(files) == 1 else None


def _open_filters(doctype: str) -> dict:
	return {"status": ["not in", list(DONE[doctype])]}


@frappe.whitelist()
def intake_hints(
	doctype: str,
	name: str | None = None,
	beneficiary: str | None = None,
	mobile: str | None = None,
	text: str | None = None,
) -> dict:
	"""What the officer should see before registering: the same person's open cases (any kind) and
	open cases of this kind whose text is similar (Arabic-normalised)."""
	if doctype not in CASE_DOCTYPES:
		frappe.throw(frappe._("Not a case kind: {0}").format(doctype))
	same_person = []
	if beneficiary or mobile:
		who = {"beneficiary": beneficiary} if beneficiary else {"mobile": normalize_saudi_mobile(mobile)}
		for kind in CASE_DOCTYPES:
			rows = frappe.get_list(
				kind,
				filters={**who, **_open_filters(kind), "name": ["!=", name or ""]},
				fields=CASE_FIELDS,
				order_by="received_on desc",
				limit_page_length=10,
			)
			same_person += [{**row, "doctype": kind} for row in rows]
	similar = []
	if text and text.strip():
		candidates = frappe.get_list(
			doctype,
			filters={
				**_open_filters(doctype),
				"received_on": [">=", add_days(now_datetime(), -SIMILAR_WINDOW_DAYS)],
				"name": ["!=", name or ""],
			},
			fields=[*CASE_FIELDS, "description"],
			order_by="received_on desc",
			limit_page_length=SIMILAR_CANDIDATES,
		)
		by_name = {row.name: row for row in candidates}
		matches = most_similar(
			text, ((row.name, f"{row.subject} {row.description or ''}") for row in candidates)
		)
		similar = [
			{**{k: by_name[m.key][k] for k in CASE_FIELDS}, "doctype": doctype, "score": m.score}
			for m in matches
		]
	return {"same_person": same_person, "similar": similar}


def on_case_mail(comm: Document, method: str | None = None) -> None:
	"""Mail on a case. Received: the first one is the case's description. Sent by staff (not the
	app's own acknowledgement): the first one is the case's first response."""
	if comm.reference_doctype not in CASE_DOCTYPES:
		return
	if comm.sent_or_received == "Sent":
		if comm.communication_medium == "Email" and not frappe.flags.get("bc_automatic_message"):
			stamp_first_response(
				comm.reference_doctype, comm.reference_name, comm.communication_date or now_datetime()
			)
		return
	if comm.sent_or_received != "Received":
		return
	case = frappe.get_doc(comm.reference_doctype, comm.reference_name)
	changed = False
	text = " ".join(strip_html(comm.content or "").split())
	if text and not (case.description or "").strip():
		case.description = text  # Frappe saves the mail's body after inserting the Communication
		changed = True
	if not case.channel:
		case.channel = frappe.db.get_value("Case Channel", {"code": EMAIL_CHANNEL_CODE}, "name")
		changed = True
	if changed:
		case.flags.ignore_mandatory = True
		case.save(ignore_permissions=True)


# ------------------------------------------------------------------ a file named on the public form


def _claim(doctype: str, name: str) -> str | None:
	"""The file a national ID typed on the public form named for this case, while the case has none."""
	if doctype not in CASE_DOCTYPES:
		frappe.throw(frappe._("Not a case kind: {0}").format(doctype))
	case = frappe.get_doc(doctype, name)
	case.check_permission("write")
	if case.beneficiary:
		return None
	return frappe.db.get_value(
		"Case Submission",
		{"case_doctype": doctype, "case_reference": name, "claimed_file": ("is", "set")},
		"claimed_file",
	)


@frappe.whitelist()
def claimed_file(doctype: str, name: str) -> dict | None:
	"""For the case's form: the file a guest's national ID named but could not prove (the mobile typed
	was not the file's), with the ID's last four digits and the file's mobile, for staff to confirm."""
	claim = _claim(doctype, name)
	if not claim:
		return None
	return frappe.db.get_value(
		"Beneficiary", claim, ["name", "full_name", "national_id_masked", "mobile"], as_dict=True
	)


@frappe.whitelist(methods=["POST"])
def confirm_claimed_file(doctype: str, name: str) -> str:
	"""Staff confirmed it is the same person: the case goes on that file."""
	claim = _claim(doctype, name)
	if not claim:
		frappe.throw(frappe._("This case has no file waiting to be confirmed."))
	case = frappe.get_doc(doctype, name)
	case.beneficiary = claim
	case.save()
	return claim
