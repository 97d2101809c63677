import frappe
from frappe import _
from frappe.model.document import Document

from beneficiary_care.core.arabic import normalize_arabic
from beneficiary_care.core.cases import normalize_email
from beneficiary_care.core.national_id import mask_national_id, validate_national_id
from beneficiary_care.core.phone import normalize_saudi_mobile
from beneficiary_care.framework.validation import core_errors, throw_for_field


class Beneficiary(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		beneficiary_category: DF.Link | None
		closure_reason: DF.SmallText | None
		email: DF.Data | None
		file_number: DF.Data | None
		file_status: DF.Literal["Active", "Under Study", "Closed"]
		full_name: DF.Data
		last_data_update: DF.Date | None
		mobile: DF.Data | None
		national_id: DF.Data | None
		national_id_masked: DF.Data | None
		no_whatsapp: DF.Check
		notes: DF.SmallText | None
		search_name: DF.Data | None
		user: DF.Link | None

	# end: auto-generated types
	def validate(self) -> None:
		with core_errors(self):
			self.national_id = validate_national_id(self.national_id) if self.national_id else None
			self.mobile = normalize_saudi_mobile(self.mobile) if self.mobile else None
			self.email = normalize_email(self.email) or None
		self.national_id_masked = mask_national_id(self.national_id)
		self.search_name = normalize_arabic(self.full_name)
		self.validate_unique_national_id()
		self.validate_unique_mobile_on_import()
		if self.file_status == "Closed" and not (self.closure_reason or "").strip():
			throw_for_field(self, "closure_reason", _("is required when the file is closed"))

	def validate_unique_national_id(self) -> None:
		if not self.national_id:
			return
		other = frappe.db.get_value(
			"Beneficiary", {"national_id": self.national_id, "name": ("!=", self.name)}, "name"
		)
		if other:
			throw_for_field(
				self, "national_id", _("another beneficiary file, {0}, has this ID already").format(other)
			)

	def validate_unique_mobile_on_import(self) -> None:
		"""Files brought in by Data Import: a mobile another file has already is reported, not
		duplicated (in the desk, members of one family may share a mobile)."""
		if not (frappe.flags.in_import and self.mobile):
			return
		other = frappe.db.get_value("Beneficiary", {"mobile": self.mobile, "name": ("!=", self.name)}, "name")
		if other:
			throw_for_field(
				self, "mobile", _("another beneficiary file, {0}, has this mobile already").format(other)
			)
