from frappe import _

from beneficiary_care.case_document import CaseDocument
from beneficiary_care.validation import throw_for_field

TAKEN_UP = ("Accepted", "In Progress", "Awaiting Beneficiary", "Resolved")


class Complaint(CaseDocument):
	def validate(self) -> None:
		super().validate()
		self.derive_acceptance()
		self.validate_confidentiality()

	def derive_acceptance(self) -> None:
		"""The acceptance KPI counts decided complaints: rejected, or accepted once taken up."""
		if self.status == "Rejected":
			self.acceptance = "Rejected"
		elif self.status in TAKEN_UP:
			self.acceptance = "Accepted"

	def validate_confidentiality(self) -> None:
		if self.is_confidential and not self.named_employee:
			throw_for_field(self, "named_employee", _("is required for a confidential complaint"))
		if not self.is_confidential:
			self.named_employee = None


def on_doctype_update():
	from beneficiary_care.case_document import add_report_indexes

	add_report_indexes("Complaint")
