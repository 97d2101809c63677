"""The portal as a beneficiary meets it, in a real browser: a phone set to Arabic (ar-SA) on a site
whose language is Arabic, no `_lang` anywhere in the URL — every page Arabic, right to left, with the
association's name; the acknowledgement SMS carries a link that opens the tracking page with the
reference filled in. The same in English (en-US, site language English) gives English, left to
right. axe-core finds no serious or critical accessibility violation at 390 px and 1280 px.

Runs like test_browser.py (BC_BASE_URL, Playwright, Chromium); axe-core comes from the npm registry
(`npm install --prefix tests/browser`, which .ci/run does), else the accessibility test is skipped.
"""

from tests.integration import require_site

require_site()

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import frappe
import pytest

from tests.integration import helpers
from tests.integration.test_browser import ARGS, BASE, CHROMIUM, SHOTS, sync_playwright

AXE = Path(os.environ.get("BC_AXE", Path(__file__).parents[1] / "browser/node_modules/axe-core/axe.min.js"))
pytestmark = pytest.mark.skipif(
	not BASE or sync_playwright is None or not shutil.which(CHROMIUM),
	reason="browser tests need BC_BASE_URL (a running site), Playwright and Chromium",
)
PAGES = ("/", "/submit-case", "/track", "/survey", "/my-cases", "/login-by-mobile")
MOBILE = "0567771299"


def site_language(code: str) -> None:
	frappe.db.set_single_value("System Settings", "language", code)
	frappe.db.set_default("lang", code)
	frappe.db.commit()
	frappe.clear_cache()


@pytest.fixture
def browser():
	SHOTS.mkdir(parents=True, exist_ok=True)
	before = frappe.db.get_single_value("System Settings", "language") or "en"
	with sync_playwright() as p:
		chromium = p.chromium.launch(executable_path=shutil.which(CHROMIUM), args=ARGS)
		yield chromium
		chromium.close()
	site_language(before)


def new_page(browser, locale: str, width: int = 390):
	context = browser.new_context(
		viewport={"width": width, "height": 844}, is_mobile=width < 600, locale=locale
	)
	return context.new_page()


def shown(page, path: str) -> dict:
	page.goto(BASE + path)
	page.wait_for_load_state("networkidle")
	return page.evaluate(
		"() => ({lang: document.documentElement.lang, dir: document.documentElement.getAttribute('dir'),"
		" url: location.href, text: document.body.innerText})"
	)


def test_an_arabic_phone_gets_arabic_pages_and_a_tracking_link(browser, cleanup):
	site_language("ar")
	association = frappe.db.get_single_value("Beneficiary Care Settings", "association_name")
	page = new_page(browser, "ar-SA")
	for path in PAGES:
		seen = shown(page, path)
		assert (seen["lang"], seen["dir"]) == ("ar", "rtl"), (path, seen["url"])
		assert "_lang" not in seen["url"]
		assert association in seen["text"], path
		page.screenshot(path=str(SHOTS / f"ar{path.replace('/', '-') or '-home'}.png"), full_page=True)
	assert "login" in shown(page, "/my-cases")["url"]  # a guest is sent to log in

	shown(page, "/submit-case")
	page.select_option('select[data-fieldname="kind"]', "Complaint")
	page.fill('input[data-fieldname="full_name"]', "زائرة الرابط")
	page.fill('input[data-fieldname="mobile"]', MOBILE)
	page.fill('textarea[data-fieldname="description"]', "تأخر صرف المساعدة الشهرية.")
	page.check('input[data-fieldname="consent"]')
	page.get_by_role("button", name="إرسال").click()
	page.wait_for_selector("text=رقمك المرجعي", timeout=20_000)
	reference = page.locator("p.h2[dir=ltr]").inner_text().strip()
	cleanup.append(("Complaint", reference))

	frappe.db.rollback()  # see what the web server committed
	[sms] = frappe.get_all(
		"Case Message",
		filters={"reference_name": reference, "purpose": "Acknowledgement", "medium": "SMS"},
		pluck="message",
	)
	link = re.search(r"https?://\S+/track\?ref=" + re.escape(reference), sms).group(0)
	tracked = shown(page, link[link.index("/track") :])
	assert (tracked["lang"], tracked["dir"]) == ("ar", "rtl")
	assert page.input_value('input[name="reference"]') == reference
	page.fill('input[name="mobile"]', MOBILE)
	page.get_by_role("button", name="عرض").click()
	page.wait_for_selector(f"#bc-result >> text={reference}")
	page.screenshot(path=str(SHOTS / "ar-tracked-from-link.png"), full_page=True)

	# My Cases: a code by SMS to the mobile the complaint was registered with, then back to My Cases
	shown(page, "/my-cases")
	assert "/login-by-mobile" in page.url
	page.fill('input[name="mobile"]', MOBILE)
	page.click("#bc-mobile button[type=submit]")
	page.wait_for_selector("#bc-code:not([hidden])", timeout=20_000)
	frappe.db.rollback()
	assert helpers.answer_login_requests() >= 1  # a worker's part: the request only queued it
	code_messages = frappe.get_all(
		"Case Message",
		filters={"purpose": "Login Code", "recipient": "+966" + MOBILE[1:]},
		fields=["name", "message", "reference_name"],
		order_by="creation desc",
		limit=1,
	)
	cleanup.extend(("Care Login Code", m.reference_name) for m in code_messages)
	code = re.search(r"\b\d{6}\b", code_messages[0].message).group(0)
	page.fill('input[name="code"]', code)
	page.click("#bc-code button[type=submit]")
	page.wait_for_url(lambda url: urlparse(url).path == "/my-cases", timeout=20_000)
	page.wait_for_load_state("networkidle")
	mine = page.evaluate(
		"() => ({lang: document.documentElement.lang, dir: document.documentElement.getAttribute('dir'),"
		" text: document.body.innerText})"
	)
	assert (mine["lang"], mine["dir"]) == ("ar", "rtl") and reference in mine["text"]
	page.screenshot(path=str(SHOTS / "ar-my-cases-logged-in.png"), full_page=True)
	frappe.db.rollback()
	user = frappe.db.get_value("User", {"mobile_no": ["like", "%" + MOBILE[1:]]}, "name")
	if user:
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_the_switch_and_an_english_browser_give_english_left_to_right(browser):
	site_language("ar")
	page = new_page(browser, "ar-SA")
	shown(page, "/track")
	page.click('.bc-language-switch a[lang="en"]')
	page.wait_for_load_state("networkidle")
	after = page.evaluate(
		"() => [document.documentElement.lang, document.documentElement.getAttribute('dir')]"
	)
	assert after[0] == "en" and after[1] != "rtl"
	assert shown(page, "/")["lang"] == "en"  # the cookie keeps it, with no _lang in the link

	site_language("en")
	english = new_page(browser, "en-US")
	for path in PAGES:
		seen = shown(english, path)
		assert seen["lang"].startswith("en") and seen["dir"] != "rtl", (path, seen)
		english.screenshot(path=str(SHOTS / f"en{path.replace('/', '-') or '-home'}.png"), full_page=True)


@pytest.mark.skipif(
	not AXE.exists(), reason=f"axe-core not installed at {AXE} (npm install --prefix tests/browser)"
)
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("width", [390, 1280])
def test_no_serious_accessibility_violation(browser, language, width):
	site_language(language)
	page = new_page(browser, "ar-SA" if language == "ar" else "en-US", width)
	found = {}
	for path in (*PAGES, "/submit-case/new"):
		shown(page, path)
		page.add_script_tag(path=str(AXE))
		result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
		serious = [
			f"{v['id']}: {v['help']} ({len(v['nodes'])}) {v['nodes'][0]['target']}"
			for v in result["violations"]
			if v["impact"] in ("serious", "critical")
		]
		if serious:
			found[path] = serious
	assert found == {}
