"""The public pages in a real browser on a phone-sized screen (headless Chromium driven by Playwright)
against a running site: submit each kind as a guest, see the reference, track it, answer the survey
link once and fail the second use. Screenshots go to $BC_SCREENSHOTS (default /tmp/bc-browser).

Runs when $BC_BASE_URL points at the site's web server (.ci/run starts one) and Playwright with a
Chromium ($BC_CHROMIUM, default /usr/bin/chromium) is available; otherwise skipped with the reason.
"""

from tests.integration import require_site

require_site()

import os
import re
import shutil
from pathlib import Path

import frappe
import pytest

BASE = os.environ.get("BC_BASE_URL", "")
CHROMIUM = os.environ.get("BC_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(os.environ.get("BC_SCREENSHOTS", "/tmp/bc-browser"))
try:
	from playwright.sync_api import sync_playwright
except ImportError:
	sync_playwright = None

pytestmark = pytest.mark.skipif(
	not BASE or sync_playwright is None or not shutil.which(CHROMIUM),
	reason="browser tests need BC_BASE_URL (a running site), Playwright and Chromium",
)
ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]
MOBILE = "0567771234"


@pytest.fixture
def phone():
	SHOTS.mkdir(parents=True, exist_ok=True)
	with sync_playwright() as p:
		browser = p.chromium.launch(executable_path=shutil.which(CHROMIUM), args=ARGS)
		page = browser.new_context(
			viewport={"width": 390, "height": 844}, is_mobile=True, locale="ar"
		).new_page()
		yield page
		browser.close()


def submit(page, kind: str, name: str) -> str:
	page.goto(f"{BASE}/submit-case/new?_lang=ar")
	page.wait_for_selector('select[data-fieldname="kind"]')
	page.select_option('select[data-fieldname="kind"]', kind)
	page.fill('input[data-fieldname="full_name"]', name)
	page.fill('input[data-fieldname="mobile"]', "٠٥٦٧٧٧١٢٣٤")
	page.fill('textarea[data-fieldname="description"]', "أرجو إفادتي عن موعد صرف المساعدة.")
	page.check('input[data-fieldname="consent"]')
	page.get_by_role("button", name="إرسال").click()
	page.wait_for_selector("text=رقمك المرجعي", timeout=20_000)
	page.screenshot(path=str(SHOTS / f"submitted-{kind}.png"), full_page=True)
	reference = page.locator("p.h2[dir=ltr]").inner_text().strip()
	assert re.fullmatch(r"(CMP|INQ|SUG)-\d{4}-\d{5}", reference), reference
	return reference


def test_guest_submits_each_kind_tracks_it_and_answers_the_survey_once(phone, cleanup):
	references = {}
	for kind in ("Complaint", "Inquiry", "Suggestion"):
		references[kind] = submit(phone, kind, f"زائر {kind}")
		cleanup.append((kind, references[kind]))
	assert references["Complaint"].startswith("CMP-") and references["Inquiry"].startswith("INQ-")

	phone.goto(f"{BASE}/track?_lang=ar")
	phone.fill('input[name="reference"]', references["Inquiry"])
	phone.fill('input[name="mobile"]', MOBILE)
	phone.get_by_role("button", name="عرض").click()
	phone.wait_for_selector(f"text={references['Inquiry']}")
	assert "الحالة: جديد" in phone.locator("#bc-result").inner_text()
	phone.screenshot(path=str(SHOTS / "tracked.png"), full_page=True)
	phone.fill('input[name="mobile"]', "0500000000")
	phone.get_by_role("button", name="عرض").click()
	phone.wait_for_selector("text=لا توجد حالة تطابق")

	frappe.db.rollback()  # see what the web server committed
	inquiry = frappe.get_doc("Inquiry", references["Inquiry"])
	assert frappe.db.get_value("Case Channel", inquiry.channel, "code") == "website"
	inquiry.update({"status": "Answered", "resolution": "<p>تصرف الأحد القادم.</p>"})
	inquiry.save(ignore_permissions=True)
	frappe.db.commit()
	[message] = frappe.get_all(
		"Case Message",
		filters={"reference_name": inquiry.name, "purpose": "Survey", "medium": "SMS"},
		pluck="message",
	)
	link = re.search(r"(/survey\?token=[A-Za-z0-9_\-]+)", message).group(1)

	phone.goto(BASE + link)
	phone.wait_for_selector("#bc-survey")
	phone.screenshot(path=str(SHOTS / "survey.png"), full_page=True)
	phone.check('input[name="overall_rating"][value="5"]')
	phone.check('input[name="answer_met_need"][value="Yes"]')
	phone.get_by_role("button", name="إرسال").click()
	phone.wait_for_selector("text=شكراً لك")
	phone.screenshot(path=str(SHOTS / "survey-thanks.png"), full_page=True)
	phone.goto(BASE + link)
	phone.wait_for_selector("text=سبقت الإجابة")
	phone.screenshot(path=str(SHOTS / "survey-used.png"), full_page=True)
	frappe.db.rollback()
	assert (
		frappe.db.get_value("Satisfaction Survey", {"reference_name": inquiry.name}, "overall_rating") == 1.0
	)
