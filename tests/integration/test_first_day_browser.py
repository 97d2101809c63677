"""The association's first day in a browser (issue 32): on a fresh site, a new System Manager whose
language is Arabic logs in for the first time and follows the guide on the app's workspace — the
association's face, the working calendar, a department with a member, the SMS gateway (a preset, with a
test message to a loopback stand-in of the provider), outgoing email (a loopback mail server), the
public portal tried as a beneficiary, and a first complaint whose acknowledgement reaches the stand-in.
WhatsApp and history are skipped, as the guide allows.

It prints the pages it opened and the fields it typed, keeps a screenshot of each step in
$BC_SCREENSHOTS (first-day-*.png), and fails if any page of the way shows English among the Arabic or
reaches outside the window (test_desk_browser's checks).

The fresh site is made for the test (`bench new-site --install-app beneficiary_care`, with the MariaDB
user of $BC_DB_ROOT_USER), served on a port of its own, and dropped afterwards."""

from tests.integration import require_site

require_site()

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import frappe
import pytest

from beneficiary_care.core.sms_gateways import PRESETS, Account
from tests.integration.test_browser import ARGS, CHROMIUM, SHOTS, sync_playwright
from tests.integration.test_desk_browser import CUT_OFF, ENGLISH
from tools.loopback import MailServer, ProviderStandIn, free_port

pytestmark = pytest.mark.skipif(
	sync_playwright is None or not shutil.which(CHROMIUM) or not os.environ.get("BC_DB_ROOT_PASSWORD"),
	reason="the first-day browser test needs Playwright, Chromium and a MariaDB user that may create a site "
	"(BC_DB_ROOT_USER, BC_DB_ROOT_PASSWORD)",
)

ROOT = Path(__file__).resolve().parents[2]
SITE = "first-day-test.localhost"
EMAIL = "first-admin@care.example.com"
PASSWORD = f"First-{uuid.uuid4().hex[:12]}!"
HELPER = (sys.executable, "-m", "frappe.utils.bench_helper", "frappe")
# a 1 × 1 PNG: the association's logo
LOGO = base64.b64decode(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PHONE_CHANNEL = json.loads((ROOT / "beneficiary_care/fixtures/starting_data/case_channel.json").read_text())[
	1
]["channel_name"]
ACTION_LABELS = {
	step["title"]: step["action_label"]
	for step in (
		json.loads(path.read_text())
		for path in (ROOT / "beneficiary_care/beneficiary_care/onboarding_step").glob("*/*.json")
	)
}
DESK = frappe.utils.get_absolute_url("Complaint", "x").removesuffix("/complaint/x")


def run(*command: str, timeout: int = 1200) -> str:
	done = subprocess.run(
		command,
		cwd=os.getcwd(),  # the bench's sites folder (conftest)
		env={**os.environ, "PYTHONPATH": str(ROOT)},
		capture_output=True,
		text=True,
		timeout=timeout,
	)
	assert done.returncode == 0, f"{' '.join(command[:7])}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
	return done.stdout


def site_script(*args: str) -> dict:
	out = run(sys.executable, str(Path(__file__).with_name("first_day_site.py")), *args)
	line = next(line for line in out.splitlines() if line.startswith("RESULT "))
	return json.loads(line[len("RESULT ") :])


@pytest.fixture(scope="module")
def fresh_site():
	credentials = (
		*("--db-root-username", os.environ.get("BC_DB_ROOT_USER", "root")),
		*("--db-root-password", os.environ["BC_DB_ROOT_PASSWORD"]),
	)
	if Path(SITE).exists():  # a run stopped half-way
		run(*HELPER, "drop-site", SITE, *credentials, "--no-backup", "--force")
	server = None
	try:
		run(
			*HELPER,
			"new-site",
			SITE,
			*credentials,
			"--admin-password",
			f"A-{uuid.uuid4().hex}",
			"--install-app",
			"beneficiary_care",
		)
		assert site_script("prepare", SITE, EMAIL, PASSWORD)["setup_complete"]
		port = free_port()
		server = subprocess.Popen(
			[*HELPER, "--site", SITE, "serve", "--port", str(port), "--noreload"],
			cwd=os.getcwd(),
			env={**os.environ, "PYTHONPATH": str(ROOT)},
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			start_new_session=True,
		)
		base = f"http://127.0.0.1:{port}"
		for _ in range(120):
			try:
				urllib.request.urlopen(f"{base}/api/method/ping", timeout=2)
				break
			except OSError:
				time.sleep(1)
		yield base
	finally:
		if server:
			os.killpg(server.pid, 15)
			server.wait(timeout=30)
		if Path(SITE).exists():
			run(*HELPER, "drop-site", SITE, *credentials, "--no-backup", "--force")


class Walk:
	"""The way a person goes: each page opened and each field typed, with a screenshot and the checks
	of what the page shows at each step."""

	def __init__(self, page, base: str):
		self.page, self.base = page, base
		self.opened: list[str] = []
		self.typed: list[str] = []
		self.found: dict[str, object] = {}
		self.shot = 0

	def note_page(self) -> None:
		path = self.page.url.removeprefix(self.base)
		if not self.opened or self.opened[-1] != path:
			self.opened.append(path)

	def type(self, selector: str, value: str, label: str) -> None:
		self.page.locator(selector).first.fill(value)
		self.typed.append(label)

	def settle(self, ms: int = 1200) -> None:
		self.page.wait_for_load_state("networkidle")
		self.page.wait_for_timeout(ms)

	def check(self, name: str) -> None:
		self.settle()
		self.note_page()
		self.shot += 1
		self.page.screenshot(path=str(SHOTS / f"first-day-{self.shot:02d}-{name}.png"), full_page=True)
		seen = self.page.evaluate(CUT_OFF)
		english = self.page.evaluate(ENGLISH)
		if seen["dir"] != "rtl" or seen["scroll"] > seen["width"] or seen["out"] or english:
			self.found[f"{self.shot:02d}-{name}"] = {**seen, "english": english}

	def close_dialogs(self) -> None:
		"""Frappe's message after an onboarding action: its primary button (back to the guide), or close."""
		for _ in range(3):
			dialog = self.page.locator(".modal.show")
			if not dialog.count():
				return
			primary = dialog.locator(".modal-footer .btn-primary:visible")
			if primary.count():
				primary.first.click()
			else:
				dialog.locator(".btn-modal-close:visible, .close:visible").first.click()
			self.page.wait_for_timeout(800)

	@property
	def panel(self) -> bool:
		"""v16 shows the onboarding in the sidebar's panel (steps by their action's label); v15 as a
		block of the workspace (steps by their title). framework/versions.show_onboarding."""
		return bool(frappe.db.table_exists("Workspace Sidebar"))

	def item(self, title: str):
		if self.panel:
			return self.page.locator(
				".onb-panel .onb-group", has_text=frappe._(ACTION_LABELS[title], lang="ar")
			).first
		return self.page.locator(".onboarding-step", has_text=frappe._(title, lang="ar")).first

	def workspace(self) -> None:
		self.page.goto(f"{self.base}{DESK}/beneficiary-care")
		self.page.wait_for_selector(
			".onb-panel .onb-group" if self.panel else ".onboarding-step", timeout=30_000
		)
		self.settle()
		self.note_page()

	def step(self, title: str) -> None:
		"""Open a step of the guide and press its action."""
		self.workspace()
		if self.panel:
			self.item(title).locator(".onb-step-left").click()
		else:
			self.item(title).click()
			self.page.wait_for_timeout(500)
			self.page.locator(".onboarding-step-footer .btn").first.click()
		self.page.wait_for_timeout(1500)
		self.close_dialogs()

	def skip(self, title: str) -> None:
		self.workspace()
		step = self.item(title)
		if not self.panel:
			step.click()  # v15 shows the skip of the step that is open
			self.page.wait_for_timeout(500)
		step.hover()  # v16 shows it under the pointer
		step.locator(".onb-show-on-hover span" if self.panel else ".step-skip").first.click()
		self.page.wait_for_timeout(1200)

	def open_tab_of(self, selector: str) -> None:
		"""Click the form's tab that holds a field, as a person would (v16 puts Email Account's outgoing
		settings on a tab of their own)."""
		self.page.evaluate(
			"""(selector) => {
				const pane = document.querySelector(selector)?.closest('.tab-pane');
				if (pane && !pane.classList.contains('active'))
					document.querySelector(`.form-tabs [aria-controls="${pane.id}"], .form-tabs [href="#${pane.id}"]`)?.click();
			}""",
			selector,
		)
		self.page.wait_for_timeout(400)

	def save(self) -> None:
		self.page.keyboard.press("Control+s")
		self.page.wait_for_timeout(2500)

	def done(self, title: str) -> bool:
		self.workspace()
		step = self.item(title)
		# v16 greys a step done (text-extra-muted); v15 marks it "complete"
		return ("text-extra-muted" if self.panel else "complete") in (step.get_attribute("class") or "")


def test_a_new_administrator_follows_the_guide_to_a_first_acknowledged_complaint(fresh_site):
	from beneficiary_care.core import first_day as fd

	SHOTS.mkdir(parents=True, exist_ok=True)
	provider = ProviderStandIn("Unifonic", key="AppSid-f1rst", sender="JAMEYA")
	provider.up()
	mail = MailServer()
	mail.up()
	logo = SHOTS / "شعار-الجمعية.png"
	logo.write_bytes(LOGO)
	try:
		with sync_playwright() as p:
			chromium = p.chromium.launch(executable_path=shutil.which(CHROMIUM), args=ARGS)
			page = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ar").new_page()
			walk = Walk(page, fresh_site)
			# the first login: the app's workspace, with the guide first
			page.goto(f"{fresh_site}/login")
			walk.type("#login_email", EMAIL, "email")
			walk.type("#login_password", PASSWORD, "password")
			page.click(".btn-login")
			page.wait_for_selector(
				".onb-panel .onb-group" if walk.panel else ".onboarding-step", timeout=30_000
			)
			walk.check("first-login")

			# 1. the association's face
			walk.step(fd.ASSOCIATION)
			page.wait_for_selector('[data-fieldname="association_name"] input', timeout=20_000)
			walk.check("association-settings")
			walk.type('[data-fieldname="association_name"] input', "جمعية البر الخيرية", "association_name")
			walk.type('[data-fieldname="association_phone"] input', "0112345678", "association_phone")
			walk.type(
				'[data-fieldname="association_address"] textarea', "الرياض، حي النخيل", "association_address"
			)
			page.locator('[data-fieldname="association_logo"] button').first.click()
			page.wait_for_selector(".modal.show input[type=file]", state="attached", timeout=10_000)
			page.locator(".modal.show input[type=file]").set_input_files(str(logo))
			walk.typed.append("association_logo")
			page.locator(".modal.show .modal-footer .btn-primary").click()
			page.wait_for_timeout(2500)
			walk.save()
			walk.check("association-saved")
			walk.close_dialogs()
			assert walk.done(fd.ASSOCIATION)
			walk.check("association-done")

			# 2. the working calendar: this year's holidays and Ramadan, proposed and confirmed
			walk.step(fd.CALENDAR)
			page.wait_for_selector(".list-row", timeout=20_000)
			walk.check("calendars")
			page.locator(".list-row .list-subject a").first.click()
			page.wait_for_selector(".form-page", timeout=20_000)
			walk.check("calendar")
			for button in ("Propose Saudi Holidays", "Propose Ramadan Hours"):
				# the calendar's proposals, in one menu of the form's actions
				page.locator(
					".inner-group-button button", has_text=frappe._("Propose", lang="ar")
				).first.click()
				page.locator(
					".inner-group-button .dropdown-item", has_text=frappe._(button, lang="ar")
				).first.click()
				page.wait_for_selector(".modal.show input", timeout=10_000)
				if button == "Propose Saudi Holidays":
					walk.type(".modal.show input", str(frappe.utils.now_datetime().year), "year")
				page.locator(".modal.show .modal-footer .btn-primary").click()
				page.wait_for_timeout(2000)
				walk.check(f"calendar-{button.split()[-1].lower()}")
				walk.close_dialogs()
			walk.save()
			walk.check("calendar-saved")
			assert walk.done(fd.CALENDAR)

			# 3. a department with a member
			walk.step(fd.DEPARTMENTS)
			page.wait_for_selector('[data-fieldname="department_name"] input', timeout=20_000)
			walk.check("department")
			walk.type('[data-fieldname="department_name"] input', "قسم خدمة المستفيدين", "department_name")
			page.locator('[data-fieldname="members"] .grid-add-row').click()
			page.locator(
				'[data-fieldname="members"] .grid-row[data-idx="1"] [data-fieldname="user"]'
			).first.click()
			field = page.locator(
				'[data-fieldname="members"] .grid-row[data-idx="1"] input[data-fieldname="user"]'
			)
			field.fill(EMAIL)
			walk.typed.append("member")
			page.wait_for_timeout(1200)
			field.press("Tab")  # a link typed whole is taken as it is, once Frappe finds the record
			page.wait_for_timeout(1200)
			walk.save()
			walk.check("department-saved")
			walk.close_dialogs()
			assert walk.done(fd.DEPARTMENTS)

			# 4. the SMS gateway: a preset, and a test message that reaches the provider's stand-in
			walk.step(fd.SMS)
			page.wait_for_selector('[data-fieldname="sms_provider"] select', timeout=20_000)
			walk.check("gateway")
			page.select_option('[data-fieldname="sms_provider"] select', "Unifonic")
			walk.typed.append("sms_provider")
			walk.type('[data-fieldname="sms_api_key"] input', provider.key, "sms_api_key")
			walk.type('[data-fieldname="sms_sender_name"] input', "JAMEYA", "sms_sender_name")
			walk.save()
			walk.close_dialogs()
			# the provider's address as the association's network reaches it: here, its stand-in
			page.goto(f"{fresh_site}{DESK}/beneficiary-care-settings")
			page.wait_for_selector('[data-fieldname="association_name"]', timeout=30_000)
			walk.settle()
			page.locator(
				".form-tabs .nav-link", has_text=frappe._("Gateways and WhatsApp", lang="ar")
			).click()
			walk.type('[data-fieldname="sms_provider_url"] input', provider.url, "sms_provider_url")
			walk.type('[data-fieldname="sms_test_number"] input', "0501234567", "sms_test_number")
			page.locator('[data-fieldname="send_test_sms"] button').click()
			page.wait_for_selector(".modal.show .indicator.green, .modal.show .modal-title", timeout=30_000)
			page.wait_for_timeout(1000)
			walk.check("gateway-test")
			assert frappe._("The SMS gateway works", lang="ar") in page.locator(".modal.show").inner_text()
			assert provider.delivered[-1]["number"] == "966501234567"
			walk.close_dialogs()
			assert walk.done(fd.SMS)

			# 5. outgoing email
			walk.step(fd.EMAIL)
			page.wait_for_selector('[data-fieldname="email_id"] input', timeout=20_000)
			walk.check("email-account")
			walk.type('[data-fieldname="email_id"] input', "care@albir.example.org", "email_id")
			walk.type('[data-fieldname="email_account_name"] input', "البريد الصادر", "email_account_name")
			for check in ("enable_outgoing", "default_outgoing", "no_smtp_authentication"):
				box = page.locator(f'input[data-fieldname="{check}"]')
				walk.open_tab_of(f'input[data-fieldname="{check}"]')
				if not box.is_checked():
					box.check()
					walk.typed.append(check)
				page.wait_for_timeout(500)
			walk.open_tab_of('[data-fieldname="smtp_server"] input')
			walk.type('[data-fieldname="smtp_server"] input', "127.0.0.1", "smtp_server")
			walk.type('[data-fieldname="smtp_port"] input', str(mail.port), "smtp_port")
			walk.save()
			walk.check("email-saved")
			walk.close_dialogs()
			assert walk.done(fd.EMAIL)

			# 6. WhatsApp and 8. history: optional, skipped
			for optional in (fd.WHATSAPP, fd.HISTORY):
				walk.skip(optional)

			# 7. the public portal, as a beneficiary on a phone
			guest = chromium.new_context(
				viewport={"width": 390, "height": 844}, locale="ar", is_mobile=True
			).new_page()
			guest.goto(f"{fresh_site}/care")
			guest.wait_for_load_state("networkidle")
			walk.opened.append("/care (guest)")
			guest.goto(f"{fresh_site}/submit-case/new")
			guest.wait_for_selector('select[data-fieldname="kind"]', timeout=20_000)
			guest.select_option('select[data-fieldname="kind"]', "Inquiry")
			guest.fill('input[data-fieldname="full_name"]', "مستفيدة تجرب البوابة")
			guest.fill('input[data-fieldname="mobile"]', "0567771234")
			guest.fill('textarea[data-fieldname="description"]', "متى يبدأ التسجيل في برنامج الكسوة؟")
			guest.check('input[data-fieldname="consent"]')
			walk.typed += ["kind", "full_name", "mobile", "description", "consent"]
			guest.get_by_role("button", name="إرسال").click()
			guest.wait_for_selector("text=رقمك المرجعي", timeout=20_000)
			guest.screenshot(path=str(SHOTS / "first-day-portal.png"), full_page=True)
			walk.opened.append("/submit-case/new (guest)")
			assert walk.done(fd.PORTAL)

			# 9. a first complaint registered at the desk, its acknowledgement to the provider
			walk.step(fd.FIRST_CASE)
			page.wait_for_selector('[data-fieldname="subject"] input', timeout=20_000)
			walk.check("complaint")
			channel = page.locator('[data-fieldname="channel"] input').first
			channel.fill(PHONE_CHANNEL)
			page.wait_for_timeout(1200)
			channel.press("Tab")
			walk.typed.append("channel")
			walk.type('[data-fieldname="contact_name"] input', "محمد علي", "contact_name")
			walk.type('[data-fieldname="mobile"] input', "0509876543", "mobile")
			walk.type('[data-fieldname="subject"] input', "تأخر صرف المساعدة", "subject")
			page.locator('[data-fieldname="description"] textarea').first.fill("لم تصرف المساعدة منذ شهرين.")
			walk.typed.append("description")
			walk.save()
			walk.check("complaint-saved")
			walk.close_dialogs()
			# the acknowledgement goes after commit, by the site's background worker
			run(
				*HELPER,
				"--site",
				SITE,
				"execute",
				"beneficiary_care.messaging.delivery.deliver_waiting",
				timeout=300,
			)
			assert any(d["number"] == "966509876543" for d in provider.delivered), provider.received
			# the day is over: every step done or an optional one skipped, and the guide gives way
			page.goto(f"{fresh_site}{DESK}/beneficiary-care")
			walk.check("day-over")
			assert not page.locator(".onboarding-step:visible, .onb-panel .onb-group:visible").count()
			chromium.close()
	finally:
		provider.down()
		mail.down()

	state = site_script("state", SITE)
	print(f"pages opened ({len(walk.opened)}): {walk.opened}")
	print(f"fields typed ({len(walk.typed)}): {walk.typed}")
	print(f"steps: {state['steps']}")
	# the same gateway without the preset: what Frappe's SMS Settings needs typed for Unifonic (its URL,
	# message and receiver parameters, POST, each static parameter's name and value and header box),
	# and the app's number format and success answer
	by_hand = PRESETS["Unifonic"].sms_settings(Account(key="k", sender="s"))
	sms_fields = 4 + sum(2 + row["header"] for row in by_hand["parameters"]) + 2
	print(
		f"the SMS gateway by hand: {sms_fields} fields on 2 pages (SMS Settings, the app's settings); with the preset: 3"
	)
	assert not walk.found, json.dumps(walk.found, ensure_ascii=False, indent=1)
	steps = {s["step"]: s for s in state["steps"]}
	assert all(steps[s]["complete"] for s in fd.STEPS if s not in fd.OPTIONAL)
	assert all(steps[s]["skipped"] for s in fd.OPTIONAL)
	assert re.match(
		r"http://127\.0\.0\.1:\d+/unifonic", state["sms_settings_url"]
	)  # Frappe's SMS Settings too
