"""Satisfaction surveys behind single-use links: the invitation sent after each answer, its one
reminder, and the state of a link a guest opens. Only the token's hash is stored (core.tokens)."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, get_url, now_datetime

from beneficiary_care.core import tokens
from beneficiary_care.framework.helpers import each_in_savepoint, setting
from beneficiary_care.messaging.delivery import queue_for_case

INVITATION = "Survey Invitation"


def survey_link(token: str) -> str:
	# no language in the link: the page follows the reader's browser (portal/pages.py), Arabic on the site
	return get_url(f"/survey?token={token}")


def invite_to_survey(
	case: Document, expires_on: dt.datetime | None = None, reminder_on: dt.datetime | None = None
) -> str | None:
	"""After an answer: a single-use, expiring survey link, sent with the other messages; None when
	the case has no mobile or email to send it to. `reminder_on`: the link is the reminder of an
	earlier one (see remind_unanswered_surveys)."""
	if not (case.mobile or case.email):
		return None
	days = cint(setting("survey_link_lifetime_days")) or 14
	token, digest = tokens.new_token()
	frappe.get_doc(
		{
			"doctype": INVITATION,
			"reference_doctype": case.doctype,
			"reference_name": case.name,
			"token_hash": digest,
			"expires_on": expires_on or add_days(now_datetime(), days),
			"reminder_sent_on": reminder_on,
		}
	).insert(ignore_permissions=True)
	queue_for_case(case, "Survey", link=survey_link(token))
	return token


def remind_unanswered_surveys(now: dt.datetime | None = None) -> int:
	"""Daily: one reminder for a survey still unanswered `survey_reminder_days` after its link was
	sent — a fresh link with the same expiry, the old one withdrawn. Never a second reminder. A case
	with no mobile or email left gets none (its link stays as it is). Returns the reminders sent."""
	days = cint(setting("survey_reminder_days"))
	if days <= 0:
		return 0
	now = now or now_datetime()
	invitation = frappe.qb.DocType(INVITATION)
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

	def remind(row: frappe._dict) -> bool:
		case = frappe.get_doc(row.reference_doctype, row.reference_name)
		if not (case.mobile or case.email):
			return False
		# the old link stops working; the new one carries the reminder and the same expiry
		frappe.db.set_value(INVITATION, row.name, {"reminder_sent_on": now, "expires_on": now})
		return bool(invite_to_survey(case, expires_on=row.expires_on, reminder_on=now))

	return each_in_savepoint(
		due,
		remind,
		savepoint="bc_remind",
		title=lambda row: f"Survey reminder failed for {row.reference_name}",
	)


def invitation_of(token: str, for_update: bool = False) -> frappe._dict | None:
	if not tokens.looks_like_token(token):
		return None
	return frappe.db.get_value(
		INVITATION,
		{"token_hash": tokens.hash_token(token)},
		["name", "reference_doctype", "reference_name", "campaign", "beneficiary", "expires_on", "used_on"],
		as_dict=True,
		for_update=for_update,
	)


def survey_state(token: str) -> tuple[str, frappe._dict | None]:
	invitation = invitation_of(token)
	if not invitation:
		return tokens.UNKNOWN, None
	return tokens.state(invitation.expires_on, invitation.used_on, now_datetime()), invitation


def state_message(state: str) -> str:
	return {
		tokens.UNKNOWN: _("This survey link is not valid. Please check that the whole link was copied."),
		tokens.EXPIRED: _("This survey link has expired. Thank you for your interest."),
		tokens.USED: _("This survey was already answered. Thank you."),
	}.get(state, "")
