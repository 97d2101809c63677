"""Creating every record in code, and the clear, field-named refusal of bad input."""

from tests.integration import require_site

require_site()


import re

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from beneficiary_care.cases.beneficiary_search import search_beneficiaries
from beneficiary_care.core.digits import to_arabic_indic_digits
from beneficiary_care.framework.validation import BeneficiaryCareValidationError
from tests.integration import helpers


def refused(doc_or_fn, exc=frappe.ValidationError) -> str:
	"""Insert (or call) and return the error message; assert that nothing was saved."""
	before = frappe.db.count(doc_or_fn.doctype) if hasattr(doc_or_fn, "doctype") else None
	with pytest.raises(exc) as err:
		doc_or_fn.insert() if hasattr(doc_or_fn, "insert") else doc_or_fn()
	if before is not None:
		assert frappe.db.count(doc_or_fn.doctype) == before
	frappe.clear_messages()
	return str(err.value)


# ------------------------------------------------------------------ Beneficiary


def test_beneficiary_normalises_id_and_mobile_and_masks_the_id():
	nid = helpers.national_id()
	doc = helpers.beneficiary(
		national_id=to_arabic_indic_digits(nid), mobile="٠٥٥ ١٢٣ ٤٥٦٧", email=" A@B.SA "
	)
	assert doc.national_id == nid
	assert doc.national_id_masked == "******" + nid[-4:]
	assert doc.mobile == "+966551234567"
	assert doc.email == "a@b.sa"
	assert re.fullmatch(r"BEN-\d{5}", doc.name)


def test_invalid_national_id_names_the_field_in_english_and_arabic():
	bad = frappe.get_doc({"doctype": "Beneficiary", "full_name": "x", "national_id": "1234567890"})
	message = refused(bad, BeneficiaryCareValidationError)
	assert message.startswith("National ID / Iqama: ")
	frappe.local.lang = "ar"
	message = refused(frappe.get_doc(bad.as_dict()), BeneficiaryCareValidationError)
	assert message.startswith(frappe._("National ID / Iqama") + ": ")
	assert "National" not in message and "check digit" not in message


def test_invalid_mobile_and_email_are_refused():
	assert refused(helpers_doc("Beneficiary", mobile="0112345678")).startswith("Mobile: ")
	assert "email" in refused(helpers_doc("Beneficiary", email="not-an-email")).lower()


def test_second_file_with_the_same_national_id_is_refused_and_names_the_first():
	first = helpers.beneficiary()
	message = refused(helpers_doc("Beneficiary", national_id=first.national_id))
	assert first.name in message


def test_closed_file_needs_a_reason():
	assert refused(helpers_doc("Beneficiary", file_status="Closed")).startswith("Closure Reason: ")


def test_search_finds_by_id_in_arabic_digits_and_by_any_mobile_form_showing_only_last_four():
	nid = helpers.national_id()
	doc = helpers.beneficiary(full_name="نورة عبدالله", national_id=nid, mobile="0559876543")
	for typed in (to_arabic_indic_digits(nid), "+966 55 987 6543", "٠٥٥٩٨٧٦٥٤٣", "نوره", doc.name):
		rows = search_beneficiaries("Beneficiary", typed, "name", 0, 20, {})
		assert doc.name in [r[0] for r in rows], typed
		assert all(nid not in map(str, r) for r in rows), "full national ID leaked into search results"


def test_national_id_is_hidden_from_department_staff():
	doc = helpers.beneficiary()
	frappe.set_user(helpers.staff_user("staff-ben@example.com", "Department Staff"))
	rows = frappe.get_list("Beneficiary", filters={"name": doc.name}, fields=["name", "national_id_masked"])
	assert rows == [{"name": doc.name, "national_id_masked": doc.national_id_masked}]
	visible = frappe.get_doc("Beneficiary", doc.name)
	visible.apply_fieldlevel_read_permissions()
	assert not visible.get("national_id")


# ------------------------------------------------------------------ cases


@pytest.mark.parametrize(
	("doctype", "prefix"), [("Complaint", "CMP"), ("Inquiry", "INQ"), ("Suggestion", "SUG")]
)
def test_each_case_kind_gets_a_yearly_reference_and_defaults(doctype, prefix):
	doc = helpers.case(doctype, mobile="٠٥٠١٢٣٤٥٦٧")
	assert re.fullmatch(rf"{prefix}-{now_datetime().year}-\d{{5}}", doc.name)
	assert doc.status == "New"
	assert doc.mobile == "+966501234567"
	assert abs((now_datetime() - frappe.utils.get_datetime(doc.received_on)).total_seconds()) < 120
	assert doc.reassignment_count == 0 and doc.reopen_count == 0


def test_case_takes_the_contact_from_the_beneficiary_file():
	file = helpers.beneficiary(full_name="خالد سعد", email="k@example.sa")
	doc = helpers.case("Inquiry", beneficiary=file.name, contact_name=None, mobile=None)
	assert (doc.contact_name, doc.mobile, doc.email, doc.beneficiary_name) == (
		"خالد سعد",
		file.mobile,
		"k@example.sa",
		"خالد سعد",
	)


def test_back_dated_case_is_kept_and_a_future_one_refused():
	back = add_to_date(now_datetime(), days=-3).replace(microsecond=0)
	doc = helpers.case(received_on=back)
	assert frappe.db.get_value("Complaint", doc.name, "received_on") == back
	doc = helpers_doc("Complaint", received_on=add_to_date(now_datetime(), hours=3))
	assert refused(doc).startswith("Received On: ")


def test_unknown_and_disabled_channels_are_refused():
	assert "Channel" in refused(helpers_doc("Inquiry", channel="حمام زاجل"), frappe.LinkValidationError)
	frappe.db.set_value("Case Channel", helpers.channel(), "enabled", 0)
	assert refused(helpers_doc("Inquiry")).startswith("Channel: ")


def test_complaint_decision_rules():
	complaint = helpers.case("Complaint")
	complaint.status = "Rejected"
	assert refused(complaint.save).startswith("Rejection Reason: ")
	assert refused(helpers_doc("Complaint", is_confidential=1)).startswith("Employee Complained About: ")
	assert refused(helpers_doc("Suggestion", status="Cancelled")).startswith("Cancellation Reason: ")
	complaint.reload()
	complaint.update({"status": "Rejected", "rejection_reason": "خارج نطاق خدمات الجمعية"})
	complaint.save()
	assert complaint.acceptance == "Rejected"


def test_bad_mobile_on_a_case_names_the_field():
	assert refused(helpers_doc("Complaint", mobile="+971501234567")).startswith("Mobile: ")


def test_changes_are_tracked():
	doc = helpers.case("Complaint")
	doc.priority = "Urgent"
	doc.save(ignore_version=False)  # Frappe skips versions under tests unless asked
	assert frappe.db.exists("Version", {"ref_doctype": "Complaint", "docname": doc.name})


# ------------------------------------------------------------------ survey and configuration


def test_satisfaction_survey_on_an_inquiry():
	file = helpers.beneficiary()
	inquiry = helpers.case("Inquiry", beneficiary=file.name)
	survey = frappe.get_doc(
		{
			"doctype": "Satisfaction Survey",
			"reference_doctype": "Inquiry",
			"reference_name": inquiry.name,
			"survey_method": "Phone",
			"overall_rating": 0.8,
			"answer_met_need": "Yes",
		}
	).insert()
	assert survey.beneficiary == file.name
	assert survey.overall_rating * 5 == 4
	bad_kind = frappe.get_doc(
		dict(survey.as_dict(), name=None, reference_doctype="Beneficiary", reference_name=file.name)
	)
	assert refused(bad_kind).startswith("Case Kind: ")
	no_rating = frappe.get_doc(dict(survey.as_dict(), name=None, overall_rating=0))
	assert refused(no_rating).startswith("Overall Satisfaction: ")


def test_calendar_policy_and_settings_refuse_inconsistent_values():
	calendar = frappe.get_doc(
		{
			"doctype": "Working Calendar",
			"calendar_name": "وردية",
			"time_zone": "Asia/Riyadh",
			"windows": [
				{"weekday": "Sunday", "start_time": "08:00", "end_time": "12:00"},
				{"weekday": "Sunday", "start_time": "11:00", "end_time": "14:00"},
			],
		}
	)
	assert refused(calendar).startswith("Working Hours: row 2")
	calendar.windows[1].start_time = "12:00"
	calendar.insert()
	policy = frappe.get_doc(
		{
			"doctype": "Care SLA Policy",
			"policy_name": "اختبار",
			"case_kind": "Inquiry",
			"calendar": calendar.name,
			"response_hours": 48,
			"resolution_hours": 24,
		}
	)
	assert refused(policy).startswith("First Response Within (working hours): ")
	policy.response_hours, policy.is_default = 4, 1
	assert "already the default" in refused(policy)
	settings = frappe.get_single("Beneficiary Care Settings")
	settings.fiscal_year_start_month = 13
	with pytest.raises(
		BeneficiaryCareValidationError, match="Fiscal Year Starts in Month: must be between 1 and 12"
	):
		settings.save()


def test_department_members_are_unique():
	user = helpers.staff_user("member@example.com", "Department Staff")
	dept = frappe.get_doc(
		{
			"doctype": "Care Department",
			"department_name": "البحث الاجتماعي",
			"members": [{"user": user}, {"user": user}],
		}
	)
	assert refused(dept).startswith("Members: row 2")


# ------------------------------------------------------------------ portal access


def test_portal_user_reads_only_the_cases_of_their_own_file():
	mine, theirs = helpers.beneficiary(), helpers.beneficiary()
	my_case = helpers.case("Complaint", beneficiary=mine.name)
	other_case = helpers.case("Complaint", beneficiary=theirs.name)
	anonymous_case = helpers.case("Complaint")
	user = helpers.portal_user("ben-portal@example.com", mine.name)
	frappe.set_user(user)
	assert frappe.get_list("Complaint", pluck="name") == [my_case.name]
	assert frappe.has_permission("Complaint", "read", doc=my_case.name)
	assert not frappe.has_permission("Complaint", "read", doc=other_case.name)
	assert not frappe.has_permission("Complaint", "read", doc=anonymous_case.name)
	assert not frappe.has_permission("Complaint", "write", doc=my_case.name)
	assert frappe.get_list("Inquiry") == []


def test_portal_user_without_a_file_sees_nothing():
	helpers.case("Inquiry", beneficiary=helpers.beneficiary().name)
	frappe.set_user(helpers.portal_user("no-file@example.com", None))
	assert frappe.get_list("Inquiry") == []


def helpers_doc(doctype: str, **values):
	"""An unsaved document with valid defaults and `values` on top."""
	base = {
		"Beneficiary": {"full_name": "اسم", "national_id": helpers.national_id(), "mobile": helpers.mobile()},
	}.get(
		doctype,
		{
			"channel": helpers.channel(),
			"subject": "موضوع",
			"description": "وصف",
			"mobile": helpers.mobile(),
		},
	)
	return frappe.get_doc({"doctype": doctype, **base, **values})
