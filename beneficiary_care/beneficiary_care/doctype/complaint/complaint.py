from frappe import _

from beneficiary_care.cases.document import CaseDocument
from beneficiary_care.core.lifecycle import acceptance
from beneficiary_care.reporting.indexes import add_report_indexes
from beneficiary_care.validation import throw_for_field


class Complaint(CaseDocument):
	def validate(self) -> None:
		super().validate()
		# the acceptance KPI counts decided complaints: rejected, or accepted once taken up
		self.acceptance = acceptance(self.status, self.acceptance)
		self.validate_confidentiality()

	def validate_confidentiality(self) -> None:
		if self.is_confidential and not self.named_employee:
			throw_for_field(self, "named_employee", _("is required for a confidential complaint"))
		if not self.is_confidential:
			self.named_employee = None


def on_doctype_update() -> None:
	add_report_indexes("Complaint")
