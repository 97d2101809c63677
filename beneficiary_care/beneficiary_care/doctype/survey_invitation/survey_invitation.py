from frappe.model.document import Document


class SurveyInvitation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		beneficiary: DF.Link | None
		campaign: DF.Link | None
		expires_on: DF.Datetime
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		reminder_sent_on: DF.Datetime | None
		survey: DF.Link | None
		token_hash: DF.Data
		used_on: DF.Datetime | None
	# end: auto-generated types
	pass
