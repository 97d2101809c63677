"""Each case kind through its whole life, with a local SMS gateway standing in for the real one."""

from tests.integration import require_site

require_site()

import frappe
import pytest
from frappe.utils import add_days, add_to_date, now_datetime

from beneficiary_care.cases import closing
from beneficiary_care.framework.helpers import notes_language
from beneficiary_care.framework.validation import BeneficiaryCareValidationError
from beneficiary_care.messaging import delivery
from tests.integration import helpers


def messages(case, **filters):
	return frappe.get_all(
		"Case Message",
		filters={"reference_doctype": case.doctype, "reference_name": case.name, **filters},
		fields=["purpose", "medium", "status", "recipient", "message", "attempts", "last_error"],
		order_by="creation asc",
	)


def last_outcome(gateway) -> str:
	"""The last answer or decision the gateway received (a survey link follows each)."""
	return next(r["msg"] for r in reversed(gateway.received) if "/survey?token=" not in r["msg"])


def step(case, status, **values):
	case.reload()
	case.update({"status": status, **values})
	case.save()
	return case


def refused(case, status, **values) -> str:
	case.reload()
	case.update({"status": status, **values})
	with pytest.raises(BeneficiaryCareValidationError) as err:
		case.save()
	frappe.clear_messages()
	return str(err.value)


def test_acknowledgement_reaches_the_gateway_in_arabic_with_the_reference(gateway):
	case = helpers.case("Complaint", mobile="0551234567")
	assert len(gateway.received) == 1
	sms = gateway.received[0]
	assert sms["to"] == "966551234567" and sms["sender"] == "ALBIR"
	assert case.name in sms["msg"] and "شكراً" in sms["msg"] and "شكوى" in sms["msg"]
	[row] = messages(case)
	assert (row.purpose, row.medium, row.status, row.attempts) == ("Acknowledgement", "SMS", "Sent", 1)
	notes = frappe.get_all(
		"Comment", filters={"reference_name": case.name, "comment_type": "Info"}, pluck="content"
	)
	sent = "sent" if notes_language() == "en" else "أُرسلت"  # notes are in the site's language
	assert any("+966551234567" in n and sent in n for n in notes), notes


def test_complaint_whole_life(gateway):
	case = helpers.case("Complaint")
	step(case, "Accepted")
	assert case.acceptance == "Accepted"
	step(case, "In Progress")
	step(case, "Awaiting Beneficiary")
	step(case, "In Progress")
	assert refused(case, "Resolved", resolution="<p><br></p>").startswith("Resolution: ")
	step(case, "Resolved", resolution="<p>تم صرف المساعدة بتاريخ اليوم.</p>")
	assert case.resolved_on and case.first_responded_on
	answer = last_outcome(gateway)
	assert case.name in answer and "تم صرف المساعدة" in answer
	step(case, "Closed")
	step(case, "Reopened")
	assert case.reopen_count == 1 and not case.resolved_on
	step(case, "Resolved", resolution="<p>تم التصحيح.</p>")
	sms = [m.purpose for m in messages(case) if m.medium == "SMS"]
	assert sms == ["Acknowledgement", "Answer", "Survey", "Answer", "Survey"]  # a survey after each answer
	assert all(m.status == "Sent" for m in messages(case))


def test_rejected_complaint_tells_the_submitter_why(gateway):
	case = helpers.case("Complaint")
	assert refused(case, "Rejected").startswith("Rejection Reason: ")
	step(case, "Rejected", rejection_reason="الطلب خارج شروط الدعم")
	assert case.acceptance == "Rejected"
	assert "الطلب خارج شروط الدعم" in last_outcome(gateway)
	assert [m.purpose for m in messages(case) if m.medium == "SMS"][-2:] == ["Decision", "Survey"]


def test_inquiry_whole_life(gateway):
	case = helpers.case("Inquiry", email="asker@example.sa")
	assert refused(case, "Closed").startswith(
		"Status: cannot change from New to Closed; allowed next: Answered"
	)
	step(case, "Answered", resolution="<p>تصرف المساعدة في الأسبوع الأول من كل شهر.</p>")
	step(case, "Closed")
	step(case, "Reopened")
	step(case, "Answered", resolution="<p>تصرف يوم الأحد القادم.</p>")
	assert case.reopen_count == 1
	media = [(m.purpose, m.medium) for m in messages(case)]
	assert media.count(("Answer", "SMS")) == 2 and media.count(("Answer", "Email")) == 2
	assert frappe.db.exists(
		"Communication",
		{"reference_doctype": "Inquiry", "reference_name": case.name, "sent_or_received": "Sent"},
	)


def test_suggestion_whole_life(gateway):
	case = helpers.case("Suggestion")
	step(case, "Under Study")
	step(case, "Adopted", resolution="<p>سنطلق التطبيق العام القادم.</p>")
	assert "اعتماده" in last_outcome(gateway)
	step(case, "Closed")
	assert refused(case, "Reopened").startswith("Status: cannot change from Closed")


def test_first_contact_resolution_in_one_step_sends_only_the_acknowledgement(gateway):
	case = helpers.case(
		"Complaint", status="Resolved", first_contact_resolution=1, resolution="<p>أجيب هاتفياً.</p>"
	)
	assert case.first_responded_on and case.resolved_on and case.acceptance == "Accepted"
	assert [m.purpose for m in messages(case)] == ["Acknowledgement"]


def test_a_case_that_needs_an_answer_needs_a_contact():
	doc = frappe.get_doc(
		{
			"doctype": "Inquiry",
			"channel": helpers.channel(),
			"subject": "سؤال",
			"description": "سؤال",
		}
	)
	with pytest.raises(BeneficiaryCareValidationError, match="Mobile: a mobile or an email is needed"):
		doc.insert()
	anonymous = helpers.case("Complaint", mobile=None, is_anonymous=1)
	assert messages(anonymous) == []


def test_gateway_down_saves_the_case_logs_the_failure_and_the_retry_delivers(gateway):
	gateway.down()
	case = helpers.case("Inquiry")
	assert frappe.db.exists("Inquiry", case.name)
	[row] = messages(case)
	assert (
		row.status == "Failed"
		and row.attempts == 1
		and "ConnectionRefusedError: [Errno 111] Connection refused" in row.last_error
	)
	note = frappe.get_all("Comment", filters={"reference_name": case.name}, pluck="content")
	failed = "failed" if notes_language() == "en" else "فشل"  # notes are in the site's language
	assert any(failed in n for n in note), note
	delivery.retry_due(now=add_to_date(now_datetime(), minutes=1))
	assert messages(case)[0].status == "Failed"  # not due yet: the back-off holds
	gateway.up()
	delivery.retry_due(now=add_to_date(now_datetime(), minutes=10))
	[row] = messages(case)
	assert row.status == "Sent" and row.attempts == 2
	# (the sweep also delivers whatever else is due on this site; count only this case's messages)
	mine = lambda: [r for r in gateway.received if case.name in r["msg"]]  # noqa: E731
	assert len(mine()) == 1
	delivery.retry_due(now=add_to_date(now_datetime(), hours=1))
	assert len(mine()) == 1  # sent once, never again


def test_gateway_answering_200_with_an_error_is_a_failure(gateway):
	gateway.body = '{"success": false, "message": "Insufficient balance"}'
	case = helpers.case("Complaint")
	[row] = messages(case)
	assert row.status == "Failed" and "Insufficient balance" in row.last_error


def test_answered_cases_close_after_the_set_days(gateway):
	case = helpers.case("Inquiry")
	step(case, "Answered", resolution="<p>الجواب</p>")
	frappe.db.set_single_value("Beneficiary Care Settings", "auto_close_days", 7)
	assert closing.close_answered_cases(now=add_days(now_datetime(), 3)) == 0
	assert closing.close_answered_cases(now=add_days(now_datetime(), 8)) >= 1
	assert frappe.db.get_value("Inquiry", case.name, "status") == "Closed"


def test_marking_a_duplicate_cancels_and_links_it(gateway):
	kept = helpers.case("Complaint")
	dup = helpers.case("Complaint")
	step(dup, "New", duplicate_of=kept.name)
	assert dup.status == "Cancelled" and kept.name in dup.cancellation_reason


def queued_mail(subject_part: str) -> list[str]:
	rows = frappe.get_all(
		"Email Queue",
		filters={"message": ["like", f"%{subject_part}%"]},
		fields=["name"],
	)
	return [
		r
		for row in rows
		for r in frappe.get_all("Email Queue Recipient", filters={"parent": row.name}, pluck="recipient")
	]


def test_standard_notifications_tell_staff(gateway):
	manager = helpers.staff_user("notify-manager@care.example.com", "Care Manager")
	case = helpers.case("Complaint", subject="شكوى للتنبيه")
	step(case, "Rejected", rejection_reason="خارج الاختصاص")
	assert manager in queued_mail(case.name)
	officer = helpers.staff_user("notify-officer@care.example.com", "Care Officer")
	frappe.set_user(officer)
	reopened = helpers.case("Inquiry", subject="استفسار يعاد فتحه")
	frappe.set_user("Administrator")
	step(reopened, "Answered", resolution="<p>جواب</p>")
	step(reopened, "Closed")
	step(reopened, "Reopened")
	# the officer who registered it is told in the desk's notifications (Frappe skips the one acting)
	for subject in ("%أُرسل الرد%", "%أعيد فتح%"):
		assert frappe.db.exists(
			"Notification Log",
			{"document_name": reopened.name, "for_user": officer, "subject": ["like", subject]},
		), subject
	# the link to the case is Frappe's own (the desk moved from /app/ to /desk/ in v16)
	content = frappe.get_all(
		"Notification Log",
		filters={"document_name": reopened.name, "for_user": officer, "subject": ["like", "%أعيد فتح%"]},
		pluck="email_content",
	)
	assert f'href="{frappe.utils.get_url_to_form(reopened.doctype, reopened.name)}"' in content[0]
