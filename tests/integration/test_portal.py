"""Guests: the single-use survey link and tracking a case — validation, one use, expiry, no leaks,
rate limits."""

from tests.integration import require_site

require_site()

import re
import uuid

import frappe
import pytest
from frappe.utils import add_days, now_datetime

from beneficiary_care.beneficiary_care.doctype.case_submission.case_submission import (
	PERSONAL_FIELDS,
	purge_guest_data,
)
from beneficiary_care.core.periods import date_range
from beneficiary_care.messaging import surveys
from beneficiary_care.portal import api
from beneficiary_care.reporting.counting import campaign_csat
from tests.integration import helpers


def answered_inquiry(**values):
	case = helpers.case("Inquiry", mobile="0553334444", **values)
	case.reload()
	case.update({"status": "Answered", "resolution": "<p>تصرف المساعدة الأحد القادم.</p>"})
	case.save()
	return case


def survey_token(case) -> str:
	[message] = frappe.get_all(
		"Case Message",
		filters={"reference_name": case.name, "purpose": "Survey", "medium": "SMS"},
		pluck="message",
	)
	return re.search(r"/survey\?token=([A-Za-z0-9_\-]+)", message).group(1)


def refused(fn, *args, **kwargs) -> str:
	with pytest.raises(frappe.ValidationError) as err:
		fn(*args, **kwargs)
	frappe.clear_messages()
	return str(err.value)


def test_answering_sends_a_survey_link_that_works_once():
	case = answered_inquiry()
	token = survey_token(case)
	assert frappe.db.exists("Survey Invitation", {"reference_name": case.name, "used_on": ["is", "not set"]})
	reply = api.submit_survey(
		token, overall_rating="5", staff_conduct_rating="4", answer_met_need="Yes", comment="شكراً"
	)
	assert "Thank you" in reply["message"]
	survey = frappe.get_last_doc("Satisfaction Survey", filters={"reference_name": case.name})
	assert (survey.survey_method, survey.overall_rating, survey.staff_conduct_rating) == ("Link", 1.0, 0.8)
	assert "already answered" in refused(api.submit_survey, token, overall_rating="1", comment="x")
	assert frappe.db.count("Satisfaction Survey", {"reference_name": case.name}) == 1


def test_forged_expired_and_low_score_answers():
	case = answered_inquiry()
	token = survey_token(case)
	assert "not valid" in refused(api.submit_survey, "A" * 32, overall_rating="5")
	assert "not valid" in refused(api.submit_survey, "<script>", overall_rating="5")
	assert "please tell us" in refused(api.submit_survey, token, overall_rating="1")
	assert "1 to 5" in refused(api.submit_survey, token, overall_rating="9")
	frappe.db.set_value(
		"Survey Invitation", {"reference_name": case.name}, "expires_on", add_days(now_datetime(), -1)
	)
	assert "expired" in refused(api.submit_survey, token, overall_rating="5")
	assert not frappe.db.exists("Satisfaction Survey", {"reference_name": case.name})


def test_the_survey_page_shows_the_form_or_says_why_not():
	from beneficiary_care.www import survey

	case = answered_inquiry()
	token = survey_token(case)
	frappe.form_dict.token = token
	context = survey.get_context(frappe._dict())
	assert context.token == token and context.reference == case.name and not context.state_message
	frappe.form_dict.token = "forged-" + uuid.uuid4().hex
	context = survey.get_context(frappe._dict())
	assert not context.token and "not valid" in context.state_message
	frappe.form_dict.pop("token")


def test_tracking_needs_the_reference_and_the_registered_mobile():
	case = helpers.case("Complaint", mobile="0557778888", subject="متابعة")
	shown = api.track_case(case.name.lower(), "٠٥٥٧٧٧٨٨٨٨")
	assert shown["reference"] == case.name and shown["status"] == "New" and shown["answer"] == ""
	assert set(shown) == {"reference", "kind", "status", "steps", "answer", "reason"}  # nothing internal
	wrong_mobile = refused(api.track_case, case.name, "0550000000")
	unknown = refused(api.track_case, "CMP-1999-99999", "0557778888")
	assert wrong_mobile == unknown == "No case matches this reference number and mobile."
	case.reload()
	case.update({"status": "Rejected", "rejection_reason": "خارج شروط الدعم"})
	case.save()
	assert api.track_case(case.name, "0557778888")["reason"] == "خارج شروط الدعم"


def test_guest_entry_points_are_rate_limited():
	case = helpers.case("Inquiry", mobile="0559990000")
	frappe.local.request = frappe._dict(method="POST")
	frappe.local.request_ip = f"test-client-{uuid.uuid4().hex}"  # a key in the limiter, not an address
	frappe.form_dict.cmd = "beneficiary_care.portal.api.track_case"
	try:
		for _ in range(5):
			api.track_case(case.name, "0559990000")
		with pytest.raises(frappe.RateLimitExceededError):
			api.track_case(case.name, "0559990000")
	finally:
		del frappe.local.request  # no request, as before (None would not be "no request" to Frappe)
		frappe.form_dict.pop("cmd", None)
		frappe.clear_messages()


def submission(**values):
	return frappe.get_doc(
		{
			"doctype": "Case Submission",
			"kind": "Complaint",
			"full_name": "زائر",
			"mobile": "0561112222",
			"description": "تأخر صرف المساعدة.",
			"consent": 1,
			**values,
		}
	)


def test_a_guest_submission_becomes_a_case_with_its_reference():
	frappe.set_user("Guest")
	doc = submission(kind="Inquiry", subject_category="الخدمات الإلكترونية").insert(ignore_permissions=True)
	frappe.set_user("Administrator")
	assert doc.case_doctype == "Inquiry" and doc.case_reference.startswith("INQ-")
	case = frappe.get_doc("Inquiry", doc.case_reference)
	assert frappe.db.get_value("Case Channel", case.channel, "code") == "website"
	assert (case.mobile, case.status, case.contact_name) == ("+966561112222", "New", "زائر")
	acknowledgement = frappe.get_all(
		"Case Message", filters={"reference_name": case.name, "purpose": "Acknowledgement"}
	)
	assert acknowledgement


def test_the_web_form_returns_the_reference_to_the_guest():
	import json

	from frappe.website.doctype.web_form.web_form import accept

	frappe.set_user("Guest")
	data = {
		"kind": "Suggestion",
		"full_name": "زائرة",
		"mobile": "0562223333",
		"description": "اقتراح",
		"consent": 1,
		"doctype": "Case Submission",
		"web_form_name": "submit-a-case",
		"case_reference": "CMP-1-FORGED",
		"status": "Closed",
	}
	doc = accept("submit-a-case", json.dumps(data))
	frappe.set_user("Administrator")
	assert doc.case_reference.startswith("SUG-") and doc.case_reference != "CMP-1-FORGED"
	assert frappe.db.get_value("Suggestion", doc.case_reference, "status") == "New"


@pytest.mark.parametrize(
	("values", "expected"),
	[
		({"mobile": "+971501234567"}, "Mobile: "),
		({"national_id": "1234567890"}, "National ID / Iqama (optional): "),
		({"email": "not-an-email"}, "mail"),
		({"consent": 0}, "I agree"),
		({"description": "ا" * 3001}, "Details: "),
		({"website": "http://spam.example"}, "could not be accepted"),
		({"description": "<script></script>"}, "Details: "),
	],
)
def test_bad_guest_input_is_refused_and_nothing_is_saved(values, expected):
	before = {dt: frappe.db.count(dt) for dt in ("Case Submission", "Complaint")}
	message = refused(submission(**values).insert, ignore_permissions=True)
	assert expected in message
	assert {dt: frappe.db.count(dt) for dt in before} == before


def test_script_tags_are_stripped_and_private_categories_dropped():
	frappe.db.set_value("Need Category", "أخرى", "is_public", 0)
	doc = submission(description="<script>alert(1)</script>أحتاج مساعدة", need_category="أخرى").insert(
		ignore_permissions=True
	)
	case = frappe.get_doc("Complaint", doc.case_reference)
	assert "<script>" not in case.description and "أحتاج مساعدة" in case.description
	assert not case.need_category


def test_one_reminder_with_a_fresh_link_for_an_unanswered_survey():
	case = answered_inquiry()
	first = survey_token(case)
	frappe.db.set_single_value("Beneficiary Care Settings", "survey_reminder_days", 3)
	frappe.db.set_value(
		"Survey Invitation", {"reference_name": case.name}, "creation", add_days(now_datetime(), -4)
	)
	assert surveys.remind_unanswered_surveys() >= 1
	links = frappe.get_all(
		"Case Message",
		filters={"reference_name": case.name, "purpose": "Survey", "medium": "SMS"},
		pluck="message",
	)
	assert len(links) == 2
	fresh = re.search(r"/survey\?token=([A-Za-z0-9_\-]+)", next(m for m in links if first not in m)).group(1)
	assert "expired" in refused(api.submit_survey, first, overall_rating="5")
	api.submit_survey(fresh, overall_rating="5")
	assert surveys.remind_unanswered_surveys() == 0  # never a second reminder


def test_no_reminder_is_counted_for_a_case_that_lost_its_contact():
	case = answered_inquiry()
	first = survey_token(case)
	frappe.db.set_single_value("Beneficiary Care Settings", "survey_reminder_days", 3)
	frappe.db.set_value(
		"Survey Invitation", {"reference_name": case.name}, "creation", add_days(now_datetime(), -4)
	)
	frappe.db.set_value("Inquiry", case.name, {"mobile": None, "email": None})
	assert surveys.remind_unanswered_surveys() == 0
	invitations = frappe.get_all(
		"Survey Invitation", filters={"reference_name": case.name}, fields=["reminder_sent_on", "expires_on"]
	)
	assert len(invitations) == 1 and invitations[0].reminder_sent_on is None
	assert invitations[0].expires_on > now_datetime()  # the link sent before still works
	api.submit_survey(first, overall_rating="5")


def test_my_cases_shows_a_beneficiary_only_their_own_cases():
	from importlib import import_module

	my_cases = import_module("beneficiary_care.www.my_cases")
	mine, theirs = helpers.beneficiary(), helpers.beneficiary()
	own = answered_inquiry(beneficiary=mine.name)
	helpers.case("Complaint", beneficiary=theirs.name)
	frappe.set_user(helpers.portal_user("my-cases@example.com", mine.name))
	context = my_cases.get_context(frappe._dict())
	assert [c["name"] for c in context.cases] == [own.name]
	assert "الأحد القادم" in context.cases[0]["answer"]
	frappe.set_user("Guest")  # no cases for guests: they are sent to log in by mobile (test_mobile_login)
	with pytest.raises(frappe.Redirect):
		my_cases.get_context(frappe._dict())
	assert frappe.local.flags.redirect_location.startswith("/login-by-mobile?")


def test_survey_answers_are_rate_limited_too():
	frappe.local.request = frappe._dict(method="POST")
	frappe.local.request_ip = f"test-client-{uuid.uuid4().hex}"
	frappe.form_dict.cmd = "beneficiary_care.portal.api.submit_survey"
	try:
		for _ in range(10):
			refused(api.submit_survey, "forged-" + uuid.uuid4().hex, overall_rating="5")
		with pytest.raises(frappe.RateLimitExceededError):
			api.submit_survey("forged-" + uuid.uuid4().hex, overall_rating="5")
	finally:
		del frappe.local.request  # no request, as before (None would not be "no request" to Frappe)
		frappe.form_dict.pop("cmd", None)
		frappe.clear_messages()


def test_an_empty_required_field_is_refused():
	assert "Details" in refused(submission(description="   ").insert, ignore_permissions=True)
	assert "Full Name" in refused(submission(full_name="<b></b>").insert, ignore_permissions=True)


@pytest.fixture
def browser():
	"""One guest's browser: the upload token its cookie would carry (guest_uploads)."""
	frappe.local.bc_upload_token = None
	yield
	frappe.local.bc_upload_token = None
	frappe.set_user("Administrator")


def guest_file(name: str, size: int) -> str:
	"""A file uploaded by a guest, as Frappe's upload_file makes it: the bytes come with the request."""
	frappe.set_user("Guest")
	frappe.local.uploaded_file = content = helpers.pdf(padding=size)
	try:
		file = frappe.get_doc(
			{"doctype": "File", "file_name": name, "content": content, "is_private": 1}
		).insert(ignore_permissions=True)
	finally:
		frappe.local.uploaded_file = None
	return file.file_url


def as_guest(doc):
	frappe.set_user("Guest")
	try:
		return doc.insert(ignore_permissions=True)
	finally:
		frappe.set_user("Administrator")


def test_an_attachment_goes_with_the_case_and_only_small_pdfs_or_images_are_taken(browser):
	url = guest_file(f"letter-{uuid.uuid4().hex[:6]}.pdf", 1000)
	doc = as_guest(submission(attachment=url))
	[file] = frappe.get_all(
		"File", filters={"file_url": url}, fields=["attached_to_doctype", "attached_to_name"]
	)
	assert (file.attached_to_doctype, file.attached_to_name) == ("Complaint", doc.case_reference)
	assert not doc.attachment  # no address back: Frappe's form script would link it once more
	script = guest_file(f"run-{uuid.uuid4().hex[:6]}.exe", 100)
	assert "Attachment" in refused(as_guest, submission(attachment=script))
	huge = guest_file(f"scan-{uuid.uuid4().hex[:6]}.pdf", 6 * 1024 * 1024)
	assert "5 MB" in refused(as_guest, submission(attachment=huge))


def board_file():
	"""A private file of the board's (staff's), as an attacker would name it."""
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"BR-{uuid.uuid4().hex[:6]}.pdf",
			"content": helpers.pdf(),
			"is_private": 1,
		}
	).insert()


def test_a_guest_attaches_only_what_their_own_browser_uploaded_and_only_once(browser):
	"""Issue 30, finding 1: the case form took the address of any file on the site."""
	board = board_file()
	assert "Attachment" in refused(as_guest, submission(attachment=board.file_url))
	theirs = guest_file(f"id-{uuid.uuid4().hex[:6]}.pdf", 100)  # another browser's upload
	frappe.local.bc_upload_token = None
	assert "Attachment" in refused(as_guest, submission(attachment=theirs))
	mine = guest_file(f"id-{uuid.uuid4().hex[:6]}.pdf", 100)
	as_guest(submission(attachment=mine))
	assert "Attachment" in refused(as_guest, submission(attachment=mine))  # used up with the first case
	assert frappe.get_all("File", filters={"file_url": board.file_url}, pluck="owner") == ["Administrator"]


def test_a_guest_cannot_link_a_file_row_to_an_address_on_the_site(browser):
	"""upload_file with a bare file_url made a File row pointing at any file, attached wherever the guest
	said (Frappe then serves the file to whoever may read that document)."""
	board = board_file()
	case = helpers.case("Complaint")
	frappe.set_user("Guest")
	link = {
		"doctype": "File",
		"file_url": board.file_url,
		"attached_to_doctype": "Complaint",
		"attached_to_name": case.name,
	}
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(link).insert(ignore_permissions=True)
	frappe.set_user("Administrator")
	assert frappe.db.count("File", {"file_url": board.file_url}) == 1


def test_the_patch_removes_guest_rows_pointing_at_another_documents_file(browser):
	from beneficiary_care.portal.uploads import remove_guest_links

	board = board_file()
	own = guest_file(f"own-{uuid.uuid4().hex[:6]}.pdf", 10)
	frappe.set_user("Administrator")
	# what the old form made: a guest's row on a case pointing at the board's file, a second later
	stolen = frappe.get_doc(
		{
			"doctype": "File",
			"file_url": board.file_url,
			"attached_to_doctype": "Complaint",
			"attached_to_name": "CMP-X",
		}
	)
	stolen.insert(ignore_permissions=True)
	frappe.db.set_value(  # the row as it is in the database (Frappe v16's insert copies the file instead)
		"File",
		stolen.name,
		{
			"owner": "Guest",
			"creation": frappe.utils.add_to_date(board.creation, seconds=1),
			"file_url": board.file_url,
		},
	)
	removed = remove_guest_links()
	assert [row.name for row in removed] == [stolen.name]
	assert frappe.db.exists("File", board.name) and frappe.db.exists("File", {"file_url": own})
	assert not frappe.db.exists("File", stolen.name)


def test_a_national_id_typed_links_no_strangers_file_and_waits_for_staff():
	"""Issue 30, finding 2: someone's national ID and one's own mobile put the case on their file."""
	from beneficiary_care.cases import intake

	holder = helpers.beneficiary(full_name="صاحب الملف")
	stranger = helpers.unused_mobile()
	frappe.set_user("Guest")
	doc = submission(national_id=holder.national_id, mobile=stranger).insert(ignore_permissions=True)
	frappe.set_user("Administrator")
	case = frappe.get_doc("Complaint", doc.case_reference)
	assert not case.beneficiary and not case.beneficiary_name
	assert frappe.db.get_value("Case Submission", doc.name, "claimed_file") == holder.name
	assert intake.claimed_file("Complaint", case.name).full_name == "صاحب الملف"
	assert intake.confirm_claimed_file("Complaint", case.name) == holder.name
	assert frappe.db.get_value("Complaint", case.name, "beneficiary") == holder.name
	assert intake.claimed_file("Complaint", case.name) is None
	# the ID with the file's own mobile: the same person as far as the form can tell
	frappe.set_user("Guest")
	own = submission(national_id=holder.national_id, mobile=holder.mobile).insert(ignore_permissions=True)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Complaint", own.case_reference, "beneficiary") == holder.name


def test_consent_is_the_box_ticked_and_the_description_has_one_limit():
	"""Issue 30, findings 8 and 9."""
	for given in ("yes", "on", "true", 2):
		assert "I agree" in refused(submission(consent=given).insert, ignore_permissions=True)
	doc = submission(consent="1", description="ب" * 3000).insert(ignore_permissions=True)
	assert frappe.db.get_value("Case Submission", doc.name, "consent") == 1
	assert len(frappe.db.get_value("Complaint", doc.case_reference, "description")) == 3000
	assert "3000" in refused(submission(description="ب" * 3001).insert, ignore_permissions=True)


def test_a_campaign_asks_its_segment_once_and_its_answers_count_apart():
	frappe.get_doc({"doctype": "Beneficiary Category", "category_name": "فئة الحملة"}).insert()
	asked = helpers.beneficiary(beneficiary_category="فئة الحملة")
	helpers.beneficiary()  # another category: not asked
	campaign = frappe.get_doc(
		{
			"doctype": "Survey Campaign",
			"campaign_name": f"حملة {uuid.uuid4().hex[:6]}",
			"beneficiary_category": "فئة الحملة",
		}
	).insert()
	assert campaign.send_links() == 1
	assert "already sent" in refused(frappe.get_doc("Survey Campaign", campaign.name).send_links)
	[message] = frappe.get_all(
		"Case Message",
		filters={"reference_name": campaign.name, "purpose": "Campaign Survey"},
		pluck="message",
	)
	token = re.search(r"/survey\?token=([A-Za-z0-9_\-]+)", message).group(1)
	today = now_datetime().date()
	frappe.db.delete("Satisfaction Survey", {"survey_method": "Campaign"})  # rolled back with the test
	assert campaign_csat(date_range(today, today)) is None  # a rate over nothing is not 0 %
	api.submit_survey(token, overall_rating="4")
	survey = frappe.get_last_doc("Satisfaction Survey", filters={"campaign": campaign.name})
	assert (survey.survey_method, survey.beneficiary, survey.reference_name) == ("Campaign", asked.name, None)
	assert campaign_csat(date_range(today, today)) == 100  # four stars: satisfied


def test_a_guest_submission_keeps_no_personal_data_once_its_case_exists():
	frappe.set_user("Guest")
	doc = submission(national_id=helpers.national_id(), email="guest@example.com").insert(
		ignore_permissions=True
	)
	frappe.set_user("Administrator")
	stored = frappe.db.get_value(
		"Case Submission", doc.name, ["case_reference", *PERSONAL_FIELDS], as_dict=True
	)
	assert stored.case_reference and not any(stored[f] for f in PERSONAL_FIELDS)
	case = frappe.get_doc("Complaint", doc.case_reference)
	assert (case.contact_name, case.mobile) == ("زائر", "+966561112222")  # the case keeps them


def test_kept_guest_data_is_cleared_by_the_daily_job_after_the_settings_days():
	frappe.db.set_single_value("Beneficiary Care Settings", "guest_data_days", 30)
	doc = submission().insert(ignore_permissions=True)
	assert frappe.db.get_value("Case Submission", doc.name, "mobile")  # kept for 30 days
	purge_guest_data()
	assert frappe.db.get_value("Case Submission", doc.name, "mobile")  # not yet
	frappe.db.set_value("Case Submission", doc.name, "creation", add_days(now_datetime(), -31))
	assert purge_guest_data() >= 1
	assert not frappe.db.get_value("Case Submission", doc.name, "mobile")
	assert frappe.db.get_value("Case Submission", doc.name, "case_reference")
