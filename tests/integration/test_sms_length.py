"""SMS length and cost on a real site: the acknowledgement carries the tracking link; an answer too
long for the settings' limit goes as the short message with that link (the email keeps it whole); the
settings show each template's length in segments."""

from tests.integration import require_site

require_site()

import frappe

from beneficiary_care.core.sms import segments
from tests.integration import helpers

LONG = "<p>" + "تم صرف المساعدة إلى حسابك البنكي المسجل لدى الجمعية بعد مراجعة طلبك. " * 6 + "</p>"


def sms(case, purpose: str) -> str:
	[text] = frappe.get_all(
		"Case Message",
		filters={"reference_name": case.name, "purpose": purpose, "medium": "SMS"},
		pluck="message",
	)
	return text


def answered(resolution: str):
	case = helpers.case("Inquiry", mobile="0553331111", email="long.answer@example.com")
	case.reload()
	case.update({"status": "Answered", "resolution": resolution})
	case.save()
	return case


def test_the_acknowledgement_carries_the_tracking_link():
	case = helpers.case("Complaint", mobile="0553331112")
	assert f"/track?ref={case.name}" in sms(case, "Acknowledgement")


def test_a_short_answer_goes_whole_and_a_long_one_as_the_link():
	frappe.db.set_single_value("Beneficiary Care Settings", "max_sms_segments", 3)
	short = answered("<p>تصرف المساعدة يوم الأحد.</p>")
	assert "تصرف المساعدة يوم الأحد." in sms(short, "Answer")
	long = answered(LONG)
	text = sms(long, "Answer")
	assert f"/track?ref={long.name}" in text and "حسابك البنكي" not in text
	assert segments(text) <= 3
	[mail] = frappe.get_all(
		"Case Message",
		filters={"reference_name": long.name, "purpose": "Answer", "medium": "Email"},
		pluck="message",
	)
	assert mail.count("حسابك البنكي") == 6  # the email has the whole answer
	frappe.db.set_single_value("Beneficiary Care Settings", "max_sms_segments", 10)
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	roomy = answered(LONG)
	assert "حسابك البنكي" in sms(roomy, "Answer")  # within a higher limit it goes whole


def test_the_settings_show_each_templates_segments():
	settings = frappe.get_doc("Beneficiary Care Settings")
	settings.run_method("onload")
	counts = settings.get_onload().sms_segments
	assert counts["acknowledgement_sms"] >= 1 and counts["answer_short_sms"] >= 1
	assert set(counts) >= {"answer_sms", "decision_sms", "survey_sms", "campaign_sms"}
	settings.acknowledgement_sms = "{{ doc.name "  # broken Jinja: shown as such, nothing raised
	settings.run_method("onload")
	assert settings.get_onload().sms_segments["acknowledgement_sms"] is None
