from frappe.model.document import Document
from frappe.utils import cint, flt

from beneficiary_care.core.configuration import check_between, check_time_zone
from beneficiary_care.validation import core_errors


class BeneficiaryCareSettings(Document):
	def validate(self) -> None:
		with core_errors(self):
			check_between(cint(self.fiscal_year_start_month), 1, 12, "fiscal_year_start_month")
			check_time_zone(self.time_zone)
			check_between(flt(self.inquiry_deadline_hours), 0.5, 24 * 30, "inquiry_deadline_hours")
			check_between(flt(self.at_risk_share), 1, 99, "at_risk_share")
			check_between(cint(self.survey_link_lifetime_days), 1, 365, "survey_link_lifetime_days")
			check_between(cint(self.recurrence_person_count), 2, 1000, "recurrence_person_count")
			check_between(cint(self.recurrence_window_days), 1, 3660, "recurrence_window_days")
			check_between(flt(self.recurrence_category_factor), 1, 100, "recurrence_category_factor")
			check_between(cint(self.recurrence_employee_count), 1, 1000, "recurrence_employee_count")
