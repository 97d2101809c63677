"""What Complaint, Inquiry and Suggestion share: one controller base for the three case DocTypes.

Rules live in beneficiary_care.core; this class only moves values between the document and the core.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from beneficiary_care.core.cases import check_received_on, normalize_contact
from beneficiary_care.validation import core_errors, throw_for_field

CASE_DOCTYPES = ("Complaint", "Inquiry", "Suggestion")


class CaseDocument(Document):
	def validate(self) -> None:
		self.validate_received_on()
		self.validate_channel()
		self.fill_contact_from_beneficiary()
		self.validate_contact()
		self.validate_reasons()

	def validate_received_on(self) -> None:
		now = now_datetime()
		if not self.received_on:
			self.received_on = now
		with core_errors(self):
			check_received_on(get_datetime(self.received_on), now)

	def validate_channel(self) -> None:
		if self.channel and not frappe.db.get_value("Case Channel", self.channel, "enabled"):
			throw_for_field(self, "channel", _("{0} is disabled").format(self.channel))

	def fill_contact_from_beneficiary(self) -> None:
		if not self.beneficiary:
			return
		file = frappe.db.get_value(
			"Beneficiary", self.beneficiary, ["full_name", "mobile", "email"], as_dict=True
		)
		if not file:
			return
		self.contact_name = self.contact_name or file.full_name
		self.mobile = self.mobile or file.mobile
		self.email = self.email or file.email

	def validate_contact(self) -> None:
		with core_errors(self):
			self.mobile, self.email = normalize_contact(self.mobile, self.email)

	def validate_reasons(self) -> None:
		if self.status == "Cancelled" and not (self.cancellation_reason or "").strip():
			throw_for_field(self, "cancellation_reason", _("is required to cancel a case"))
