import frappe
from frappe.model.document import Document


class CaseMessage(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attempts: DF.Int
		communication: DF.Link | None
		delivery_status: DF.Literal["", "Sent", "Delivered", "Read", "Failed"]
		fallback_for: DF.Link | None
		gateway_response: DF.SmallText | None
		last_error: DF.SmallText | None
		medium: DF.Literal["SMS", "Email", "WhatsApp"]
		message: DF.Text
		next_attempt_on: DF.Datetime | None
		provider_message_id: DF.Data | None
		purpose: DF.Literal[
			"Acknowledgement", "Answer", "Decision", "Survey", "Campaign Survey", "Login Code", "Reply"
		]
		recipient: DF.Data
		reference_doctype: DF.Link
		reference_name: DF.DynamicLink
		refusal: DF.Literal["", "Wrong Key", "Sender Not Approved", "No Balance", "Invalid Number"]
		sent_on: DF.Datetime | None
		status: DF.Literal["Queued", "Sent", "Failed", "Given Up"]
		subject: DF.Data | None
		template_parameters: DF.SmallText | None
	# end: auto-generated types
	pass


def on_doctype_update():
	# The retry sweep selects by status and due time (beneficiary_care.messaging.delivery.retry_due).
	frappe.db.add_index("Case Message", ["status", "next_attempt_on"])
