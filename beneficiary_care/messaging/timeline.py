"""What a message to a submitter leaves on its case's timeline: a note of each try and of Meta's word
on a WhatsApp message, and the WhatsApp message itself as a Communication beside what the person
wrote (conversations.take_message)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import format_datetime

from beneficiary_care.core.sms_gateways import (
	EXPLANATIONS,
	HELD_FOR_SETTINGS,
	NO_BALANCE,
	REFUSALS,
	retry_helps,
)
from beneficiary_care.framework.helpers import ltr, notes_language
from beneficiary_care.messaging.whatsapp import chat_communication


def whatsapp_on_timeline(message: Document, wamid: str) -> str:
	"""A WhatsApp message sent from a case, as a Communication on it, where the conversation reads
	in order beside what the person wrote (conversations.take_message)."""
	frappe.flags.bc_automatic_message = True  # no first response by this (intake.on_case_mail)
	try:
		comm = chat_communication(
			"Sent",
			message.reference_doctype,
			message.reference_name,
			message.message or "",
			message.recipient,
			wamid,
			delivery_status="Sent",
		)
	finally:
		frappe.flags.bc_automatic_message = False
	return comm.name


def note_whatsapp_status(message: Document, status: str, error: str | None) -> None:
	"""Meta's word on a WhatsApp message (delivered, read, failed), on the case's timeline."""
	lang = notes_language()
	text = _("WhatsApp {0} to {1}: {2}", lang=lang).format(
		_(message.purpose, lang=lang), ltr(message.recipient), _(status.title(), lang=lang)
	)
	if error:
		text += f" ({error})"
	comment(message, text)
	if message.communication:
		delivery = {"delivered": "Sent", "read": "Read", "failed": "Error"}.get(status)
		if delivery:
			frappe.db.set_value("Communication", message.communication, "delivery_status", delivery)


def note_on_timeline(message: Document, accepted: bool, attempts: int, retry_at) -> None:
	"""A note of each try. Stored as text, so written in the site's language (the staff's), not in
	that of whoever's request or job happened to send it; times as people read them."""
	lang = notes_language()
	medium = _(message.medium, lang=lang)
	purpose = _(message.purpose, lang=lang)
	if accepted:
		text = _("{0} {1} sent to {2}", lang=lang).format(medium, purpose, ltr(message.recipient))
	elif retry_at:
		text = _("{0} {1} to {2} failed (attempt {3}); next try at {4}: {5}", lang=lang).format(
			medium,
			purpose,
			ltr(message.recipient),
			attempts,
			ltr(format_datetime(retry_at, "yyyy-MM-dd HH:mm")),
			message.last_error or "",
		)
	elif message.get("refusal") in REFUSALS and not retry_helps(message.refusal):
		# the gateway's documented refusal, in words staff read, then its own answer
		text = _("{0} {1} to {2} was refused by the SMS provider: {3} ({4})", lang=lang).format(
			medium,
			purpose,
			ltr(message.recipient),
			_(EXPLANATIONS[message.refusal], lang=lang),
			message.last_error or "",
		)
		if message.refusal in HELD_FOR_SETTINGS:
			text += " " + _("It will be sent again once the SMS gateway's settings are corrected.", lang=lang)
		else:
			text += " " + _("It was not retried.", lang=lang)
	else:
		text = _("{0} {1} to {2} failed {3} times and was given up: {4}", lang=lang).format(
			medium, purpose, ltr(message.recipient), attempts, message.last_error or ""
		)
	if not accepted and message.get("refusal") == NO_BALANCE:
		text += " " + _("The SMS account has no balance left", lang=lang) + "."
	comment(message, text)


def comment(message: Document, text: str) -> None:
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": message.reference_doctype,
			"reference_name": message.reference_name,
			"content": text,
		}
	).insert(ignore_permissions=True)
