"""Login by mobile (core.login_codes): codes, their hash, tries and expiry, the hourly limit, the name of
a mobile-only user, where a login may lead; and what a portal user reads (core.access)."""

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import access
from beneficiary_care.core import login_codes as lc
from beneficiary_care.core.digits import to_arabic_indic_digits

NOW = dt.datetime(2026, 5, 1, 10)
SECRET = "site-secret"
# RFC 5322's dot-atom local part at a domain of labels: what Frappe's email check accepts too
EMAIL = re.compile(
	r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}"
)

mobiles = st.from_regex(r"\A5[0-9]{8}\Z").map(lambda national: "+966" + national)
codes = st.from_regex(r"\A[0-9]{6}\Z")
rows = st.text(alphabet="abcdef0123456789", min_size=10, max_size=10)


def verdict(code="123456", row="r1", typed=None, tries=0, used_on=None, expires_on=None, now=NOW):
	return lc.check(
		code=typed or code,
		row=row,
		code_hash=lc.hash_code(code, row, SECRET),
		expires_on=expires_on or lc.expiry(NOW),
		used_on=used_on,
		tries=tries,
		now=now,
		secret=SECRET,
	)


# ------------------------------------------------------------------ codes


def test_a_code_is_six_ascii_digits():
	for _ in range(1000):
		code = lc.new_code()
		assert len(code) == 6 and code.isascii() and code.isdigit()
		assert lc.normalize_code(code) == code


def test_codes_are_random_and_keep_leading_zeros():
	drawn = {lc.new_code() for _ in range(2000)}
	assert len(drawn) > 1900  # 2,000 draws of a million values: hardly any repeats
	assert any(code.startswith("0") for code in drawn)


@given(codes, rows)
def test_only_the_hash_is_kept_and_it_verifies_the_code(code, row):
	digest = lc.hash_code(code, row, SECRET)
	assert code not in digest and re.fullmatch(r"[0-9a-f]{64}", digest)
	assert lc.matches(code, row, SECRET, digest)


@given(codes, codes, rows, rows)
def test_the_hash_depends_on_the_code_the_row_and_the_secret(code, other, row, other_row):
	digest = lc.hash_code(code, row, SECRET)
	assert lc.matches(other, row, SECRET, digest) == (other == code)
	assert lc.matches(code, other_row, SECRET, digest) == (other_row == row)
	assert not lc.matches(code, row, "another site", digest)
	assert not lc.matches(code, row, SECRET, "")


@given(codes)
def test_codes_are_read_as_people_type_them(code):
	assert lc.normalize_code(to_arabic_indic_digits(code)) == code
	assert lc.normalize_code(f" {code[:3]} {code[3:]} ") == code
	assert lc.normalize_code(f"{code[:3]}-{code[3:]}") == code


@pytest.mark.parametrize("typed", [None, "", "12345", "1234567", "12345a", "١٢٣٤٥", "x" * 1000, "12 34 5"])
def test_anything_else_is_no_code(typed):
	assert lc.normalize_code(typed) is None


# ------------------------------------------------------------------ verdicts: tries, expiry, one use


def test_the_right_code_in_time_is_accepted_and_a_wrong_one_is_a_try():
	assert verdict() == lc.ACCEPTED
	assert verdict(typed="654321") == lc.WRONG


def test_after_five_wrong_tries_even_the_right_code_is_refused():
	assert verdict(tries=lc.MAX_TRIES - 1) == lc.ACCEPTED
	assert verdict(tries=lc.MAX_TRIES) == lc.LOCKED
	assert verdict(tries=lc.MAX_TRIES, typed="654321") == lc.LOCKED  # no more tries are counted


def test_a_code_expires_after_ten_minutes():
	assert lc.expiry(NOW) == NOW + dt.timedelta(minutes=10)
	assert verdict(now=NOW + dt.timedelta(minutes=9, seconds=59)) == lc.ACCEPTED
	assert verdict(now=NOW + dt.timedelta(minutes=10)) == lc.EXPIRED
	assert verdict(expires_on=NOW - dt.timedelta(seconds=1), now=NOW) == lc.EXPIRED


def test_a_code_works_once_and_a_mobile_without_a_code_has_nothing_to_check():
	assert verdict(used_on=NOW) == lc.USED
	assert verdict(row=None) == lc.UNKNOWN


@given(
	tries=st.integers(min_value=0, max_value=20),
	used=st.booleans(),
	minutes=st.integers(min_value=-30, max_value=30),
	right=st.booleans(),
)
def test_only_a_right_unused_unlocked_code_in_time_is_accepted(tries, used, minutes, right):
	now = NOW + dt.timedelta(minutes=minutes)
	result = verdict(
		typed="123456" if right else "000000", tries=tries, used_on=NOW if used else None, now=now
	)
	expected = right and not used and tries < lc.MAX_TRIES and now < lc.expiry(NOW)
	assert (result == lc.ACCEPTED) == expected
	assert result in {lc.ACCEPTED, lc.WRONG, lc.EXPIRED, lc.USED, lc.LOCKED}


# ------------------------------------------------------------------ the hourly limit and the timing


def test_three_codes_an_hour_per_mobile():
	sent = [NOW - dt.timedelta(minutes=m) for m in (5, 20)]
	assert lc.may_send(sent, NOW)
	assert not lc.may_send([*sent, NOW - dt.timedelta(minutes=59)], NOW)
	assert lc.may_send([*sent, NOW - dt.timedelta(minutes=60)], NOW)  # an hour ago: out of the window
	assert lc.may_send([], NOW)


@given(st.lists(st.integers(min_value=-180, max_value=0), max_size=10))
def test_the_limit_counts_only_the_last_hour(minutes_ago):
	sent = [NOW + dt.timedelta(minutes=m) for m in minutes_ago]
	in_the_hour = sum(1 for m in minutes_ago if m > -60)
	assert lc.may_send(sent, NOW) == (in_the_hour < lc.CODES_PER_HOUR)
	older = [NOW - dt.timedelta(hours=2)] * 5
	assert lc.may_send(sent + older, NOW) == lc.may_send(sent, NOW)


@given(st.floats(min_value=-1, max_value=10, allow_nan=False))
def test_every_answer_takes_at_least_the_floor(elapsed):
	wait = lc.padding(elapsed)
	assert wait >= 0
	assert max(elapsed, 0) + wait >= lc.RESPONSE_FLOOR_SECONDS or wait == 0
	assert wait == 0 or max(elapsed, 0) + wait == pytest.approx(lc.RESPONSE_FLOOR_SECONDS)


def test_sent_messages_keep_no_code():
	text = "رمز الدخول إلى خدمات جمعية 2030: 048213 صالح لمدة 10 دقائق."
	assert lc.redact_codes(text) == f"رمز الدخول إلى خدمات جمعية 2030: {lc.MASK} صالح لمدة 10 دقائق."
	assert lc.redact_codes("رمزك048213") == "رمزك" + lc.MASK
	assert lc.redact_codes("0551234567") == "0551234567"  # a longer number is not a code


@given(codes, st.text(max_size=40))
def test_no_code_survives_redaction(code, around):
	assert code not in lc.redact_codes(f"{around} {code} {around}")


# ------------------------------------------------------------------ users


@given(mobiles)
def test_a_mobile_only_user_is_named_by_the_mobile_deterministically(mobile):
	name = lc.mobile_user_name(mobile)
	assert EMAIL.fullmatch(name) and name.endswith("@mobile.invalid")
	assert lc.mobile_of_user_name(name) == mobile
	local = "0" + mobile[4:]
	for typed in (local, mobile[1:], "00" + mobile[1:], to_arabic_indic_digits(local)):
		assert lc.mobile_user_name(typed) == name


@pytest.mark.parametrize(
	"user",
	[None, "", "Administrator", "966512345678@example.com", "96651234567@mobile.invalid", "x@mobile.invalid"],
)
def test_other_users_have_no_mobile_in_their_name(user):
	assert lc.mobile_of_user_name(user) is None


def test_the_verified_mobile_is_the_users_mobile_in_the_cases_form():
	assert lc.verified_mobile("0551234567") == "+966551234567"
	assert lc.verified_mobile("+966551234567") == "+966551234567"
	assert lc.verified_mobile("+971501234567") is None
	assert lc.verified_mobile(None) is None


def test_a_code_opens_only_an_enabled_portal_account():
	assert lc.may_log_in_by_code("966551234567@mobile.invalid", "Website User", True)
	assert not lc.may_log_in_by_code("officer@example.com", "System User", True)
	assert not lc.may_log_in_by_code("966551234567@mobile.invalid", "Website User", False)
	assert not lc.may_log_in_by_code("Administrator", "Website User", True)
	assert not lc.may_log_in_by_code("Guest", "Website User", True)


def test_the_first_name_is_the_files_or_the_mobile():
	assert lc.first_name("  سارة   أحمد ", "+966551234567") == "سارة أحمد"
	assert lc.first_name(None, "+966551234567") == "0551234567"


# ------------------------------------------------------------------ where a login leads


@pytest.mark.parametrize(
	("asked", "goes_to"),
	[
		("/my-cases", "/my-cases"),
		("/track?_lang=ar", "/track?_lang=ar"),
		(None, "/my-cases"),
		("", "/my-cases"),
		("https://evil.example/", "/my-cases"),
		("//evil.example/", "/my-cases"),
		("/\\evil.example", "/my-cases"),
		("javascript:alert(1)", "/my-cases"),
		("my-cases", "/my-cases"),
		("/my-cases\r\nSet-Cookie: x", "/my-cases"),
		("/" + "a" * 600, "/my-cases"),
	],
)
def test_a_login_leads_only_to_a_path_of_this_site(asked, goes_to):
	assert lc.local_path(asked) == goes_to


@given(st.text(max_size=80))
def test_wherever_asked_a_login_stays_on_the_site(asked):
	path = lc.local_path(asked)
	assert path.startswith("/") and not path.startswith("//") and "\\" not in path
	assert path in (asked, "/my-cases")


# ------------------------------------------------------------------ what a portal user reads


def test_a_portal_user_reads_their_files_cases_and_their_verified_mobiles():
	files = {"BEN-00001"}
	assert access.portal_reads("BEN-00001", "+966500000000", files, None)
	assert access.portal_reads(None, "+966551234567", files, "+966551234567")
	assert access.portal_reads("BEN-00002", "+966551234567", set(), "+966551234567")
	assert not access.portal_reads("BEN-00002", "+966500000000", files, "+966551234567")
	assert not access.portal_reads(None, None, set(), None)
	assert not access.portal_reads(None, None, files, None)  # an anonymous case is nobody's


@given(st.one_of(st.none(), mobiles), st.one_of(st.none(), mobiles))
def test_no_mobile_reads_a_case_of_another_mobile(case_mobile, mine):
	assert access.portal_reads(None, case_mobile, set(), mine) == (mine is not None and case_mobile == mine)
