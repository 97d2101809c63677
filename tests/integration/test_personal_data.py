"""Personal data served by Frappe's own features (issue 13): a beneficiary's request to download or
erase their data reaches their file, their cases, their guest submissions and their messages."""

from tests.integration import require_site

require_site()

import json

import frappe
from frappe.website.doctype.personal_data_download_request.personal_data_download_request import (
	get_user_data,
)

from tests.integration import helpers

EMAIL = "beneficiary.pd@example.com"


def person():
	file = helpers.beneficiary(email=EMAIL, full_name="نورة سالم")
	case = helpers.case("Complaint", email=EMAIL, contact_name="نورة سالم", beneficiary=file.name)
	return file, case


def test_the_download_request_holds_the_file_and_the_cases():
	file, case = person()
	data = json.loads(get_user_data(EMAIL))
	assert [r["name"] for r in data["Beneficiary"]] == [file.name]
	assert case.name in [r["name"] for r in data["Complaint"]]


def test_the_deletion_request_redacts_the_file_and_the_cases_which_stay_counted():
	file, case = person()
	frappe.get_doc(
		{
			"doctype": "User",
			"email": EMAIL,
			"first_name": "نورة",
			"user_type": "Website User",
			"send_welcome_email": 0,
		}
	).insert(ignore_permissions=True)
	request = frappe.get_doc({"doctype": "Personal Data Deletion Request", "email": EMAIL}).insert(
		ignore_permissions=True
	)
	request._anonymize_data(commit=False)
	stored = frappe.db.get_value(
		"Beneficiary", file.name, ["full_name", "email", "mobile", "national_id"], as_dict=True
	)
	assert "نورة" not in (stored.full_name or "") and EMAIL not in (stored.email or "")
	assert stored.national_id != file.national_id and stored.mobile != file.mobile
	kept = frappe.db.get_value(
		"Complaint", case.name, ["contact_name", "email", "mobile", "status"], as_dict=True
	)
	assert kept.status == case.status  # the case stays, for the association's figures
	assert "نورة" not in (kept.contact_name or "") and EMAIL not in (kept.email or "")
	assert kept.mobile != case.mobile
