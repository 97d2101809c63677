"""What guests reach: the satisfaction survey behind a single-use link, and tracking a case by its
reference and the mobile it was registered with. Every entry point is rate-limited, validates what it
is sent, and tells a wrong guess nothing but that it was wrong."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import add_days, cint, get_url, now_datetime

from beneficiary_care.core import surveys, tokens
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.lifecycle import ANSWERED
from beneficiary_care.core.phone import is_saudi_mobile, normalize_saudi_mobile

SETTINGS = "Beneficiary Care Settings"
PREFIXES = {"CMP": "Complaint", "INQ": "Inquiry", "SUG": "Suggestion"}


# ------------------------------------------------------------------ satisfaction survey


def invite_to_survey(case) -> str | None:
	"""After an answer: a single-use, expiring survey link, sent with the other messages."""
	if not (case.mobile or case.email):
		return None
	days = cint(frappe.db.get_single_value(SETTINGS, "survey_link_lifetime_days")) or 14
	token, digest = tokens.new_token()
	frappe.get_doc(
		{
			"doctype": "Survey Invitation",
			"reference_doctype": case.doctype,
			"reference_name": case.name,
			"token_hash": digest,
			"expires_on": add_days(now_datetime(), days),
		}
	).insert(ignore_permissions=True)
	from beneficiary_care.messaging import queue_for_case

	link = get_url(f"/survey?token={token}")
	queue_for_case(case, "Survey", link=link)
	return token


def _invitation(token: str, for_update: bool = False):
	if not tokens.looks_like_token(token):
		return None
	return frappe.db.get_value(
		"Survey Invitation",
		{"token_hash": tokens.hash_token(token)},
		["name", "reference_doctype", "reference_name", "expires_on", "used_on"],
		as_dict=True,
		for_update=for_update,
	)


def survey_state(token: str) -> tuple[str, dict | None]:
	invitation = _invitation(token)
	if not invitation:
		return tokens.UNKNOWN, None
	return tokens.state(invitation.expires_on, invitation.used_on, now_datetime()), invitation


def state_message(state: str) -> str:
	return {
		tokens.UNKNOWN: _("This survey link is not valid. Please check that the whole link was copied."),
		tokens.EXPIRED: _("This survey link has expired. Thank you for your interest."),
		tokens.USED: _("This survey was already answered. Thank you."),
	}.get(state, "")


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def submit_survey(token: str, **values) -> dict:
	"""Store the answers once; a used, expired or unknown link is refused with a clear message."""
	invitation = _invitation(token, for_update=True)  # the row lock makes a second use wait and fail
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
			"survey_method": "Link",
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
	doctype = PREFIXES.get(reference.split("-", 1)[0])
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
	steps = [{"label": _("Received"), "on": case.received_on}]
	if case.first_responded_on:
		steps.append({"label": _("First response"), "on": case.first_responded_on})
	if case.resolved_on:
		steps.append({"label": _("Answered"), "on": case.resolved_on})
	return {
		"reference": case.name,
		"kind": _(doctype),
		"status": _(case.status),
		"steps": steps,
		"answer": frappe.utils.strip_html(case.resolution or "") if answered else "",
		"reason": case.get("rejection_reason") or "" if case.status == "Rejected" else "",
	}
