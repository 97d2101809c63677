"""A guest's language over HTTP, against the running site (BC_BASE_URL, as .ci/run serves it): link,
cookie, browser, site language; enabled languages only; a language asked for by a link is kept in the
cookie through the Web Form's redirect; Arabic pages carry dir="rtl"; bad values change nothing."""

from tests.integration import require_site

require_site()

import json
import os
import re

import frappe
import pytest
import requests

BASE = os.environ.get("BC_BASE_URL", "")
pytestmark = pytest.mark.skipif(not BASE, reason="needs BC_BASE_URL (a running site; .ci/run starts one)")


def html_tag(response) -> str:
	return re.search(r"<html[^>]*>", response.text).group(0)


def english(tag: str) -> bool:
	"""An English page's tag: left to right, said (Frappe v16) or not (v15)."""
	return re.fullmatch(r'<html lang="en(-US)?"( dir="ltr")?>', tag) is not None


@pytest.fixture
def arabic_site():
	before = frappe.db.get_single_value("System Settings", "language") or "en"
	for code, value in (("language", "ar"),):
		frappe.db.set_single_value("System Settings", code, value)
	frappe.db.set_default("lang", "ar")
	frappe.db.commit()
	frappe.clear_cache()
	yield
	frappe.db.set_single_value("System Settings", "language", before)
	frappe.db.set_default("lang", before)
	frappe.db.commit()
	frappe.clear_cache()


def get(path: str, **kwargs) -> requests.Response:
	return requests.get(BASE + path, timeout=30, **kwargs)


def test_the_site_language_the_browser_and_the_cookie(arabic_site):
	assert html_tag(get("/track")) == '<html lang="ar" dir="rtl">'  # no header at all: the site's
	in_english = get("/track", headers={"Accept-Language": "en-US,en;q=0.8"})
	assert english(html_tag(in_english)) and "Track a Case" in in_english.text
	assert 'lang="ar"' in html_tag(get("/track", headers={"Accept-Language": "ar-SA"}))
	cookie = get("/track", headers={"Accept-Language": "ar-SA"}, cookies={"preferred_language": "en"})
	assert english(html_tag(cookie))  # the switch's cookie beats the browser


def test_a_link_language_is_remembered_through_the_redirect(arabic_site):
	with requests.Session() as session:
		first = session.get(BASE + "/submit-case?_lang=en", timeout=30, allow_redirects=False)
		assert first.cookies.get("preferred_language") == "en"
		assert first.status_code in (301, 302) and "_lang" not in first.headers["Location"]
		landed = session.get(BASE + "/submit-case/new", timeout=30)
		assert english(html_tag(landed))


def test_forged_or_disabled_languages_change_nothing(arabic_site):
	for cookies, params in (
		({"preferred_language": "<script>"}, {}),
		({"preferred_language": "xx"}, {"_lang": "zz-ZZ"}),
		({}, {"_lang": "x" * 300}),
	):
		response = get("/track", cookies=cookies, params=params)
		assert response.status_code == 200 and html_tag(response) == '<html lang="ar" dir="rtl">'
		assert "preferred_language" not in response.cookies


def test_guest_apis_answer_in_the_guest_language(arabic_site):
	answer = requests.post(
		BASE + "/api/method/beneficiary_care.portal.api.track_case",
		data={"reference": "CMP-1999-99999", "mobile": "0557778888"},
		headers={"Accept-Language": "ar-SA", "Accept": "application/json"},
		timeout=30,
	)
	messages = [json.loads(m)["message"] for m in json.loads(answer.json()["_server_messages"])]
	assert answer.status_code == 417 and any("لا توجد حالة تطابق" in m for m in messages), messages


def page_titles(response) -> list[str]:
	"""The page's <title> and its og:/twitter: titles, as a tab, a bookmark and a shared link show them."""
	html = response.text
	titles = re.findall(r"<title>\s*(.*?)\s*</title>", html, re.S)
	titles += re.findall(r'<meta (?:property|name)="(?:og:|twitter:)?title"\s+content="([^"]*)"', html)
	return titles


def test_the_case_form_is_titled_in_the_guests_language(arabic_site):
	english_title = frappe.db.get_value("Web Form", {"route": "submit-case"}, "title")
	arabic_title = frappe._(english_title, lang="ar")
	assert arabic_title != english_title
	arabic = page_titles(get("/submit-case/new", headers={"Accept-Language": "ar-SA"}))
	assert len(arabic) == 4 and all(arabic_title in t and english_title not in t for t in arabic), arabic
	english = page_titles(get("/submit-case/new", headers={"Accept-Language": "en-US"}))
	assert english and all(english_title in t for t in english), english
