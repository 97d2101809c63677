"""What guests reach: the satisfaction survey behind a single-use link, and tracking a case by its
reference and the mobile it was registered with. Every entry point is rate-limited, validates what it
is sent, and tells a wrong guess nothing but that it was wrong."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import add_days, cint, get_datetime, get_url, now_datetime

from beneficiary_care.core import surveys, tokens
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.lifecycle import ANSWERED
from beneficiary_care.core.phone import is_saudi_mobile, normalize_saudi_mobile

SETTINGS = "Beneficiary Care Settings"
PREFIXES = {"CMP": "Complaint", "INQ": "Inquiry", "SUG": "Suggestion"}


# ------------------------------------------------------------------ satisfaction survey


def invite_to_survey(case, expires_on=None) -> str | None:
	"""After an answer: a single-use, expiring survey link, sent with the other messages. Only the
	token's hash is stored, so a reminder needs a new link (see remind_unanswered_surveys)."""
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
			"expires_on": expires_on or add_days(now_datetime(), days),
		}
	).insert(ignore_permissions=True)
	from beneficiary_care.messaging import queue_for_case

	link = get_url(f"/survey?token={token}&_lang=ar")  # the messages are Arabic; so is the page
	queue_for_case(case, "Survey", link=link)
	return token


def remind_unanswered_surveys(now=None) -> int:
	"""Daily: one reminder for a survey still unanswered `survey_reminder_days` after its link was
	sent — a fresh link with the same expiry, the old one withdrawn. Never a second reminder."""
	days = cint(frappe.db.get_single_value(SETTINGS, "survey_reminder_days"))
	if days <= 0:
		return 0
	now = now or now_datetime()
	invitation = frappe.qb.DocType("Survey Invitation")
	due = (
		frappe.qb.from_(invitation)
		.select(
			invitation.name, invitation.reference_doctype, invitation.reference_name, invitation.expires_on
		)
		.where(invitation.used_on.isnull())
		.where(invitation.reminder_sent_on.isnull())
		.where(invitation.creation <= add_days(now, -days))
		.where(invitation.expires_on > now)
		.run(as_dict=True)
	)
	from beneficiary_care.lifecycle_jobs import commit_batch

	sent = 0
	for row in due:
		frappe.db.savepoint("bc_remind")
		try:
			case = frappe.get_doc(row.reference_doctype, row.reference_name)
			# the old link stops working; the new one carries the reminder and the same expiry
			frappe.db.set_value("Survey Invitation", row.name, {"reminder_sent_on": now, "expires_on": now})
			invite_to_survey(case, expires_on=row.expires_on)
			new = frappe.get_last_doc("Survey Invitation", filters={"reference_name": case.name})
			new.db_set("reminder_sent_on", now)
			sent += 1
		except Exception:
			frappe.db.rollback(save_point="bc_remind")
			frappe.log_error(title=f"Survey reminder failed for {row.reference_name}")
	commit_batch()
	return sent


def _invitation(token: str, for_update: bool = False):
	if not tokens.looks_like_token(token):
		return None
	return frappe.db.get_value(
		"Survey Invitation",
		{"token_hash": tokens.hash_token(token)},
		["name", "reference_doctype", "reference_name", "campaign", "beneficiary", "expires_on", "used_on"],
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
		"answer": frappe.utils.strip_html(case.resolution or "") if answered else "",
		"reason": case.get("rejection_reason") or "" if case.status == "Rejected" else "",
	}


def _when(value) -> str:
	"""2026-11-26 11:46 (1448/06/16 هـ): Gregorian with the Hijri date beside it."""
	from beneficiary_care.core.holidays import hijri_label

	moment = get_datetime(value)
	return f"{moment:%Y-%m-%d %H:%M} ({hijri_label(moment.date())})"
