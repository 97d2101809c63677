"""A guest's language (core.languages): link, cookie, browser, site; enabled languages only."""

from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.languages import choose_language, is_rtl

ENABLED = ["ar", "en", "zh-TW"]


def pick(requested=None, cookie=None, accepted=(), site="ar", enabled=ENABLED):
	return choose_language(
		requested=requested, cookie=cookie, accepted=accepted, site_language=site, enabled=enabled
	)


def test_the_order_is_link_cookie_browser_site():
	assert pick("en", "ar", ["ar"], "ar") == "en"
	assert pick(None, "en", ["ar"], "ar") == "en"
	assert pick(None, None, ["en-US", "ar"], "ar") == "en"
	assert pick(None, None, [], "ar") == "ar"
	assert pick(None, None, [], "en") == "en"


def test_a_regional_variant_falls_back_to_its_language():
	assert pick(None, None, ["ar-SA"], "en") == "ar"
	assert pick(None, None, ["AR_sa"], "en") == "ar"
	assert pick(None, None, ["zh-tw"], "ar") == "zh-TW"  # an enabled variant is kept as it is


def test_languages_that_are_not_enabled_are_passed_over():
	assert pick("fr", None, [], "ar") == "ar"
	assert pick(None, "de", ["fr-FR", "en-GB"], "ar") == "en"
	assert pick("<script>", "x" * 500, ["*"], "ar") == "ar"  # forged values change nothing


def test_without_a_site_language_english():
	assert pick(None, None, [], None) == "en"


@given(st.text(max_size=30), st.text(max_size=30), st.lists(st.text(max_size=12), max_size=4))
def test_the_choice_is_always_an_enabled_language(requested, cookie, accepted):
	assert pick(requested, cookie, accepted, "ar") in ENABLED


def test_right_to_left():
	assert is_rtl("ar") and is_rtl("ar-SA") and not is_rtl("en") and not is_rtl(None)
