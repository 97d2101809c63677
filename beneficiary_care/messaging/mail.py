"""Email out: a Case Message as a Communication on its case, so the mail is on the case's timeline and
goes through Frappe's email queue (and its retries)."""

from __future__ import annotations

import frappe
from frappe.model.document import Document


def send_email(message: Document) -> str:
	"""Through a Communication on the case, so the mail is on its timeline and in the email queue.
	Returns the Communication's name."""
	# imported here, not at the top: it pulls in Frappe's mail and PDF stack (0.6 s here), which every
	# delivery job would pay for in its freshly forked worker even when it sends only SMS
	from frappe.core.doctype.communication.email import make

	frappe.flags.bc_automatic_message = True  # not a staff reply: no first response (intake.on_case_mail)
	try:
		return make(
			doctype=message.reference_doctype,
			name=message.reference_name,
			subject=message.subject,
			content=message.message,
			recipients=message.recipient,
			communication_medium="Email",
			send_email=True,
		)["name"]
	finally:
		frappe.flags.bc_automatic_message = False
