# Copyright (c) 2026, beneficiary_care developers
# For license information, please see license.txt

"""A number that wrote on WhatsApp: when it last wrote (the 24-hour window), whether it asked for no
more WhatsApp messages, and the conversation that waits for its kind (beneficiary_care.messaging.whatsapp_inbox)."""

import frappe
from frappe.model.document import Document
from frappe.utils import now_datetime


class WhatsAppContact(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		beneficiary: DF.Link | None
		last_inbound_on: DF.Datetime | None
		mobile: DF.Data
		opted_out: DF.Check
		opted_out_on: DF.Datetime | None
		profile_name: DF.Data | None
		waiting_since: DF.Datetime | None

	# end: auto-generated types
	def validate(self) -> None:
		if self.opted_out and not self.opted_out_on:
			self.opted_out_on = now_datetime()
		if not self.opted_out:
			self.opted_out_on = None
		if self.has_value_changed("opted_out") and not self.is_new() and self.beneficiary:
			# staff who untick it (the person asked by phone to have WhatsApp back) untick the file too
			frappe.db.set_value("Beneficiary", self.beneficiary, "no_whatsapp", self.opted_out)
