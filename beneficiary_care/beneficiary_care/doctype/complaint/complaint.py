from frappe import _

from beneficiary_care.case_document import CaseDocument
from beneficiary_care.validation import throw_for_field


class Complaint(CaseDocument):
	def validate(self) -> None:
		super().validate()
		self.validate_decision()

	def validate_decision(self) -> None:
		if self.acceptance == "Rejected" and not (self.rejection_reason or "").strip():
			throw_for_field(self, "rejection_reason", _("is required to reject a complaint"))
		if self.is_confidential and not self.named_employee:
			throw_for_field(self, "named_employee", _("is required for a confidential complaint"))
		if not self.is_confidential:
			self.named_employee = None
