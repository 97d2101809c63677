import frappe
from frappe.model.document import Document
from frappe.utils import cint, flt, get_time

from beneficiary_care.core.configuration import check_after, check_between, check_time_zone
from beneficiary_care.core.sms import segments
from beneficiary_care.framework.validation import core_errors
from beneficiary_care.messaging.texts import SHORT_ANSWER_SMS, TEMPLATES
from beneficiary_care.portal.pages import show_association
from beneficiary_care.setup import sms_gateway

# a case as the SMS templates see it, to count what each costs
SAMPLE_CONTEXT = {
	"doc": frappe._dict(
		name="CMP-2026-00001", contact_name="سارة", status="Resolved", subject="تأخر صرف الدعم"
	),
	"kind": "شكوى",
	"answer": "تم صرف الدعم إلى حسابك البنكي اليوم.",
	"reason": "لا تنطبق شروط البرنامج.",
	"link": "https://example.org/survey?token=" + "x" * 32,
	"track_link": "https://example.org/track?ref=CMP-2026-00001",
	"campaign": "SC-0001",
}


class BeneficiaryCareSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from beneficiary_care.beneficiary_care.doctype.care_board_member.care_board_member import (
			CareBoardMember,
		)
		from beneficiary_care.beneficiary_care.doctype.care_whatsapp_template.care_whatsapp_template import (
			CareWhatsAppTemplate,
		)

		acknowledgement_email: DF.TextEditor | None
		acknowledgement_sms: DF.SmallText | None
		answer_email: DF.TextEditor | None
		answer_short_sms: DF.SmallText | None
		answer_sms: DF.SmallText | None
		association_address: DF.SmallText | None
		association_email: DF.Data | None
		association_logo: DF.AttachImage | None
		association_name: DF.Data | None
		association_phone: DF.Data | None
		at_risk_share: DF.Percent
		auto_close_days: DF.Int
		board_members: DF.Table[CareBoardMember]
		board_preamble: DF.TextEditor | None
		board_recommendations: DF.TextEditor | None
		campaign_sms: DF.SmallText | None
		decision_sms: DF.SmallText | None
		default_calendar: DF.Link | None
		draft_four_monthly: DF.Check
		draft_half_yearly: DF.Check
		draft_quarterly: DF.Check
		draft_yearly: DF.Check
		faq_threshold: DF.Int
		fiscal_year_start_month: DF.Int
		guest_data_days: DF.Int
		inquiry_deadline_hours: DF.Float
		login_code_sms: DF.SmallText | None
		max_sms_segments: DF.Int
		ramadan_end_time: DF.Time | None
		ramadan_start_time: DF.Time | None
		recurrence_category_factor: DF.Float
		recurrence_employee_count: DF.Int
		recurrence_person_count: DF.Int
		recurrence_window_days: DF.Int
		sms_api_key: DF.Password | None
		sms_api_secret: DF.Password | None
		sms_number_format: DF.Literal["9665XXXXXXXX", "+9665XXXXXXXX", "05XXXXXXXX"]
		sms_provider: DF.Literal["", "Unifonic", "Taqnyat", "Msegat", "4jawaly", "Other"]
		sms_provider_url: DF.Data | None
		sms_sender_name: DF.Data | None
		sms_success_pattern: DF.Data | None
		sms_test_answer: DF.SmallText | None
		sms_test_number: DF.Data | None
		sms_tested_on: DF.Datetime | None
		sms_timeout_seconds: DF.Int
		sms_user_name: DF.Data | None
		survey_email: DF.TextEditor | None
		survey_link_lifetime_days: DF.Int
		survey_reminder_days: DF.Int
		survey_sms: DF.SmallText | None
		target_complaint_acceptance: DF.Percent
		target_complaint_accuracy: DF.Percent
		target_complaint_fcr: DF.Percent
		target_complaint_on_time_resolution: DF.Percent
		target_complaint_on_time_response: DF.Percent
		target_csat: DF.Percent
		target_inquiry_accuracy: DF.Percent
		target_inquiry_fcr: DF.Percent
		target_inquiry_on_time: DF.Percent
		target_inquiry_satisfaction: DF.Percent
		time_zone: DF.Autocomplete
		use_arabic_indic_digits: DF.Check
		whatsapp_access_token: DF.Password | None
		whatsapp_api_version: DF.Data | None
		whatsapp_app_secret: DF.Password | None
		whatsapp_base_url: DF.Data | None
		whatsapp_business_account_id: DF.Data | None
		whatsapp_enabled: DF.Check
		whatsapp_kind_question: DF.SmallText | None
		whatsapp_kind_wait_minutes: DF.Int
		whatsapp_phone_number_id: DF.Data | None
		whatsapp_register_cases: DF.Check
		whatsapp_stop_reply: DF.SmallText | None
		whatsapp_templates: DF.Table[CareWhatsAppTemplate]
		whatsapp_verify_token: DF.Password | None

	# end: auto-generated types
	def onload(self) -> None:
		"""Each SMS template's length in billed segments, for a sample case (the form shows them)."""
		fields = [sms for sms, _email in TEMPLATES.values()] + [SHORT_ANSWER_SMS]
		counts = {}
		for field in fields:
			template = (self.get(field) or "").strip()
			if template:
				context = {**SAMPLE_CONTEXT, "association": self.association_name or ""}
				try:
					counts[field] = segments(frappe.render_template(template, context))
				except Exception:
					counts[field] = None  # a template that does not render yet: nothing to count
		self.set_onload("sms_segments", counts)

	def on_update(self) -> None:
		show_association()
		sms_gateway.on_update(self)

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
			if self.ramadan_start_time and self.ramadan_end_time:
				check_after(
					get_time(self.ramadan_start_time), get_time(self.ramadan_end_time), "ramadan_end_time"
				)
		sms_gateway.validate(self)
