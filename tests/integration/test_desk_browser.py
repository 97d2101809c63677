"""The desk as staff meet it (issue 24): a Care Officer whose language is Arabic registers a phone
complaint in Chromium at 1280 px, and the staff login page of an Arabic site read by an Arabic
browser. Each step leaves a screenshot in $BC_SCREENSHOTS (default /tmp/bc-browser), desk-*.png.

Runs when $BC_BASE_URL points at the site's web server (.ci/run starts one) and Playwright with a
Chromium is available; otherwise skipped with the reason. The users and cases it makes over HTTP are
committed by the site, and removed afterwards."""

from tests.integration import require_site

require_site()

import io
import json
import re
import shutil
import uuid

import frappe
import pytest
from frappe.utils.password import update_password

from tests.integration import helpers
from tests.integration.test_browser import ARGS, BASE, CHROMIUM, SHOTS, sync_playwright

try:
	from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # skipped below
	PlaywrightTimeout = Exception

pytestmark = pytest.mark.skipif(
	not BASE or sync_playwright is None or not shutil.which(CHROMIUM),
	reason="browser tests need BC_BASE_URL (a running site), Playwright and Chromium",
)
# where the desk lives: /app on v15, /desk on v16 (Frappe's own helper says)
DESK = frappe.utils.get_absolute_url("Complaint", "x").removesuffix("/complaint/x")
# the breadcrumbs (the navbar's on v15, the page head's on v16) and a page's title, as either shows them
CRUMBS = ":is(#navbar-breadcrumbs, .page-head .navbar-breadcrumbs)"
PAGE_TITLE = ".page-head:visible .title-text, .page-head:visible .navbar-breadcrumbs li:last-child a"
PASSWORD = f"Desk-{uuid.uuid4().hex[:12]}!"


def ar(text: str) -> str:
	return frappe._(text, lang="ar")


def arabic_user(kind: str, first_name: str, *roles: str, last_name: str | None = None) -> str:
	"""A desk user whose language is Arabic, with the test password and `roles`; not committed."""
	email = f"desk-{kind}-{uuid.uuid4().hex[:6]}@care.example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"last_name": last_name,
			"language": "ar",
			"send_welcome_email": 0,
		}
	).insert(ignore_permissions=True)
	user.add_roles(*roles)
	update_password(email, PASSWORD)
	return email


@pytest.fixture
def officer(cleanup):
	"""A Care Officer whose language is Arabic, with a password, committed (the browser logs in over
	HTTP); removed afterwards with what the test registered."""
	email = arabic_user("officer", "موظف", "Care Officer", last_name="الاستقبال")
	frappe.db.commit()
	yield email
	frappe.db.rollback()  # the cases go with the cleanup fixture, after this
	frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.fixture
def browser():
	SHOTS.mkdir(parents=True, exist_ok=True)
	with sync_playwright() as p:
		chromium = p.chromium.launch(executable_path=shutil.which(CHROMIUM), args=ARGS)
		yield chromium
		chromium.close()


def desk(browser, email: str):
	"""A 1280 px page of an Arabic browser, logged in to the desk as `email`."""
	page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar").new_page()
	page.goto(f"{BASE}/login")
	page.fill("#login_email", email)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_url(re.compile(rf".*{DESK}.*"), timeout=30_000, wait_until="domcontentloaded")
	return page


def settled(page, ms: int = 1500) -> None:
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(ms)


def test_the_staff_login_page_is_the_associations_and_arabic(browser):
	association = frappe.db.get_single_value("Beneficiary Care Settings", "association_name")
	page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar").new_page()
	page.goto(f"{BASE}/login")  # no _lang: the browser's language decides
	heading = page.locator(".page-card-head h4").first.inner_text().strip()
	page.screenshot(path=str(SHOTS / "desk-login.png"), full_page=True)
	assert heading == f"تسجيل الدخول إلى {association}", heading
	assert "Frappe" not in page.locator(".for-login").inner_text()
	page.fill("#login_email", "nobody@care.example.com")
	page.fill("#login_password", "wrong-password")
	page.click(".btn-login")
	page.wait_for_function(
		"() => document.querySelector('.for-login .btn-primary').innerText.includes('غير صحيحة')",
		timeout=15_000,
	)
	page.screenshot(path=str(SHOTS / "desk-login-refused.png"), full_page=True)
	assert "Invalid Login" not in page.locator(".for-login .btn-primary").inner_text()


def test_an_officer_registers_a_phone_complaint_in_arabic(browser, officer, cleanup):
	mobile = helpers.unused_mobile()
	file = helpers.beneficiary(mobile=mobile, full_name="سارة أحمد")
	frappe.db.commit()
	try:
		registered(browser, officer, cleanup, mobile, file.name)
	finally:
		frappe.db.rollback()
		frappe.delete_doc("Beneficiary", file.name, force=True, ignore_permissions=True)
		frappe.db.commit()


def registered(browser, officer, cleanup, mobile, file):
	page = desk(browser, officer)

	page.goto(f"{BASE}{DESK}/complaint/new")
	page.wait_for_selector('input[data-fieldname="mobile"]')
	settled(page, 800)
	page.screenshot(path=str(SHOTS / "desk-1-new-complaint.png"), full_page=True)
	# a complaint is feminine: «شكوى جديدة», where Frappe's "New {0}" gives «شكوى جديد»
	assert page.locator(".title-text").first.inner_text().strip() == "شكوى جديدة"
	# the breadcrumbs: the navbar's on v15, the page head's on v16
	assert page.locator(CRUMBS + " li:last-child a").first.inner_text().strip() == "شكوى جديدة"

	channel = frappe.db.get_value("Case Channel", {"code": "phone"}, "name")
	page.evaluate("""([channel]) => { cur_frm.set_value("channel", channel); }""", [channel])
	page.fill('input[data-fieldname="mobile"]', mobile)
	page.locator('input[data-fieldname="mobile"]').blur()
	page.wait_for_function("() => cur_frm.doc.beneficiary", timeout=15_000)  # the file, by the mobile
	page.fill('input[data-fieldname="contact_name"]', "سارة أحمد")
	page.fill('input[data-fieldname="subject"]', "تأخر صرف المساعدة الشهرية")
	page.fill('textarea[data-fieldname="description"]', "لم تصرف المساعدة منذ شهرين.")
	settled(page, 800)
	page.screenshot(path=str(SHOTS / "desk-2-filled.png"), full_page=True)
	assert page.evaluate("cur_frm.doc.beneficiary") == file

	page.keyboard.press("Control+s")
	page.wait_for_url(re.compile(rf".*{DESK}/complaint/CMP-\d{{4}}-\d{{5}}$"), timeout=30_000)
	name = page.url.rsplit("/", 1)[1]
	cleanup.append(("Complaint", name))
	settled(page)
	page.screenshot(path=str(SHOTS / "desk-3-saved.png"), full_page=True)

	# one SLA headline, not one per refresh of the first save
	assert page.locator(".form-message .indicator-pill").count() == 1
	headline = page.locator(".form-message").inner_text()
	# deadlines in the user's format, the time without seconds, each part isolated, with the Hijri date
	times = page.locator(".form-message bdi.bc-time").all_inner_texts()
	assert times and all(re.fullmatch(r"\d{1,2}:\d{2}( [AP]M)?", t.strip()) for t in times), times
	assert "هـ" in headline
	date_box = page.locator(".form-message bdi.bc-date").first.bounding_box()
	time_box = page.locator(".form-message bdi.bc-time").first.bounding_box()
	assert date_box["x"] > time_box["x"]  # right to left: the date is read first

	# the timeline and the comment box in Arabic
	timeline = page.locator(".new-timeline").inner_text()
	assert "You created this" not in timeline and "أنشأتَ هذا" in timeline
	placeholder = page.locator(".comment-input-container .ql-editor").first.get_attribute("data-placeholder")
	assert placeholder == "اكتب رداً أو تعليقاً"

	# the lifecycle's buttons: accept it from the form's Actions
	page.locator(".inner-group-button", has_text=ar("Actions")).first.click()
	page.locator(".dropdown-menu.show .dropdown-item", has_text=ar("Accepted")).first.click()
	page.wait_for_function("() => cur_frm.doc.status === 'Accepted' && !cur_frm.is_dirty()", timeout=20_000)
	settled(page)
	page.screenshot(path=str(SHOTS / "desk-4-accepted.png"), full_page=True)
	frappe.db.rollback()  # a fresh snapshot: the site committed the change
	assert frappe.db.get_value("Complaint", name, "status") == "Accepted"
	assert page.locator(".form-message .indicator-pill").count() == 1


@pytest.fixture
def member():
	"""A Department Staff member whose language is Arabic, in a department of their own, with a New
	complaint of that department waiting for them; all committed (the browser works over HTTP) and
	removed afterwards."""
	from tests.integration.test_routing import department

	email = arabic_user("member", "عضو", "Department Staff")
	unit = department(f"قسم الاختبار {uuid.uuid4().hex[:4]}", [email])
	case = helpers.case("Complaint", department=unit.name, mobile=helpers.unused_mobile())
	frappe.db.commit()
	yield frappe._dict(email=email, department=unit.name, case=case.name)
	frappe.db.rollback()
	from beneficiary_care.reporting.figures_rollup import delete_cases_and_records

	delete_cases_and_records("Complaint", [case.name])
	for rule in frappe.get_all("Assignment Rule", filters={"name": ["like", f"%{unit.name}%"]}, pluck="name"):
		frappe.delete_doc("Assignment Rule", rule, force=True, ignore_permissions=True)
	frappe.delete_doc("Care Department", unit.name, force=True, ignore_permissions=True)
	frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	frappe.db.commit()


def action(page, status: str) -> None:
	"""A lifecycle step from the form's Actions menu (the app's bundle puts them there)."""
	page.locator(".inner-group-button", has_text=ar("Actions")).first.click()
	page.locator(".dropdown-menu.show .dropdown-item", has_text=ar(status)).first.click()


def saved_as(page, status: str) -> None:
	page.wait_for_function(
		"([s]) => cur_frm.doc.status === s && !cur_frm.is_dirty()", arg=[status], timeout=20_000
	)
	settled(page)


def open_complaint(page, name: str) -> None:
	"""The complaint's form, loaded afresh (leaving any unsaved change behind), its headline shown."""
	page.goto(f"{BASE}{DESK}/complaint/{name}")
	page.wait_for_selector(".form-message .indicator-pill")
	settled(page)


def refused_save(page, name: str, status: str, shot: str) -> str:
	"""Set `status` straight on the form and save: the message the refusal shows, after checking that
	nothing was saved; the form is opened afresh after."""
	page.evaluate("([s]) => { cur_frm.set_value('status', s); cur_frm.save(); }", [status])
	page.wait_for_selector(".modal.show .msgprint", timeout=15_000)
	refusal = page.locator(".modal.show .msgprint").first.inner_text()
	page.screenshot(path=str(SHOTS / shot), full_page=True)
	frappe.db.rollback()
	assert frappe.db.get_value("Complaint", name, "status") == "New"
	open_complaint(page, name)
	return refusal


def test_a_department_member_takes_a_complaint_through_its_lifecycle(browser, member):
	page = desk(browser, member.email)
	open_complaint(page, member.case)
	page.screenshot(path=str(SHOTS / "desk-5-member-opens.png"), full_page=True)

	# a refused step: resolving without an answer gets the app's Arabic message naming the field
	refusal = refused_save(page, member.case, "Resolved", "desk-6-refused.png")
	assert ar("Resolution") in refusal or ar("Answer") in refusal, refusal
	# and rejecting without a reason: the message (Frappe's check of the field the app makes mandatory
	# for a rejection, before the server's) names the Rejection Reason
	refusal = refused_save(page, member.case, "Rejected", "desk-6b-reject-refused.png")
	assert ar("Rejection Reason") in refusal and "Rejection Reason" not in refusal, refusal
	# from the Actions menu the reason is asked first, and an empty answer goes nowhere
	action(page, "Rejected")
	page.wait_for_selector('.modal.show textarea[data-fieldname="rejection_reason"]')
	page.locator(".modal.show .btn-primary", has_text=ar("Save")).click()
	page.wait_for_timeout(800)
	assert page.locator('.modal.show textarea[data-fieldname="rejection_reason"]').is_visible()
	frappe.db.rollback()
	assert frappe.db.get_value("Complaint", member.case, "status") == "New"
	open_complaint(page, member.case)

	action(page, "Accepted")
	saved_as(page, "Accepted")
	action(page, "Awaiting Beneficiary")
	saved_as(page, "Awaiting Beneficiary")
	page.screenshot(path=str(SHOTS / "desk-7-awaiting.png"), full_page=True)
	assert ar("Clock stopped: waiting on the beneficiary") in page.locator(".form-message").inner_text()
	assert page.locator(".form-message .indicator-pill").count() == 1

	action(page, "In Progress")
	saved_as(page, "In Progress")
	action(page, "Resolved")  # asks for the answer first
	page.wait_for_selector(".modal.show .ql-editor[contenteditable=true]")
	page.locator(".modal.show .ql-editor[contenteditable=true]").click()
	page.keyboard.type("صُرفت المساعدة اليوم، ونعتذر عن التأخير.")
	page.wait_for_timeout(700)  # Frappe's text editor takes its value after a pause in typing
	page.locator(".modal.show .btn-primary", has_text=ar("Save")).click()
	try:
		saved_as(page, "Resolved")
	finally:
		page.screenshot(path=str(SHOTS / "desk-8-resolved.png"), full_page=True)
	frappe.db.rollback()
	assert frappe.db.get_value("Complaint", member.case, "status") == "Resolved"
	# the acknowledgement and the answer, each noted on the timeline
	purposes = frappe.get_all(
		"Case Message", filters={"reference_name": member.case}, pluck="purpose", order_by="creation"
	)
	assert purposes[:1] == ["Acknowledgement"] and "Answer" in purposes
	# the acknowledgement's try noted on the case in the staff's language (the site's), though the
	# fixture's English request sent it (the answer waits for a worker, which this run has none of)
	notes = frappe.get_all(
		"Comment", filters={"reference_name": member.case, "comment_type": "Info"}, pluck="content"
	)
	assert any(ar("Acknowledgement") in note for note in notes), notes
	assert not any("failed (attempt" in note for note in notes)
	assert "(المحاولة 1)" in page.locator(".new-timeline").inner_text()


def escalated_received_on(now):
	"""A received instant, on the site's calendar and its default complaint policy, whose case has
	its first three ladder steps due at `now` (the committee's is the third) and the fourth to come:
	found by stepping back an hour at a time (what falls due when depends on the weekday)."""
	import datetime as dt

	from beneficiary_care.core import sla
	from beneficiary_care.service_levels.configuration import calendar, policy_for

	policy = policy_for(frappe._dict(doctype="Complaint", subject_category=None, priority=None))
	site = calendar(policy.calendar, now)
	for hours in range(1, 24 * 40):
		received = now - dt.timedelta(hours=hours)
		times = sla.CaseTimes(received_on=received, first_responded_on=received)
		states = [r.state for r in sla.ladder(site, policy, times, now, {})]
		if states == [sla.DUE, sla.DUE, sla.DUE, sla.UPCOMING]:
			return received
	raise AssertionError("no received instant puts the committee's step due and the last one ahead")


@pytest.fixture
def committee():
	"""A Complaints Committee member whose language is Arabic, and a complaint the sweep escalated to
	the committee (its fourth step, management, still ahead); committed, removed afterwards."""
	from frappe.utils import now_datetime

	from beneficiary_care.reporting.figures_rollup import delete_cases_and_records
	from beneficiary_care.service_levels import escalation

	email = arabic_user("committee", "لجنة", "Complaints Committee")
	now = now_datetime().replace(microsecond=0)
	received = escalated_received_on(now)
	with helpers.at(received):
		case = helpers.case("Complaint", mobile=helpers.unused_mobile())
	frappe.db.set_value("Complaint", case.name, "first_responded_on", received)  # answered at once
	escalation.sweep(now=now)
	frappe.db.commit()
	yield frappe._dict(email=email, case=case.name, now=now)
	frappe.db.rollback()
	delete_cases_and_records("Complaint", [case.name])
	frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_the_committee_opens_an_escalated_complaint_and_sees_its_ladder(browser, committee):
	assert [s for s, _ in helpers.escalations(frappe._dict(doctype="Complaint", name=committee.case))] == [
		1,
		2,
		3,
	]
	page = desk(browser, committee.email)
	page.goto(f"{BASE}{DESK}/complaint/{committee.case}")
	page.wait_for_selector(".bc-ladder tr.bc-rung")
	settled(page)
	page.locator(".bc-ladder").scroll_into_view_if_needed()
	page.screenshot(path=str(SHOTS / "desk-9-committee-ladder.png"), full_page=True)

	headline = page.locator(".form-message").inner_text()
	assert ar("Breached") in headline and f"{ar('Escalation Level')}: 3" in headline
	rungs = page.locator(".bc-ladder tr.bc-rung")
	assert [rungs.nth(i).get_attribute("data-state") for i in range(4)] == ["Applied"] * 3 + ["Upcoming"]
	texts = rungs.all_inner_texts()
	assert ar("Escalate to Complaints Committee") in texts[2] and ar("Applied") in texts[2]
	assert ar("Escalate to Management") in texts[3] and ar("Upcoming") in texts[3]
	assert "16" in texts[3] and "هـ" in texts[3]  # hours after the breach, when, with the Hijri date
	# applied at the sweep's instant, shown in the user's format without seconds
	applied_at = frappe.utils.formatdate(committee.now.date())
	assert applied_at in texts[2], (applied_at, texts[2])
	assert (
		page.locator(".bc-ladder th").first.bounding_box()["x"]
		> page.locator(".bc-ladder th").last.bounding_box()["x"]
	)  # right to left: the step's number is the first column read
	# the sweep's notes on the timeline in the staff's language, in the ladder's order (newest first)
	notes = [
		t
		for t in page.locator(".new-timeline .timeline-item").all_inner_texts()
		if ar("Escalated ({0}): {1} {2} — {3}").split("(")[0].strip() in t
	]
	actions = ["Notify Assignee", "Assign Department Head", "Escalate to Complaints Committee"]
	assert len(notes) == 3, notes
	for note, action in zip(notes, reversed(actions), strict=True):
		assert ar(action) in note, (note, action)
	assert not any("Escalated" in t for t in notes)
	# the acknowledgement's failed try: the number and the next try's time read left to right
	mobile = frappe.db.get_value("Complaint", committee.case, "mobile")
	tried = page.locator(".new-timeline .timeline-item", has_text="(المحاولة 1)").first
	isolated = tried.locator('span[dir="ltr"]').all_inner_texts()
	assert isolated[0] == mobile and re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", isolated[1]), isolated


@pytest.fixture
def manager():
	"""A Care Manager whose language is Arabic, the association's demo cases (its first halves of
	2023 and 2022) and a draft board report for H1 2023; committed, removed afterwards."""
	from beneficiary_care.board.document import DOCTYPE
	from beneficiary_care.setup import demo

	email = arabic_user("manager", "مدير", "Care Manager")
	demo.remove()
	demo.load()
	report = frappe.get_doc(
		{"doctype": DOCTYPE, "report_kind": "Half-Year", "fiscal_year": 2023, "period_index": 1}
	).insert()
	frappe.db.commit()
	yield frappe._dict(email=email, report=report.name)
	frappe.db.rollback()
	for name in frappe.get_all(DOCTYPE, filters={"name": report.name}, pluck="name"):
		frappe.db.delete("File", {"attached_to_doctype": DOCTYPE, "attached_to_name": name})
		frappe.db.delete(DOCTYPE, name)
	demo.remove()
	frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_a_manager_runs_the_half_year_kpis_and_takes_the_board_report_to_approval(browser, manager):
	from pypdf import PdfReader

	from beneficiary_care.beneficiary_care.report.beneficiary_care_kpis import beneficiary_care_kpis
	from beneficiary_care.board.document import DOCTYPE
	from beneficiary_care.core.board.workflow import TRANSITIONS

	page = desk(browser, manager.email)
	# the KPI report for the first half of 2023, its filters set as a person sets them
	page.goto(f"{BASE}{DESK}/query-report/Beneficiary Care KPIs")
	page.wait_for_selector(".dt-row")
	assert page.locator('select[data-fieldname="period"]').input_value() == "Half-Year"
	page.fill('input[data-fieldname="fiscal_year"]', "2023")
	page.locator('input[data-fieldname="fiscal_year"]').blur()
	page.fill('input[data-fieldname="period_number"]', "1")
	page.locator('input[data-fieldname="period_number"]').blur()
	page.wait_for_function(
		"() => frappe.query_report.get_filter_value('fiscal_year') == 2023 && !frappe.query_report.loading",
		timeout=20_000,
	)
	settled(page)
	page.screenshot(path=str(SHOTS / "desk-10-kpis-h1-2023.png"), full_page=True)
	shown = page.evaluate(
		"() => frappe.query_report.data.map(r => [r.indicator, r.numerator ?? null, r.denominator ?? null, r.rate])"
	)
	lang, frappe.local.lang = frappe.local.lang, "ar"  # as the manager reads it
	try:
		filters = {"period": "Half-Year", "fiscal_year": 2023, "period_number": 1}
		_c, rows, *_ = beneficiary_care_kpis.execute(filters)
	finally:
		frappe.local.lang = lang
	assert shown == [[r["indicator"], r.get("numerator"), r.get("denominator"), r["rate"]] for r in rows]
	first = page.locator(".dt-row-0 .dt-cell__content").all_inner_texts()
	assert rows[0]["indicator"] in " ".join(first)
	assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

	# the draft board report: the workflow's first action, a preview by Print → PDF marked as a draft
	page.goto(f"{BASE}{DESK}/care-board-report/{manager.report}")
	page.wait_for_selector(".actions-btn-group")
	settled(page)
	page.screenshot(path=str(SHOTS / "desk-11-board-draft.png"), full_page=True)
	page.locator(".actions-btn-group > button").click()
	items = page.locator(".actions-btn-group .dropdown-menu.show .dropdown-item").all_inner_texts()
	# the draft's one transition (Frappe adds its Help item to the menu); no approval from a draft
	actions = {ar(a) for _f, a, _t in TRANSITIONS}
	assert [i.strip() for i in items if i.strip() in actions] == [ar("Submit for Review")], items
	page.keyboard.press("Escape")
	# Frappe's Print: in the page head on v15, beside the form on v16
	page.locator('button.icon-btn:has(use[href="#icon-printer"]):visible').first.click()
	page.wait_for_url(re.compile(rf".*{DESK}/print/.*"), timeout=20_000)
	settled(page)
	page.screenshot(path=str(SHOTS / "desk-12-board-print.png"), full_page=True)
	# the print preview is the record as people read it: no stored figures as JSON, no series pattern
	printed = page.frame_locator("iframe.print-format-container").first
	preview_text = printed.locator("body").inner_text()
	assert "kpi_counts" not in preview_text and "BR-.YYYY.-" not in preview_text
	assert ar("Draft") in preview_text or "مسودة" in preview_text
	with page.expect_popup() as popup:
		page.locator(".page-actions button:visible", has_text="PDF").first.click()
	url = popup.value.url if popup.value.url.startswith("http") else None
	popup.value.close()
	assert url and "download_pdf" in url, url
	preview = page.context.request.get(url)
	assert preview.headers["content-type"].startswith("application/pdf")
	text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.body())).pages)
	# the draft's watermark; pypdf reads a right-to-left line's runs in visual order, so part by part
	assert all(part.strip() in text for part in ar("Draft — not approved").split("—")), text[-300:]
	frappe.db.rollback()
	assert not frappe.db.exists("File", {"attached_to_name": manager.report})  # a preview keeps no file

	# to review (confirming the empty recommendations), then approved with the meeting's decision
	page.goto(f"{BASE}{DESK}/care-board-report/{manager.report}")
	page.wait_for_selector(".actions-btn-group")
	settled(page)
	page.locator(".actions-btn-group > button").click()
	page.locator(
		".actions-btn-group .dropdown-menu.show .dropdown-item", has_text=ar("Submit for Review")
	).click()
	page.wait_for_selector(".modal.show .btn-primary")
	assert (
		ar(frappe.get_meta(DOCTYPE).get_label("recommendations"))
		in page.locator(".modal.show .modal-body").inner_text()
	)
	page.locator(".modal.show .btn-primary").click()
	page.wait_for_function("() => cur_frm.doc.workflow_state === 'Under Review'", timeout=30_000)
	settled(page)
	page.screenshot(path=str(SHOTS / "desk-13-board-review.png"), full_page=True)
	page.evaluate(
		"""() => { cur_frm.set_value('meeting_date', '2023-08-15'); cur_frm.set_value('decision_number', '12/2023'); }"""
	)
	page.keyboard.press("Control+s")
	page.wait_for_function("() => !cur_frm.is_dirty() && cur_frm.doc.decision_number", timeout=20_000)
	settled(page)
	page.locator(".actions-btn-group > button").click()
	page.locator(".actions-btn-group .dropdown-menu.show .dropdown-item", has_text=ar("Approve")).click()
	page.wait_for_function("() => cur_frm.doc.docstatus === 1", timeout=60_000)
	settled(page)
	page.screenshot(path=str(SHOTS / "desk-14-board-approved.png"), full_page=True)
	frappe.db.rollback()
	state, docstatus, stored = frappe.db.get_value(
		DOCTYPE, manager.report, ["workflow_state", "docstatus", "pdf_file"]
	)
	assert (state, docstatus) == ("Approved by the Board", 1) and stored
	assert page.locator(
		".form-page .indicator-pill, .page-head .indicator-pill"
	).first.inner_text().strip() == ar("Approved by the Board")
	assert (
		page.locator(".inner-group-button, .custom-actions button", has_text=ar("Download PDF")).count() >= 1
	)


# Whatever of a page reaches outside the window: a label, a button or a field that a person cannot see
# without scrolling the page's main section sideways. A box made to scroll sideways (a report's table, a
# child table, a text editor, a chart) or text cut on purpose with an ellipsis is left alone.
CUT_OFF = """() => {
	const width = window.innerWidth;
	const page = [...document.querySelectorAll('.page-container')].find((e) => e.offsetParent) || document.body;
	// boxes made to scroll sideways (a report's or a child table's rows, a text editor, a chart) and text
	// cut on purpose, with an ellipsis that says so
	const scroller = '.datatable, .dt-scrollable, .form-grid-container, .ql-container, .frappe-chart, .chart-container, .table-responsive';
	const meant = (el) => {
		if (el.closest(scroller)) return true;
		for (let up = el; up && up !== document.body; up = up.parentElement) {
			const style = getComputedStyle(up);
			if (style.textOverflow === 'ellipsis') return true;
			// a box made to scroll sideways whatever its class (v16's list rows scroll inside their list),
			// but not the page's main section or what holds it: that is the page scrolling sideways
			const holds_page = up.matches('.layout-main-section') || up.querySelector('.layout-main-section');
			if (up !== el && !holds_page && ['auto', 'scroll'].includes(style.overflowX) && up.scrollWidth > up.clientWidth) {
				const inside = up.getBoundingClientRect();
				if (inside.left >= -1 && inside.right <= width + 1) return true;
			}
		}
		return false;
	};
	const out = [];
	for (const el of [document.querySelector('.navbar'), page]) {
		if (!el) continue;
		for (const child of el.querySelectorAll('*')) {
			const box = child.getBoundingClientRect();
			if (!box.width || !box.height || getComputedStyle(child).visibility === 'hidden') continue;
			if ((box.right > width + 1 || box.left < -1) && !meant(child)) {
				out.push(`${child.tagName.toLowerCase()}.${[...child.classList].join('.')} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
			}
		}
	}
	return {dir: document.documentElement.dir, scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 10)};
}"""


# Words in English among the Arabic a person reads on a page: labels, buttons, help, empty states. What
# records hold and people type (values, editors, a report's cells, list rows, the timeline, who last
# edited) is theirs; abbreviations (SMS, PDF, CSAT), Jinja and the {{ }} of a template are kept as written.
ENGLISH = """() => {
	const page = [...document.querySelectorAll('.page-container')].find((e) => e.offsetParent) || document.body;
	const data = '.ql-editor, .CodeMirror, .ace_editor, pre, code, .control-value, .like-disabled-input, ' +
		'.datatable, .frappe-chart, .list-row-container, .timeline-content, .comment-content, ' +
		'.modified-by, .created-by, [role=status], .visually-hidden, .sr-only, ' +
		// a file's name and address, as it was uploaded
		'.attached-file, .attachment-row, .attachments-list';
	const out = new Set();
	// the navbar (v15), the sidebar (v16), the page and a dialog
	const roots = [document.querySelector('.navbar'), document.querySelector('.body-sidebar'), page, document.querySelector('.modal.show')];
	for (const root of roots) {
		if (!root) continue;
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const el = node.parentElement;
			const box = el.getBoundingClientRect();
			if (box.width <= 1 || box.height <= 1 || el.closest(data)) continue;
			if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
			const text = node.textContent.trim();
			// a person's email (the user in v16's sidebar) and a keyboard shortcut are written as they are
			if (/^[^\\s@]+@[^\\s@]+$/.test(text) || /^(Ctrl|Alt|Shift|Cmd)\\+\\S+$/.test(text)) continue;
			// a host name (smtp.gmail.com) and a product's own name (Frappe; Stylo, the v16 copy's name for it)
			// are written as they are
			const kept = text.replace(/{{[^}]*}}|{%[^%]*%}/g, '').replace(/\\b[\\w-]+(\\.[\\w-]+)+\\b/g, '').replace(/Google Cloud|Frappe|Stylo/g, '');
			const words = kept.match(/[A-Za-z]{3,}/g) || [];
			if (words.some((w) => w !== w.toUpperCase() && w !== 'Jinja')) out.add(text.slice(0, 80));
		}
	}
	return [...out];
}"""


def app_pages() -> list[str]:
	"""Every page of the app in the desk: its workspace, each DocType's list and, where a person
	creates its records, its new form (the settings' form), and each report."""
	pages = [f"{DESK}/beneficiary-care"]
	for name in frappe.get_all("DocType", filters={"module": "Beneficiary Care", "istable": 0}, pluck="name"):
		meta = frappe.get_meta(name)
		# "User Cannot Search": Frappe gives it no list (Case Day Figures, the reports' store)
		if meta.read_only:
			continue
		slug = frappe.scrub(name).replace("_", "-")
		pages.append(f"{DESK}/{slug}")
		if not meta.issingle and not meta.in_create and any(p.create for p in meta.permissions):
			pages.append(f"{DESK}/{slug}/new")
	for report, kind in frappe.get_all(
		"Report", filters={"module": "Beneficiary Care"}, fields=["name", "report_type"], as_list=True
	):
		pages.append(f"{DESK}/{'query-report' if kind == 'Script Report' else 'report'}/{report}")
	return sorted(pages)


@pytest.fixture
def administrator_in_arabic():
	"""A Care Manager who is also a System Manager (the settings are theirs), in Arabic."""
	email = arabic_user("admin", "مشرف", "Care Manager", "System Manager")
	frappe.db.commit()
	yield email
	frappe.db.rollback()
	frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.mark.parametrize("width", [1280, 1366])
def test_every_app_page_is_right_to_left_in_arabic_with_nothing_cut_off(
	browser, administrator_in_arabic, width
):
	page = desk(browser, administrator_in_arabic)
	page.set_viewport_size({"width": width, "height": 800})
	# the check itself, first: it finds a field that sticks out of the page, or out of a box wider than the
	# window that hides it, and leaves one that an ellipsis cuts on purpose
	page.goto(f"{BASE}{DESK}/beneficiary-care")
	page.wait_for_selector(PAGE_TITLE, timeout=20_000)
	settled(page, 1200)
	probe = """(style) => {
		const box = document.createElement('div');
		box.id = 'bc-probe';
		box.style.cssText = style;
		box.innerHTML = '<input style="width: 2000px">';
		[...document.querySelectorAll('.layout-main-section')].find((e) => e.offsetParent).append(box);
	}"""
	for style, flagged in (
		("", True),
		("width: 3000px; overflow: hidden", True),
		("overflow: hidden; text-overflow: ellipsis; white-space: nowrap", False),
	):
		page.evaluate(probe, style)
		seen = page.evaluate(CUT_OFF)
		assert any(o.startswith("input") for o in seen["out"]) is flagged, (style, seen)
		page.evaluate("() => document.getElementById('bc-probe').remove()")
	pages = app_pages()
	found = {}
	for path in pages:
		page.goto(f"{BASE}{path}")
		try:
			page.wait_for_selector(PAGE_TITLE, timeout=20_000)
		except PlaywrightTimeout:
			found[path] = "the page did not open: " + page.url
			continue
		settled(page, 1200)
		slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
		page.screenshot(path=str(SHOTS / f"desk-walk-{width}-{slug}.png"), full_page=True)
		seen = page.evaluate(CUT_OFF)
		english = page.evaluate(ENGLISH)
		if seen["dir"] != "rtl" or seen["scroll"] > seen["width"] or seen["out"] or english:
			found[path] = {**seen, "english": english}
	assert not found, json.dumps(found, ensure_ascii=False, indent=1)
	assert len(pages) > 30  # every DocType and report of the app was walked
