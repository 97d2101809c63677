"""Intake helpers for the desk, and cases arriving by mail (Frappe's Email Account append_to)."""

from tests.integration import require_site

require_site()

import frappe
import pytest
from frappe.email.receive import InboundMail

from beneficiary_care.cases import intake
from beneficiary_care.core.national_id import mask_national_id
from tests.integration import helpers


def test_find_beneficiary_by_id_or_mobile_as_typed():
	file = helpers.beneficiary(mobile="0557654321")
	by_id = intake.find_beneficiary(national_id="".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in file.national_id))
	assert by_id.name == file.name and by_id.national_id_masked == mask_national_id(file.national_id)
	assert "national_id" not in by_id
	assert intake.find_beneficiary(mobile="+966 55 765 4321").name == file.name
	assert intake.find_beneficiary(mobile="0500000001") is None
	assert intake.find_beneficiary(national_id="123") is None


def test_hints_show_the_same_persons_open_cases_and_similar_texts():
	file = helpers.beneficiary()
	open_inquiry = helpers.case(
		"Inquiry", beneficiary=file.name, subject="موعد صرف المساعدة الشهرية", description="متى تصرف؟"
	)
	open_complaint = helpers.case("Complaint", beneficiary=file.name)
	stranger_similar = helpers.case(
		"Inquiry", subject="متى تصرف المساعدة الشهريه", description="سؤال عن الصرف"
	)
	hints = intake.intake_hints("Inquiry", beneficiary=file.name, text="متى موعد صرف المساعدة الشهرية؟")
	assert {(h["doctype"], h["name"]) for h in hints["same_person"]} == {
		("Inquiry", open_inquiry.name),
		("Complaint", open_complaint.name),
	}
	similar = [h["name"] for h in hints["similar"]]
	assert open_inquiry.name in similar and stranger_similar.name in similar
	assert all(0 < h["score"] <= 1 for h in hints["similar"])


def test_the_case_being_registered_is_not_its_own_hint():
	case = helpers.case("Inquiry", subject="تحديث الحساب البنكي", description="كيف أحدث حسابي البنكي")
	hints = intake.intake_hints("Inquiry", name=case.name, mobile=case.mobile, text=case.subject)
	assert case.name not in [h["name"] for h in hints["same_person"] + hints["similar"]]


def test_mail_becomes_a_complaint_linked_to_the_senders_file():
	file = helpers.beneficiary(email="sender@example.sa")
	account = frappe.get_doc(
		{"doctype": "Email Account", "email_id": "care@example.com", "append_to": "Complaint", "use_imap": 0}
	)
	raw = (
		"From: Sender <sender@example.sa>\r\n"
		"To: care@example.com\r\n"
		"Subject: =?utf-8?b?" + __import__("base64").b64encode("تأخر المساعدة".encode()).decode() + "?=\r\n"
		"Message-ID: <bc-test-1@example.sa>\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n"
		"Content-Transfer-Encoding: 8bit\r\n\r\n"
		"لم تصلني المساعدة لهذا الشهر.\r\n"
	).encode()
	communication = InboundMail(raw, account).process()
	assert communication.reference_doctype == "Complaint"
	case = frappe.get_doc("Complaint", communication.reference_name)
	assert case.subject == "تأخر المساعدة"
	assert case.email == "sender@example.sa" and case.beneficiary == file.name
	assert frappe.db.get_value("Case Channel", case.channel, "code") == "email"
	assert "لم تصلني المساعدة" in case.description
	acknowledgement = frappe.get_all(
		"Case Message", filters={"reference_name": case.name, "medium": "Email"}, pluck="purpose"
	)
	assert acknowledgement == ["Acknowledgement"]


# ------------------------------------------------------------------ a file named on the public form


def claimed_case() -> tuple:
	"""A complaint from the portal whose national ID named a file with another mobile, in a department."""
	holder = helpers.beneficiary(full_name="صاحب ملف مذكور")
	department = frappe.get_doc(
		{"doctype": "Care Department", "department_name": f"قسم المطالبة {frappe.generate_hash(length=4)}"}
	).insert()
	frappe.set_user("Guest")
	submission = frappe.get_doc(
		{
			"doctype": "Case Submission",
			"kind": "Complaint",
			"full_name": "زائر",
			"mobile": helpers.unused_mobile(),
			"national_id": holder.national_id,
			"description": "شكوى من البوابة",
			"consent": 1,
		}
	).insert(ignore_permissions=True)
	frappe.set_user("Administrator")
	frappe.db.set_value("Complaint", submission.case_reference, "department", department.name)
	return holder, department.name, submission


@pytest.mark.parametrize(
	("role", "member", "opens"),
	[
		("Care Officer", False, True),
		("Care Manager", False, True),
		("Department Staff", True, True),
		("Department Staff", False, False),
		("Department Head", False, False),
		("Care Beneficiary", False, False),
	],
)
def test_the_claimed_file_door_opens_only_to_who_may_change_the_case(role, member, opens):
	"""Each role that can read cases, as a user who holds it alone: the file's name and the link are
	for staff who may change the case, never for the portal (whose user reads the case by mobile)."""
	holder, department, submission = claimed_case()
	email = f"claim-{frappe.scrub(role).replace('_', '-')}-{int(member)}@care.example.com"
	if role == "Care Beneficiary":
		helpers.portal_user(email, None)
		frappe.db.set_value("User", email, "mobile_no", submission.mobile)
	else:
		helpers.staff_user(email, role)
	if member:
		team = frappe.get_doc("Care Department", department)
		team.append("members", {"user": email})
		team.save()
	frappe.set_user(email)
	try:
		if opens:
			assert intake.claimed_file("Complaint", submission.case_reference).name == holder.name
			assert intake.confirm_claimed_file("Complaint", submission.case_reference) == holder.name
		else:
			for door in (intake.claimed_file, intake.confirm_claimed_file):
				with pytest.raises(frappe.PermissionError):
					door("Complaint", submission.case_reference)
	finally:
		frappe.set_user("Administrator")
	assert frappe.db.get_value("Complaint", submission.case_reference, "beneficiary") == (
		holder.name if opens else None
	)
