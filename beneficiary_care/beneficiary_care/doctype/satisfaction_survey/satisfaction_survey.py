import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.framework.validation import throw_for_field


class SatisfactionSurvey(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		answer_met_need: DF.Literal["", "Yes", "No"]
		answer_quality_rating: DF.Rating
		beneficiary: DF.Link | None
		campaign: DF.Link | None
		comment: DF.SmallText | None
		naming_series: DF.Literal["SRV-.YYYY.-"]
		overall_rating: DF.Rating
		procedure_clarity_rating: DF.Rating
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		staff_conduct_rating: DF.Rating
		submitted_on: DF.Datetime | None
		survey_method: DF.Literal["Link", "Phone", "Campaign"]
		time_taken_rating: DF.Rating

	# end: auto-generated types
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
