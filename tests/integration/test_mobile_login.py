"""Login by mobile: a one-time code by SMS to a known mobile, the portal account it opens (made once),
what a submitter without a file then reads, and every refusal alike — wrong, expired, used, locked,
unknown, malformed — with no account made and nothing revealed."""

from tests.integration import require_site

require_site()

import re
import time
import uuid
from importlib import import_module

import frappe
import pytest
from frappe.utils import add_days, add_to_date, now_datetime
from frappe.utils.password import get_encryption_key

from beneficiary_care.core import login_codes
from beneficiary_care.framework.permissions import figures_access
from beneficiary_care.messaging import delivery
from beneficiary_care.portal import api, mobile_login
from tests.integration import helpers

REFUSED = "This code is not valid. Check that you typed the last code we sent, or ask for a new one."
CODE_IN_SMS = re.compile(r"(?<![0-9])([0-9]{6})(?![0-9])")


class Logins:
	"""Stands in for frappe.local.login_manager: the real login_as starts a session, which commits —
	and the test's transaction with it."""

	def __init__(self):
		self.users: list[str] = []

	def login_as(self, user: str) -> None:
		self.users.append(user)


@pytest.fixture
def logins():
	previous = getattr(frappe.local, "login_manager", None)
	frappe.local.login_manager = Logins()
	yield frappe.local.login_manager
	frappe.local.login_manager = previous


def as_guest(fn, *args):
	frappe.set_user("Guest")
	try:
		return fn(*args)
	finally:
		frappe.set_user("Administrator")


def stored(mobile: str) -> str:
	return "+966" + mobile[1:]


def ask(mobile: str) -> dict:
	return as_guest(api.request_login_code, mobile)


def sent_code(gateway) -> str:
	return CODE_IN_SMS.search(gateway.received[-1]["msg"]).group(1)


def log_in(mobile: str, code: str) -> dict:
	return as_guest(api.verify_login_code, mobile, code)


def refused(fn, *args) -> str:
	with pytest.raises(frappe.ValidationError) as err:
		fn(*args)
	frappe.clear_messages()
	return str(err.value)


def messages(mobile: str) -> list[frappe._dict]:
	return frappe.get_all(
		"Case Message",
		filters={"purpose": "Login Code", "recipient": stored(mobile)},
		fields=["message", "status", "reference_doctype", "reference_name", "next_attempt_on"],
	)


def codes(mobile: str) -> list[frappe._dict]:
	return frappe.get_all("Care Login Code", filters={"mobile": stored(mobile)}, fields=["*"])


def mobile_user(mobile: str) -> str:
	return login_codes.mobile_user_name(mobile)


# ------------------------------------------------------------------ a code, and what it opens


def test_a_file_mobile_gets_one_six_digit_code_kept_only_as_a_hash(gateway):
	mobile = helpers.unused_mobile()
	helpers.beneficiary(mobile=mobile)
	ask(mobile)
	assert len(gateway.received) == 1 and gateway.received[0]["to"] == stored(mobile)[1:]
	code = sent_code(gateway)
	assert "10 دقائق" in gateway.received[0]["msg"]
	[message] = messages(mobile)
	[row] = codes(mobile)
	assert (message.status, message.reference_doctype, message.reference_name) == (
		"Sent",
		"Care Login Code",
		row.name,
	)
	assert code not in message.message and login_codes.MASK in message.message  # masked once sent
	assert row.code_hash == login_codes.hash_code(code, row.name, get_encryption_key())  # only the HMAC
	assert row.tries == 0 and row.used_on is None
	assert add_to_date(now_datetime(), minutes=9) < row.expires_on <= add_to_date(now_datetime(), minutes=10)
	assert not frappe.get_all("Comment", filters={"reference_name": row.name})


def test_the_code_logs_in_makes_the_account_once_and_links_the_file(gateway, logins):
	mobile = helpers.unused_mobile()
	file = helpers.beneficiary(mobile=mobile, full_name="نورة سالم")
	ask(mobile)
	log_in(mobile, sent_code(gateway))
	user = mobile_user(mobile)
	assert logins.users == [user] and user == stored(mobile)[1:] + "@mobile.invalid"
	account = frappe.get_doc("User", user)
	assert (account.user_type, account.mobile_no, account.first_name) == (
		"Website User",
		stored(mobile),
		"نورة سالم",
	)
	assert not account.send_welcome_email and account.enabled
	assert {r.role for r in account.roles} == {"Care Beneficiary"}
	assert frappe.db.get_value("Beneficiary", file.name, "user") == user
	ask(mobile)
	log_in(mobile, sent_code(gateway))  # the second time: the same account
	assert logins.users == [user, user]
	assert frappe.db.count("User", {"name": user}) == 1


def test_a_file_that_has_a_portal_user_logs_into_it(gateway, logins):
	mobile = helpers.unused_mobile()
	file = helpers.beneficiary(mobile=mobile)
	email = helpers.portal_user(f"ben-{uuid.uuid4().hex[:8]}@example.com", file.name)
	ask(mobile)
	log_in(mobile, sent_code(gateway))
	assert logins.users == [email]
	assert not frappe.db.exists("User", mobile_user(mobile))


def test_a_code_never_opens_a_desk_account(gateway, logins):
	mobile = helpers.unused_mobile()
	file = helpers.beneficiary(mobile=mobile)
	officer = helpers.staff_user(f"officer-{uuid.uuid4().hex[:8]}@example.com", "Care Officer")
	frappe.db.set_value("Beneficiary", file.name, "user", officer)
	ask(mobile)
	assert refused(log_in, mobile, sent_code(gateway)) == REFUSED
	assert logins.users == []


# ------------------------------------------------------------------ refusals, all alike


def test_five_wrong_tries_and_even_the_right_code_is_refused(gateway, logins):
	mobile = helpers.unused_mobile()
	helpers.beneficiary(mobile=mobile)
	ask(mobile)
	code = sent_code(gateway)
	wrong = f"{(int(code) + 1) % 1000000:06d}"
	for _ in range(login_codes.MAX_TRIES):
		assert refused(log_in, mobile, wrong) == REFUSED
	assert codes(mobile)[0].tries == login_codes.MAX_TRIES
	assert refused(log_in, mobile, code) == REFUSED
	assert logins.users == [] and not frappe.db.exists("User", mobile_user(mobile))


def test_an_expired_code_is_refused(gateway, logins):
	mobile = helpers.unused_mobile()
	helpers.beneficiary(mobile=mobile)
	ask(mobile)
	[row] = codes(mobile)
	frappe.db.set_value("Care Login Code", row.name, "expires_on", add_to_date(now_datetime(), seconds=-1))
	assert refused(log_in, mobile, sent_code(gateway)) == REFUSED
	assert logins.users == [] and not frappe.db.exists("User", mobile_user(mobile))


def test_a_code_works_once_and_a_new_code_voids_the_old(gateway, logins):
	mobile = helpers.unused_mobile()
	helpers.beneficiary(mobile=mobile)
	ask(mobile)
	first = sent_code(gateway)
	ask(mobile)
	second = sent_code(gateway)
	if first != second:
		assert refused(log_in, mobile, first) == REFUSED
	log_in(mobile, second)
	assert refused(log_in, mobile, second) == REFUSED
	assert len(logins.users) == 1


def test_a_fourth_code_in_an_hour_is_not_sent_but_the_answer_is_the_same(gateway):
	mobile = helpers.unused_mobile()
	helpers.beneficiary(mobile=mobile)
	answers = [ask(mobile) for _ in range(login_codes.CODES_PER_HOUR + 1)]
	assert all(answer == answers[0] for answer in answers)
	assert len(gateway.received) == len(messages(mobile)) == len(codes(mobile)) == login_codes.CODES_PER_HOUR


def test_an_unknown_mobile_gets_the_same_answer_after_the_same_work(gateway, logins, monkeypatch):
	"""Issue 30, finding 3: a known mobile's request wrote its code and message before answering (and
	committed them after its padding), which timed it apart. Now the request does the same for every
	mobile — one cache entry, one job queued, nothing written — and the job decides after."""
	known, unknown = helpers.unused_mobile(), helpers.unused_mobile()
	helpers.beneficiary(mobile=known)
	queued = []
	monkeypatch.setattr(frappe, "enqueue", lambda method, **kwargs: queued.append((method, kwargs)))
	work = {}
	for mobile in (known, unknown):
		writes, before = frappe.db.transaction_writes, len(queued)
		answer = ask(mobile)
		work[mobile] = (
			answer,
			frappe.db.transaction_writes - writes,
			[(m, sorted(k)) for m, k in queued[before:]],
		)
	assert work[known] == work[unknown]
	assert work[known][1] == 0 and len(work[known][2]) == 1
	# no mobile in a job's arguments (they are in the worker's log)
	assert not [kwargs for _, kwargs in queued for mobile in (known, unknown) if mobile[1:] in str(kwargs)]
	monkeypatch.undo()
	for method, kwargs in queued:
		kwargs = {k: v for k, v in kwargs.items() if k not in ("queue", "enqueue_after_commit", "now")}
		frappe.get_attr(method)(**kwargs)
	assert len(gateway.received) == 1 and not messages(unknown) and not codes(unknown)
	wrong = f"{(int(sent_code(gateway)) + 1) % 1000000:06d}"
	for mobile in (known, unknown):  # a wrong try is written for the known one: no sooner refused
		started = time.monotonic()
		assert refused(log_in, mobile, wrong) == REFUSED
		assert time.monotonic() - started >= login_codes.RESPONSE_FLOOR_SECONDS
	assert logins.users == [] and not frappe.db.exists("User", mobile_user(unknown))


def test_a_submitter_whose_cases_are_all_closed_gets_no_code(gateway):
	mobile = helpers.unused_mobile()
	case = helpers.case("Inquiry", mobile=mobile)
	frappe.db.set_value("Inquiry", case.name, "status", "Closed")
	acknowledged = len(gateway.received)
	ask(mobile)
	assert len(gateway.received) == acknowledged and not codes(mobile)


@pytest.mark.parametrize(
	("mobile", "code"),
	[("0512", "123456"), ("+971501234567", "123456"), ("", ""), (None, None), ("٠٥٠", "x" * 500)],
)
def test_malformed_input_gets_the_one_answer_and_makes_nothing(gateway, logins, mobile, code):
	users = frappe.db.count("User")
	assert refused(log_in, mobile, code) == REFUSED
	assert "Saudi mobile" in refused(ask, mobile)
	assert frappe.db.count("User") == users and logins.users == [] and not gateway.received


# ------------------------------------------------------------------ what a submitter without a file reads


def test_a_submitter_without_a_file_reads_only_the_cases_of_that_mobile(gateway, logins):
	mobile = helpers.unused_mobile()
	inquiry = helpers.case("Inquiry", mobile=mobile)
	complaint = helpers.case("Complaint", mobile=mobile)
	others = helpers.case("Complaint"), helpers.case("Inquiry", beneficiary=helpers.beneficiary().name)
	assert not inquiry.beneficiary and not complaint.beneficiary
	ask(mobile)
	log_in(mobile, sent_code(gateway))
	user = mobile_user(mobile)
	assert logins.users == [user] and not frappe.db.exists("Beneficiary", {"user": user})
	frappe.set_user(user)
	assert frappe.get_list("Complaint", pluck="name") == [complaint.name]
	assert frappe.get_list("Inquiry", pluck="name") == [inquiry.name]
	assert frappe.get_list("Suggestion") == []
	assert frappe.has_permission("Complaint", "read", doc=complaint.name)
	assert not frappe.has_permission("Complaint", "write", doc=complaint.name)
	assert not any(frappe.has_permission(c.doctype, "read", doc=c.name) for c in others)
	assert figures_access(user, "Complaint") is None
	my_cases = import_module("beneficiary_care.www.my_cases").get_context(frappe._dict())
	assert {c["name"] for c in my_cases.cases} == {inquiry.name, complaint.name}


# ------------------------------------------------------------------ the pages


def test_guests_opening_my_cases_are_sent_to_log_in_by_mobile():
	my_cases = import_module("beneficiary_care.www.my_cases")
	frappe.set_user("Guest")
	with pytest.raises(frappe.Redirect) as redirect:
		my_cases.get_context(frappe._dict())
	assert redirect.value.http_status_code == 302
	assert frappe.local.flags.redirect_location == "/login-by-mobile?redirect-to=/my-cases"


@pytest.mark.parametrize(
	("asked", "lands_on"),
	[("/my-cases", "/my-cases"), ("/track?_lang=ar", "/track?_lang=ar"), ("//evil.example", "/my-cases")],
)
def test_the_login_page_lands_only_on_this_sites_pages(asked, lands_on):
	page = import_module("beneficiary_care.www.login_by_mobile")
	try:
		frappe.set_user("Guest")  # (set_user empties form_dict: the parameter comes after it)
		frappe.form_dict["redirect-to"] = asked
		context = page.get_context(frappe._dict())
		assert context.target == lands_on and context.labels["mobile"]
		frappe.set_user("Administrator")  # already logged in: straight there
		frappe.form_dict["redirect-to"] = asked
		with pytest.raises(frappe.Redirect):
			page.get_context(frappe._dict())
		assert frappe.local.flags.redirect_location == lands_on
	finally:
		frappe.form_dict.pop("redirect-to", None)


# ------------------------------------------------------------------ limits and housekeeping


@pytest.mark.parametrize(("method", "limit"), [("request_login_code", 10), ("verify_login_code", 20)])
def test_both_login_endpoints_are_rate_limited_per_address(method, limit):
	args = (helpers.unused_mobile(), "000000")[: 1 if method == "request_login_code" else 2]
	frappe.local.request = frappe._dict(method="POST")
	frappe.local.request_ip = f"test-client-{uuid.uuid4().hex}"  # a key in the limiter, not an address
	frappe.form_dict.cmd = f"beneficiary_care.portal.api.{method}"
	endpoint = getattr(api, method)
	try:
		for _ in range(limit):
			try:
				as_guest(endpoint, *args)
			except frappe.ValidationError:
				frappe.clear_messages()
		with pytest.raises(frappe.RateLimitExceededError):
			as_guest(endpoint, *args)
	finally:
		del frappe.local.request  # no request, as before (None would not be "no request" to Frappe)
		frappe.form_dict.pop("cmd", None)
		frappe.clear_messages()


def test_an_undelivered_code_is_tried_once_masked_and_a_late_one_never_sent(gateway):
	mobile = helpers.unused_mobile()
	helpers.beneficiary(mobile=mobile)
	gateway.down()
	ask(mobile)
	[message] = messages(mobile)
	assert message.status == "Given Up" and message.next_attempt_on is None
	assert not CODE_IN_SMS.search(message.message)
	late = frappe.get_doc(
		{
			"doctype": "Case Message",
			"reference_doctype": "Care Login Code",
			"reference_name": codes(mobile)[0].name,
			"purpose": "Login Code",
			"medium": "SMS",
			"recipient": stored(mobile),
			"message": "رمز الدخول: 123456",
			"status": "Queued",
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("Case Message", late.name, "creation", add_to_date(now_datetime(), minutes=-11))
	gateway.up()
	delivery.deliver([late.name])
	given_up = frappe.db.get_value("Case Message", late.name, ["status", "message"], as_dict=True)
	assert (given_up.status, given_up.message) == ("Given Up", f"رمز الدخول: {login_codes.MASK}")
	assert not gateway.received


def test_codes_and_their_messages_go_after_thirty_days(gateway):
	mobile = helpers.unused_mobile()
	helpers.beneficiary(mobile=mobile)
	ask(mobile)
	[row] = codes(mobile)
	mobile_login.purge_old_codes()
	assert codes(mobile) and messages(mobile)
	mobile_login.purge_old_codes(now=add_days(now_datetime(), login_codes.KEEP_DAYS + 1))
	assert not codes(mobile) and not messages(mobile)
	assert not frappe.db.exists("Care Login Code", row.name)


def test_the_patch_fills_an_empty_login_code_message():
	from beneficiary_care.patches.v0_6 import login_code_message_template
	from beneficiary_care.setup import starting_data

	frappe.db.set_single_value("Beneficiary Care Settings", "login_code_sms", "")
	login_code_message_template.execute()
	assert (
		frappe.db.get_single_value("Beneficiary Care Settings", "login_code_sms")
		== starting_data.message_templates()["login_code_sms"]
	)
