"""Every guest door, walked over HTTP as an attacker would (issue 30), against the running site
(BC_BASE_URL, as .ci/run serves it): the case form, its attachment, tracking, the survey, login by
mobile, the WhatsApp webhook (unsigned and badly signed: its signed bodies are test_whatsapp.py's),
the FAQ and the document URLs. Malformed requests of every kind get a 4xx, never a 5xx; none writes
an Error Log or half a case; no private file or record is readable.

Each request comes from an address of its own (X-Forwarded-For, which Frappe reads as the client's:
README, what the proxy must do), so that the doors' rate limits count only where a test means them to.
What the tests write is committed (the site's server must see it) and removed afterwards."""

from tests.integration import require_site

require_site()

import itertools
import json
import os
import random
import uuid

import frappe
import pytest
import requests
from frappe.utils.password import update_password

from beneficiary_care.portal import mobile_login
from tests.integration import helpers

BASE = os.environ.get("BC_BASE_URL", "")
pytestmark = pytest.mark.skipif(not BASE, reason="needs BC_BASE_URL (a running site; .ci/run starts one)")

M = "/api/method/"
ACCEPT = M + "frappe.website.doctype.web_form.web_form.accept"
PORTAL = M + "beneficiary_care.portal.api."
WEBHOOK = M + "beneficiary_care.whatsapp.webhook"
_clients = itertools.count(random.randrange(2**17))  # addresses of earlier runs still count a minute
BOARD = b"board-" + uuid.uuid4().hex.encode()  # what only the board's file holds
PDF = helpers.pdf("a guest's letter")


def client() -> str:
	"""An address of its own, from the benchmarking range 198.18.0.0/15 (only a header here)."""
	n = next(_clients) % 2**17
	return f"198.{18 + n // 65536}.{n // 256 % 256}.{n % 256}"


def shown(response: requests.Response) -> str:
	"""What a person is shown of an answer: an API error's message and messages (the traceback Frappe
	may add is for developers' consoles), or the page."""
	try:
		body = response.json()
	except ValueError:
		return response.text
	messages = [json.loads(m).get("message", "") for m in json.loads(body.get("_server_messages") or "[]")]
	return " ".join([str(body.get("exception", "")), *map(str, messages), str(body.get("message", ""))])


def names(response: requests.Response, label: str) -> bool:
	"""The answer names the field, in English or Arabic."""
	return label in shown(response) or frappe._(label, lang="ar") in shown(response)


def call(method: str, path: str, session=None, address: str | None = None, **kwargs) -> requests.Response:
	headers = {
		"X-Forwarded-For": address or client(),
		"Accept": "application/json",
		**kwargs.pop("headers", {}),
	}
	return (session or requests).request(method, BASE + path, headers=headers, timeout=60, **kwargs)


def form(values: dict | str | None = None, web_form: object = "submit-a-case", **kwargs) -> requests.Response:
	data = values if isinstance(values, str) or values is None else json.dumps(values)
	body = {"web_form": web_form, **({} if data is None else {"data": data})}
	return call("POST", ACCEPT, json=body, **kwargs)


def valid(**values) -> dict:
	return {
		"kind": "Complaint",
		"full_name": "زائر الاختبار",
		"mobile": MOBILE,
		"description": "وصف من اختبار الأبواب.",
		"consent": 1,
		**values,
	}


ATTACHMENT = "Attachment (optional: PDF or image, up to 5 MB)"
MOBILE = "055" + str(uuid.uuid4().int)[:7]
STORED = "+966" + MOBILE[1:]


def counts() -> dict:
	frappe.db.rollback()  # a fresh snapshot: the server's commits are seen
	return {
		"Error Log": frappe.db.count("Error Log"),
		"Case Submission": frappe.db.count("Case Submission"),
		**{dt: frappe.db.count(dt) for dt in ("Complaint", "Inquiry", "Suggestion", "File", "User")},
	}


@pytest.fixture(scope="module")
def doors():
	"""Guest uploads allowed, a board's private file, and afterwards nothing of what the tests made."""
	before = frappe.db.get_single_value("System Settings", "allow_guests_to_upload_files")
	frappe.db.set_single_value("System Settings", "allow_guests_to_upload_files", 1)
	board = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"BR-{uuid.uuid4().hex[:8]}.pdf",
			"content": helpers.pdf(BOARD.decode()),
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	frappe.clear_cache()
	yield frappe._dict(board=board)
	frappe.db.rollback()
	for doctype in ("Complaint", "Inquiry", "Suggestion"):
		for name in frappe.get_all(doctype, filters={"mobile": STORED}, pluck="name"):
			for submission in frappe.get_all("Case Submission", {"case_reference": name}, pluck="name"):
				frappe.db.delete("File", {"attached_to_name": submission})
				frappe.db.delete("Case Submission", submission)
			frappe.db.delete("File", {"attached_to_name": name})
			frappe.db.delete("Case Message", {"reference_name": name})
			frappe.db.delete("ToDo", {"reference_name": name})
			frappe.db.delete(doctype, name)
	frappe.db.delete("File", {"owner": "Guest", "attached_to_name": ("is", "not set")})
	frappe.delete_doc("File", board.name, force=True, ignore_permissions=True)  # and its file
	for user in frappe.get_all("User", filters={"mobile_no": STORED}, pluck="name"):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.set_single_value("System Settings", "allow_guests_to_upload_files", before)
	frappe.db.commit()
	frappe.clear_cache()


def upload(session: requests.Session, content: bytes = PDF, name: str = "letter.pdf") -> requests.Response:
	return call(
		"POST",
		M + "upload_file",
		session,
		files={"file": (name, content, "application/pdf")},
		data={"is_private": 1},
	)


# ------------------------------------------------------------------ finding 1, end to end


def test_a_guest_gets_no_private_file_through_an_attachment(doors):
	board = doors.board.file_url
	start = counts()
	attacker = requests.Session()
	refused = form(valid(attachment=board), session=attacker)
	assert refused.status_code == 417 and names(refused, ATTACHMENT)
	linked = call("POST", M + "upload_file", attacker, data={"file_url": board})
	assert linked.status_code == 403
	own = requests.Session()
	uploaded = upload(own, helpers.pdf())
	assert uploaded.status_code == 200 and own.cookies.get("bc_uploads")
	url = uploaded.json()["message"]["file_url"]
	assert form(valid(attachment=url), session=attacker).status_code == 417  # another browser's upload
	taken = form(valid(attachment=url), session=own)
	assert taken.status_code == 200, taken.text
	reference = taken.json()["message"]["case_reference"]
	assert form(valid(attachment=url), session=own).status_code == 417  # used up
	after = counts()
	assert after["Error Log"] == start["Error Log"]
	assert frappe.get_all("File", filters={"file_url": board}, pluck="name") == [doors.board.name]
	assert frappe.get_all("File", filters={"file_url": url}, pluck="attached_to_name") == [reference]
	# the guest logs in with the mobile the case was registered with (as a code would: the same account)
	user = mobile_login.account_for(STORED)
	update_password(user, "a-Long-test-Passw0rd!")
	frappe.db.commit()
	portal = requests.Session()
	assert (
		call("POST", M + "login", portal, json={"usr": user, "pwd": "a-Long-test-Passw0rd!"}).status_code
		== 200
	)
	assert call("GET", f"/api/resource/Complaint/{reference}", portal).status_code == 200  # their own case
	assert call("GET", url, portal).content.startswith(b"%PDF")  # their own file
	stolen = call("GET", board, portal)
	assert stolen.status_code == 403 and BOARD not in stolen.content
	assert call("GET", board, attacker).status_code == 403


# ------------------------------------------------------------------ finding 7: one limit for the form


def test_the_case_forms_limit_counts_the_door_whatever_it_is_called(doors):
	address = client()
	spellings = ["submit-a-case", "SUBMIT-A-CASE", "Submit-A-Case", "submit-a-case ", "sUbmit-a-case"]
	answers = [
		form("{}", web_form=spellings[i % len(spellings)], address=address).status_code for i in range(10)
	]
	assert 429 not in answers  # no spelling reached Frappe's own limit of 10
	assert {form("{}", web_form=name, address=address).status_code for name in spellings} == {429}


# ------------------------------------------------------------------ the fuzz


def bad_form_requests(board: str) -> list[tuple[str, dict]]:
	requests_ = [
		("no arguments", {"values": None, "web_form": None}),
		("no data", {"values": None}),
		("data not JSON", {"values": "{not json"}),
		("data a list", {"values": "[1, 2]"}),
		("data a string", {"values": '"text"'}),
		("form unknown", {"values": valid(), "web_form": "no-such-form"}),
		("form a list", {"values": valid(), "web_form": ["submit-a-case"]}),
		("consent as a word", {"values": valid(consent="yes")}),
		("consent missing", {"values": valid(consent=0)}),
		("description too long", {"values": valid(description="ب" * 3001)}),
		("attachment another's file", {"values": valid(attachment=board)}),
		("attachment a path", {"values": valid(attachment="/private/files/../../site_config.json")}),
		("attachment remote", {"values": valid(attachment="https://example.com/a.pdf")}),
		("an existing record", {"values": valid(name="CMP-2026-00001")}),
		("honeypot", {"values": valid(website="http://spam.example")}),
		("script as mobile", {"values": valid(mobile="<img src=x onerror=alert(1)>")}),
		("kind unknown", {"values": valid(kind="Invoice")}),
	]
	for field in ("kind", "full_name", "mobile", "national_id", "email", "subject_category", "description"):
		for value in (["x"], {"a": 1}, 512345670, True):
			requests_.append((f"{field} as {type(value).__name__}", {"values": valid(**{field: value})}))
	return requests_


def bad_api_requests() -> list[tuple[str, str, str, dict]]:
	long = "٣" * 10_000
	calls = []
	for method, fields in (
		("track_case", ("reference", "mobile")),
		("submit_survey", ("token", "overall_rating", "comment")),
		("request_login_code", ("mobile",)),
		("verify_login_code", ("mobile", "code")),
	):
		calls.append((f"{method}: nothing", "POST", PORTAL + method, {"json": {}}))
		calls.append((f"{method}: GET", "GET", PORTAL + method, {}))
		for field in fields:
			for value in (["x"], {"a": 1}, 512345670, None, long, "\x00", "<script>alert(1)</script>"):
				calls.append(
					(f"{method}: {field}={value!r:.20}", "POST", PORTAL + method, {"json": {field: value}})
				)
	calls += [
		(
			"faq: extra arguments",
			"POST",
			M + "beneficiary_care.portal.faq.published_faq",
			{"json": {"x": [1]}},
		),
		("care page: junk query", "GET", "/care?%ff=%00&a[]=1", {}),
		("track page: script", "GET", "/track?ref=<script>alert(1)</script>", {}),
		("survey page: junk token", "GET", "/survey?token=%00%ff" + "x" * 500, {}),
		(
			"handshake: non-ASCII token",
			"GET",
			WEBHOOK,
			{"params": {"hub.mode": "subscribe", "hub.verify_token": "é", "hub.challenge": "1"}},
		),
		("handshake: nothing", "GET", WEBHOOK, {}),
		("webhook: unsigned", "POST", WEBHOOK, {"data": b'{"entry": []}'}),
		(
			"webhook: signature not hex",
			"POST",
			WEBHOOK,
			{"data": b"{}", "headers": {"X-Hub-Signature-256": "sha256=zz"}},
		),
		(
			"webhook: signature not ASCII",
			"POST",
			WEBHOOK,
			{"data": b"{}", "headers": {"X-Hub-Signature-256": "sha256=é".encode()}},
		),
		("webhook: not JSON, unsigned", "POST", WEBHOOK, {"data": b"\xff\xfe not json"}),
		("webhook: too large", "POST", WEBHOOK, {"data": b"x" * (300 * 1024)}),
		("upload: a link to a file", "POST", M + "upload_file", {"data": {"file_url": "/files/x.pdf"}}),
		(
			"upload: a program",
			"POST",
			M + "upload_file",
			{"files": {"file": ("a.exe", b"MZ", "application/x-msdownload")}},
		),
	]
	return calls


def test_malformed_requests_at_every_guest_door_get_a_4xx_and_write_nothing(doors):
	start = counts()
	answers = {}
	for name, kwargs in bad_form_requests(doors.board.file_url):
		response = form(kwargs["values"], web_form=kwargs.get("web_form", "submit-a-case"))
		answers[f"form: {name}"] = response
	for name, method, path, kwargs in bad_api_requests():
		answers[name] = call(method, path, **kwargs)
	server_errors = {
		name: (r.status_code, r.text[:200]) for name, r in answers.items() if r.status_code >= 500
	}
	assert server_errors == {}
	for name, response in answers.items():
		if name.startswith("form:") or name.split(":")[0] in ("track_case", "submit_survey"):
			assert 400 <= response.status_code < 500, (name, response.status_code)
		assert "<script>alert(1)</script>" not in shown(response), name
		assert "<img src=x onerror" not in shown(response), name
	assert counts() == start  # no Error Log, no submission, case, file or account


def test_no_document_url_gives_a_guest_a_record_or_a_file(doors):
	case = helpers.case("Complaint", mobile=MOBILE, subject="سرّي للاختبار")
	frappe.db.commit()
	marks = ("سرّي للاختبار".encode(), BOARD)  # the case's subject, the board's file
	for path in (
		f"/api/resource/Complaint/{case.name}",
		'/api/resource/Complaint?fields=["*"]',
		"/api/resource/Beneficiary",
		'/api/resource/File?fields=["file_url"]',
		f"/api/method/frappe.desk.form.load.getdoc?doctype=Complaint&name={case.name}",
		f"/api/method/frappe.client.get?doctype=Complaint&name={case.name}",
		"/api/method/frappe.client.get_list?doctype=Complaint",
		f"/printview?doctype=Complaint&name={case.name}",
		f"/api/method/frappe.utils.print_format.download_pdf?doctype=Complaint&name={case.name}",
		doors.board.file_url,
		"/app/complaint",
		"/my-cases",
	):
		response = call("GET", path, allow_redirects=False)
		assert response.status_code < 500, path
		assert not any(mark in response.content for mark in marks), path


def test_a_file_that_cannot_be_opened_is_refused_by_name_or_taken_never_a_server_error(doors):
	"""Frappe 15.10x+ opens every PDF with pypdf and let its error through (a 500); Frappe 15.55 takes
	any bytes. Either way a guest gets no 5xx: a 4xx naming the attachment, or the upload."""
	response = upload(requests.Session(), helpers.MALFORMED_PDF, "scan.pdf")
	assert response.status_code in (200, 417), response.text[:300]
	if response.status_code == 417:
		assert names(response, "Attachment")
