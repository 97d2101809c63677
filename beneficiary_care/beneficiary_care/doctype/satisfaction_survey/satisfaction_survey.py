import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.validation import throw_for_field


class SatisfactionSurvey(Document):
	def validate(self) -> None:
		if self.survey_method == "Campaign":
			if not self.campaign:
				throw_for_field(self, "campaign", _("is required for a campaign survey"))
		elif self.reference_doctype not in CASE_DOCTYPES:
			throw_for_field(
				self,
				"reference_doctype",
				_("must be one of: {0}").format(", ".join(_(dt) for dt in CASE_DOCTYPES)),
			)
		if not self.overall_rating:
			throw_for_field(self, "overall_rating", _("choose from 1 to 5 stars"))
		if not self.beneficiary and self.reference_doctype in CASE_DOCTYPES:
			self.beneficiary = frappe.db.get_value(self.reference_doctype, self.reference_name, "beneficiary")
		self.submitted_on = self.submitted_on or now_datetime()
