"""The guest APIs: the case form's door (Frappe's web form `accept`, held), answering the
satisfaction survey behind a single-use link (messaging/surveys.py), tracking a case by its reference and the
mobile it was registered with, and logging in by mobile with a one-time code (mobile_login.py). Every
entry point is rate-limited, validates what it is sent (bad input is a 4xx naming the field, never a
server error), and tells a wrong guess nothing but that it was wrong."""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.handler import upload_file as frappe_upload_file
from frappe.model.document import Document
from frappe.rate_limiter import rate_limit
from frappe.utils import escape_html, get_datetime, now_datetime, strip_html
from frappe.website.doctype.web_form.web_form import accept as web_form_accept

from beneficiary_care.core import surveys, tokens
from beneficiary_care.core.cases import kind_of_reference
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.holidays import hijri_label
from beneficiary_care.core.lifecycle import ANSWERED
from beneficiary_care.core.phone import is_saudi_mobile, normalize_saudi_mobile
from beneficiary_care.messaging.surveys import invitation_of, state_message
from beneficiary_care.portal.mobile_login import log_in, request_code

CASE_FORM = "submit-a-case"  # the Web Form's name (its route is /submit-case)
CASE_FORM_LIMIT = (10, 60)  # submissions per address and minute, as Frappe's own limit on `accept`


def text(value: object, label: str) -> str:
	"""A guest's argument as text: absent is empty; a list, a number or an object is refused, naming
	the field, with a 4xx."""
	if value is None:
		return ""
	if not isinstance(value, str):
		frappe.throw(_("{0}: send it as text.").format(label), title=_("Invalid {0}").format(label))
	return value


def door_limit(door: str, limit: int, seconds: int) -> None:
	"""Frappe's rate_limit (frappe.rate_limiter), keyed on the door itself: its key is whatever the
	request calls the door, so "SUBMIT-A-CASE" or "submit-a-case " each had a counter of their own.
	Like Frappe's, it counts per client address (README: what the proxy must do) and only in a request."""
	if not getattr(frappe.local, "request", None):
		return
	key = frappe.cache.make_key(f"rl:bc:{door}:{frappe.local.request_ip}")
	if not frappe.cache.get(key):
		frappe.cache.setex(key, seconds, 0)
	if frappe.cache.incrby(key, 1) > limit:
		frappe.throw(
			_("You hit the rate limit because of too many requests. Please try after sometime."),
			frappe.RateLimitExceededError,
		)


# ------------------------------------------------------------------ the case form


@frappe.whitelist(allow_guest=True, methods=["POST"])
def accept_web_form(web_form: str = "", data: str = "", **_other: object) -> Document:
	"""Frappe's web form `accept` (hooks.py, override_whitelisted_methods), the same for every web
	form of the site; for the case form, first: the form named as it is (the door's one rate limit),
	its data a JSON object whose every field is text (or the consent box), or a 4xx naming the field.
	Frappe's own `accept` then saves it (Case Submission's controller checks the values)."""
	name = (
		frappe.db.get_value("Web Form", {"name": text(web_form, _("Web Form"))}, "name") if web_form else None
	)
	if not name:  # Frappe's own `accept` would fail reading nothing: a server error
		frappe.throw(_("This form was not found."), frappe.DoesNotExistError, title=_("Web Form"))
	if name != CASE_FORM:
		return web_form_accept(web_form=name, data=data)
	door_limit(CASE_FORM, *CASE_FORM_LIMIT)
	return web_form_accept(web_form=name, data=json.dumps(case_form_data(data)))


def case_form_data(data: object) -> dict:
	"""The case form's values, checked for their types only (their meaning: Case Submission)."""
	try:
		values = json.loads(text(data, _("Form")))
	except ValueError:
		values = None
	if not isinstance(values, dict):
		frappe.throw(_("The form could not be read. Please send it again."), title=_("Invalid Form"))
	meta = frappe.get_meta("Case Submission")
	for field in meta.fields:
		value = values.get(field.fieldname)
		if field.fieldtype == "Check":
			if value not in (None, "", 0, 1, "0", "1", True, False):
				frappe.throw(
					_("{0}: tick the box, or leave it empty.").format(_(field.label)),
					title=_("Invalid {0}").format(_(field.label)),
				)
		else:
			text(value, _(field.label))
	return values


@frappe.whitelist(allow_guest=True, methods=["POST"])
def upload_file() -> Document:
	"""Frappe's upload_file (hooks.py, override_whitelisted_methods): a guest's must carry the file
	itself. A bare `file_url` made a File row pointing at any file on the site (or, for an address with
	no file, a server error), and Frappe serves a private file to whoever may read one of its rows."""
	if frappe.session.user == "Guest" and "file" not in frappe.request.files:
		raise frappe.PermissionError(_("Attachment: upload the file itself."))
	try:
		return frappe_upload_file()
	except Exception as err:
		# Frappe 15.10x+ opens every PDF with pypdf as its File is inserted, and lets pypdf's own error
		# through: bytes it cannot read are bad input (a 4xx naming the field), not a server error
		if not type(err).__module__.startswith("pypdf"):
			raise
		frappe.throw(
			_("Attachment: this file could not be opened. Send it again as a PDF or a photo."),
			title=_("Invalid {0}").format(_("Attachment")),
		)


# ------------------------------------------------------------------ satisfaction survey


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def submit_survey(token: str = "", **values: object) -> dict:
	"""Store the answers once; a used, expired or unknown link is refused with a clear message."""
	token = text(token, _("Survey link"))
	meta = frappe.get_meta("Satisfaction Survey")
	values = {
		key: text(value, _(meta.get_label(key)) if meta.has_field(key) else key)
		for key, value in values.items()
		if key != "cmd"
	}
	invitation = invitation_of(token, for_update=True)  # the row lock makes a second use wait and fail
	current = (
		tokens.UNKNOWN
		if not invitation
		else tokens.state(invitation.expires_on, invitation.used_on, now_datetime())
	)
	if current != tokens.VALID:
		frappe.throw(state_message(current), title=_("Survey"))
	try:
		answer = surveys.parse(values)
	except CoreValidationError as err:
		frappe.throw(err.render(_, escape_html), title=_("Survey"))
	survey = frappe.get_doc(
		{
			"doctype": "Satisfaction Survey",
			"reference_doctype": invitation.reference_doctype,
			"reference_name": invitation.reference_name,
			"campaign": invitation.campaign,
			"beneficiary": invitation.beneficiary,
			"survey_method": "Campaign" if invitation.campaign else "Link",
			"answer_met_need": answer.answer_met_need,
			"comment": answer.comment,
			**{field: surveys.as_fraction(stars) for field, stars in answer.ratings.items()},
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value(
		"Survey Invitation", invitation.name, {"used_on": now_datetime(), "survey": survey.name}
	)
	return {"message": _("Thank you. Your answers help us serve you better.")}


# ------------------------------------------------------------------ tracking


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=5, seconds=60)
def track_case(reference: str = "", mobile: str = "") -> dict:
	"""The public side of a case, for whoever holds its reference and the mobile it was registered
	with. Any mismatch gets the same answer, whether the reference exists or not."""
	reference, mobile = text(reference, _("Reference")).strip().upper(), text(mobile, _("Mobile"))
	doctype = kind_of_reference(reference)
	case = None
	if doctype and is_saudi_mobile(mobile or ""):
		case = frappe.db.get_value(
			doctype,
			{"name": reference, "mobile": normalize_saudi_mobile(mobile)},
			[
				"name",
				"status",
				"received_on",
				"first_responded_on",
				"resolved_on",
				"resolution",
				"rejection_reason",
			]
			if doctype == "Complaint"
			else ["name", "status", "received_on", "first_responded_on", "resolved_on", "resolution"],
			as_dict=True,
		)
	if not case:
		frappe.throw(_("No case matches this reference number and mobile."), title=_("Track a Case"))
	answered = case.status in ANSWERED[doctype] or case.status == "Closed"
	steps = [{"label": _("Received On"), "on": _when(case.received_on)}]
	if case.first_responded_on:
		steps.append({"label": _("First response"), "on": _when(case.first_responded_on)})
	if case.resolved_on:
		steps.append({"label": _("Answered"), "on": _when(case.resolved_on)})
	return {
		"reference": case.name,
		"kind": _(doctype),
		"status": _(case.status),
		"steps": steps,
		"answer": strip_html(case.resolution or "") if answered else "",
		"reason": case.get("rejection_reason") or "" if case.status == "Rejected" else "",
	}


def _when(value) -> str:
	"""2026-11-26 11:46 (1448/06/16 هـ): Gregorian with the Hijri date beside it."""
	moment = get_datetime(value)
	return f"{moment:%Y-%m-%d %H:%M} ({hijri_label(moment.date())})"


# ------------------------------------------------------------------ login by mobile
# Limits per address, beside core.login_codes' per mobile and per code; not tighter: mobile networks
# put many people behind one address.


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=10 * 60, methods=["POST"])
def request_login_code(mobile: str = "") -> dict:
	"""A one-time code by SMS to a mobile the association knows. Known or not, the answer is the same,
	and takes as long (mobile_login.request_code)."""
	mobile = text(mobile, _("Mobile"))
	if len(mobile) > 40 or not is_saudi_mobile(mobile):
		frappe.throw(
			_("Enter your Saudi mobile number, for example 05XXXXXXXX."), title=_("Log in by mobile")
		)
	request_code(normalize_saudi_mobile(mobile), getattr(frappe.local, "request_ip", None))
	return {
		"message": _(
			"If this mobile is registered with us, a code is on its way to it by SMS. It is valid for 10 minutes."
		)
	}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=20, seconds=10 * 60, methods=["POST"])
def verify_login_code(mobile: str = "", code: str = "") -> dict:
	"""Log in with the code sent by SMS. Whatever is wrong — the code, its age, its tries, the mobile —
	the answer is one message."""
	if not log_in(text(mobile, _("Mobile")), text(code, _("Code"))):
		frappe.throw(
			_("This code is not valid. Check that you typed the last code we sent, or ask for a new one."),
			title=_("Log in by mobile"),
		)
	return {"message": _("You are logged in.")}
