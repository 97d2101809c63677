# Copyright (c) 2026, beneficiary_care developers
# For license information, please see license.txt

from frappe.model.document import Document


class CareWhatsAppTemplate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		language_code: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		purpose: DF.Literal["Acknowledgement", "Answer", "Decision", "Survey"]
		template_name: DF.Data
	# end: auto-generated types
	"""One approved WhatsApp template the settings send outside the 24-hour window (whatsapp.send)."""

	pass
