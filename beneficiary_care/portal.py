"""The guest APIs: answering the satisfaction survey behind a single-use link (surveys.py), tracking
a case by its reference and the mobile it was registered with, and logging in by mobile with a one-time
code (mobile_login.py). Every entry point is rate-limited, validates what it is sent, and tells a wrong
guess nothing but that it was wrong."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import get_datetime, now_datetime, strip_html

from beneficiary_care.core import surveys, tokens
from beneficiary_care.core.cases import kind_of_reference
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.holidays import hijri_label
from beneficiary_care.core.lifecycle import ANSWERED
from beneficiary_care.core.phone import is_saudi_mobile, normalize_saudi_mobile
from beneficiary_care.mobile_login import log_in, request_code
from beneficiary_care.surveys import invitation_of, state_message

# ------------------------------------------------------------------ satisfaction survey


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def submit_survey(token: str, **values: str) -> dict:
	"""Store the answers once; a used, expired or unknown link is refused with a clear message."""
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
		frappe.throw(err.render(_), title=_("Survey"))
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
def track_case(reference: str, mobile: str) -> dict:
	"""The public side of a case, for whoever holds its reference and the mobile it was registered
	with. Any mismatch gets the same answer, whether the reference exists or not."""
	reference = (reference or "").strip().upper()
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
	and comes no sooner (mobile_login.request_code)."""
	if len(mobile or "") > 40 or not is_saudi_mobile(mobile or ""):
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
	if not log_in(mobile, code):
		frappe.throw(
			_("This code is not valid. Check that you typed the last code we sent, or ask for a new one."),
			title=_("Log in by mobile"),
		)
	return {"message": _("You are logged in.")}
