"""WhatsApp both ways on a real site, against a loopback fake of Meta's Graph API (tools.loopback.GraphAPI):
the webhook's handshake, signature, size limit and retries; odd and malformed input answered 4xx or 200,
never 500; a body stored and answered at once, taken by its job; each kind of message, whatever its
length; a conversation onto an open case; a new case by the kind buttons and by the timeout; a message
that cannot be taken kept on the timeline; the acknowledgement and the answer in and outside the 24-hour
window; statuses; a failure falling back to SMS once; «إيقاف»; staff replies; nothing logged with a
number or a text; the channel in the reports.

The webhook is called as Frappe calls it for a guest's POST (the whitelisted function, with the request
that Frappe's handler would have: werkzeug's Request over the raw body and its headers)."""

from tests.integration import require_site

require_site()

import datetime as dt
import hashlib
import json
import time
import uuid

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from beneficiary_care.beneficiary_care.report.cases_by_need_and_channel import cases_by_need_and_channel
from beneficiary_care.core.phone import normalize_saudi_mobile
from beneficiary_care.core.whatsapp import MEDIA_TYPES
from beneficiary_care.framework.helpers import notes_language
from beneficiary_care.messaging import conversations, whatsapp_inbox
from tests.integration import helpers
from tools.loopback import GraphAPI

SECRET = "test-app-secret"
VERIFY = "test-verify-token"
TEMPLATES = ("bc_acknowledgement", "bc_answer", "bc_decision", "bc_survey")
KIND_TITLES = ["شكوى", "استفسار", "مقترح"]  # the app's words for the kinds (the seed says «مقترحات»)


@pytest.fixture
def graph(gateway):
	"""WhatsApp on, pointed at the fake Graph API (and SMS at the loopback gateway, for fallbacks)."""
	api = GraphAPI(token="test-token", phone_number_id="111222333")
	api.templates = {(name, "ar"): 3 for name in TEMPLATES}
	api.up()
	settings = frappe.get_single("Beneficiary Care Settings")
	settings.update(
		{
			"whatsapp_enabled": 1,
			"whatsapp_phone_number_id": api.phone_number_id,
			"whatsapp_business_account_id": "WABA_ID",
			"whatsapp_access_token": api.token,
			"whatsapp_app_secret": SECRET,
			"whatsapp_verify_token": VERIFY,
			"whatsapp_base_url": api.base_url,
			"whatsapp_api_version": api.version,
			"whatsapp_register_cases": 1,
			"whatsapp_kind_wait_minutes": 5,
		}
	)
	settings.save()
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	api.sms = gateway
	yield api
	api.down()


def jpeg() -> bytes:
	import io

	from PIL import Image

	out = io.BytesIO()
	Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "JPEG")
	return out.getvalue()


def number() -> str:
	"""A mobile no file, case or contact has, as +9665XXXXXXXX."""
	return normalize_saudi_mobile(helpers.unused_mobile())


def call(method: str, body: bytes = b"", headers: dict | None = None, query: dict | None = None):
	"""The webhook as a guest's request reaches it through Frappe's handler."""
	environ = EnvironBuilder(
		method=method,
		data=body or None,
		headers=headers or {},
		query_string=query,
		content_type="application/json",
	).get_environ()
	frappe.local.request = Request(environ)
	frappe.local.request_ip = f"test-meta-{uuid.uuid4().hex}"  # a key in the limiter, not an address
	frappe.set_user("Guest")
	frappe.local.form_dict = frappe._dict(query or {})  # after set_user, which empties it
	try:
		return whatsapp_inbox.webhook()
	finally:
		frappe.set_user("Administrator")
		del frappe.local.request


def raw(payload: dict) -> bytes:
	return json.dumps(payload, ensure_ascii=False).encode()


def post(payload: dict | bytes, *, secret: str | None = SECRET, signature: str | None = None):
	body = payload if isinstance(payload, bytes) else raw(payload)
	headers = {}
	if signature is not None:
		headers["X-Hub-Signature-256"] = signature
	elif secret is not None:
		headers["X-Hub-Signature-256"] = GraphAPI.sign(body, secret)
	return call("POST", body, headers)


def written() -> dict:
	return {
		doctype: frappe.db.count(doctype)
		for doctype in (
			"Communication",
			"WhatsApp Contact",
			"Complaint",
			"Inquiry",
			"Suggestion",
			"Case Message",
			"Error Log",
			"File",
			"Integration Request",
		)
	}


def stored(payload: dict | bytes) -> frappe._dict:
	"""The Integration Request a body was kept as (named by its SHA-256)."""
	body = payload if isinstance(payload, bytes) else raw(payload)
	name = hashlib.sha256(body).hexdigest()
	row = frappe.db.get_value(
		"Integration Request", name, ["status", "data", "output", "integration_request_service"], as_dict=True
	)
	return frappe._dict(row or {}, name=name, counts=json.loads((row or {}).get("output") or "{}"))


@pytest.fixture
def queued(monkeypatch):
	"""Jobs recorded instead of run (under tests Frappe runs them at once): what a worker would be given."""
	jobs = []
	monkeypatch.setattr(frappe, "enqueue", lambda method, **job: jobs.append({"method": method, **job}))
	return jobs


def case_of(mobile: str):
	for doctype in ("Complaint", "Inquiry", "Suggestion"):
		name = frappe.db.get_value(doctype, {"mobile": mobile}, "name")
		if name:
			return frappe.get_doc(doctype, name)
	return None


def sent_to(api: GraphAPI, mobile: str, kind: str | None = None) -> list[dict]:
	return [m for m in api.sent if m["to"] == mobile.lstrip("+") and (kind is None or m["type"] == kind)]


# ------------------------------------------------------------------ the door


def test_the_webhook_is_open_to_guests_for_get_and_post_only():
	method = frappe.get_attr("beneficiary_care.messaging.whatsapp_inbox.webhook")
	assert method in frappe.guest_methods
	assert set(frappe.allowed_http_methods_for_whitelisted_func[method]) == {"GET", "POST"}


def test_the_handshake_echoes_the_challenge_only_for_the_verify_token(graph):
	ok = call(
		"GET", query={"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"}
	)
	assert ok.status_code == 200 and ok.get_data(as_text=True) == "1158201444"
	wrong = call("GET", query={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"})
	assert wrong.status_code == 403 and wrong.get_data() == b""


@pytest.mark.parametrize("signature", [None, "", "sha256=" + "0" * 64, "sha1=abc"])
def test_an_unsigned_or_badly_signed_post_gets_403_and_writes_nothing(graph, signature):
	before = written()
	payload = GraphAPI.inbound(number(), text="مرحبا")
	response = post(payload, secret=None) if signature is None else post(payload, signature=signature)
	assert response.status_code == 403
	assert written() == before
	assert graph.sent == []


def test_a_body_signed_with_another_secret_gets_403(graph):
	before = written()
	assert post(GraphAPI.inbound(number(), text="مرحبا"), secret="not-the-app-secret").status_code == 403
	assert written() == before


def test_a_body_over_the_limit_is_refused_unread(graph):
	from beneficiary_care.core.whatsapp import MAX_WEBHOOK_BYTES

	before = written()
	payload = GraphAPI.inbound(number(), text="ا" * MAX_WEBHOOK_BYTES)
	assert post(payload).status_code == 413
	assert written() == before


def test_a_post_when_whatsapp_is_off_gets_403(graph):
	frappe.db.set_single_value("Beneficiary Care Settings", "whatsapp_enabled", 0)
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	before = written()
	assert post(GraphAPI.inbound(number(), text="مرحبا")).status_code == 403
	assert written() == before


@pytest.mark.parametrize(
	("token", "challenge"),
	[
		("توكن", "1158201444"),  # non-ASCII: hmac.compare_digest raised TypeError, a 500 and an Error Log
		("test-verify-tok\u00e9n", "1"),
		(VERIFY, "١١٥٨"),  # the right token, a challenge that is not Meta's number
		(VERIFY, "<b>x</b>"),
	],
)
def test_an_odd_handshake_gets_403_and_writes_nothing(graph, token, challenge):
	before = written()
	response = call(
		"GET", query={"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": challenge}
	)
	assert response.status_code == 403 and response.get_data() == b""
	assert written() == before


def test_a_verify_token_in_arabic_verifies(graph):
	settings = frappe.get_single("Beneficiary Care Settings")
	settings.whatsapp_verify_token = "عبارة سرية طويلة"
	settings.save()
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	query = {"hub.mode": "subscribe", "hub.verify_token": "عبارة سرية طويلة", "hub.challenge": "42"}
	assert call("GET", query=query).get_data(as_text=True) == "42"


@pytest.mark.parametrize(
	"signature",
	[
		"sha256=" + "zz" * 32,  # not hex
		"sha256=" + "\u00e9" * 64,  # not ASCII: hmac.compare_digest raised TypeError
		"sha256=" + "\u00d8\u00a7" * 32,  # UTF-8 Arabic as a header is read (Latin-1)
		"sha256=" + "0" * 640,
	],
)
def test_a_signature_that_is_not_hex_gets_403_and_writes_nothing(graph, signature):
	before = written()
	assert post(GraphAPI.inbound(number(), text="مرحبا"), signature=signature).status_code == 403
	assert written() == before


@pytest.mark.parametrize(
	"body",
	[
		b"not json",
		b"\xff\xfe not UTF-8",
		b"[" * 100_000 + b"]" * 100_000,  # deeper than JSON is read: RecursionError was a 500
		b'{"object": "page", "entry": []}',
		b"[]",
	],
)
def test_a_signed_body_that_is_not_a_webhook_gets_400_and_writes_nothing(graph, body):
	before = written()
	assert post(body).status_code == 400
	assert written() == before


# ------------------------------------------------------------------ a body stored, then taken by a job


def many(count: int, numbers: list[str]) -> dict:
	"""One body of `count` text messages from these numbers, in turn, as Meta batches them."""
	payload = GraphAPI.inbound(numbers[0].lstrip("+"), text="-")
	value = payload["entry"][0]["changes"][0]["value"]
	value["messages"], value["contacts"] = [], []
	for i in range(count):
		one = GraphAPI.inbound(numbers[i % len(numbers)].lstrip("+"), text=f"رسالة رقم {i} عن تأخر المساعدة")
		value["messages"] += one["entry"][0]["changes"][0]["value"]["messages"]
	for mobile in numbers:
		value["contacts"].append({"profile": {"name": "مستفيد"}, "wa_id": mobile.lstrip("+")})
	return payload


def test_a_thousand_messages_are_answered_at_once_and_taken_by_the_job(graph, queued):
	"""Issue 30: one signed body of 1,000 messages took 21.8 s to answer. It is stored and answered;
	the job, given the body's name only, takes every message."""
	numbers = [number() for _ in range(20)]
	payload = many(1000, numbers)
	assert len(raw(payload)) > 100_000
	started = time.perf_counter()
	response = post(payload)
	elapsed = time.perf_counter() - started
	assert response.status_code == 200
	assert elapsed < 1.0, f"answered in {elapsed:.2f} s"
	body = stored(payload)
	assert (body.status, body.integration_request_service) == ("Queued", "WhatsApp")
	assert not frappe.db.exists("Version", {"ref_doctype": "Integration Request", "docname": body.name})
	(job,) = queued
	assert job["method"] == "beneficiary_care.messaging.whatsapp_inbox.process_body"
	# names and ids only: a job's arguments are in the worker's log
	assert {k: v for k, v in job.items() if k not in ("method", "queue", "enqueue_after_commit", "now")} == {
		"body": body.name
	}
	assert frappe.db.count("Communication", {"phone_no": ["in", numbers]}) == 0
	whatsapp_inbox.process_body(body.name)
	assert (
		frappe.db.count("Communication", {"phone_no": ["in", numbers], "sent_or_received": "Received"})
		== 1000
	)
	body = stored(payload)
	assert body.status == "Completed" and body.counts["taken"] == 1000
	assert not body.data  # taken: the words are the messages now, not a copy in the body
	asked = [j for j in queued if j["method"].endswith("ask_kind")]
	assert len(asked) == 20 and all(
		set(j) - {"method", "queue", "enqueue_after_commit", "now"} == {"contact"} for j in asked
	)
	before = written()
	whatsapp_inbox.process_body(body.name)  # queued twice: taken once
	assert written() == before


def test_a_redelivered_body_is_answered_without_work(graph, queued):
	payload = GraphAPI.inbound(number().lstrip("+"), text="السلام عليكم")
	assert post(payload).status_code == 200
	whatsapp_inbox.process_body(stored(payload).name)
	before, jobs = written(), len(queued)
	for _ in range(3):
		assert post(payload).status_code == 200
	assert written() == before and len(queued) == jobs


@pytest.mark.parametrize(
	("where", "bad"),
	[
		(("entry",), "x"),
		(("entry",), None),
		(("entry", 0, "changes"), 5),
		(("entry", 0, "changes", 0, "value", "metadata"), "x"),
		(("entry", 0, "changes", 0, "value", "contacts"), 7),
		(("entry", 0, "changes", 0, "value", "contacts", 0, "profile", "name"), 12345),
		(("entry", 0, "changes", 0, "value", "statuses"), "sent"),
		(("entry", 0, "changes", 0, "value", "messages", 0, "text"), ["x"]),
		(("entry", 0, "changes", 0, "value", "messages", 0, "type"), ["text"]),
		(("entry", 0, "changes", 0, "value", "messages", 0, "timestamp"), 253402300799),
	],
)
def test_a_signed_malformed_body_gets_200_and_one_error_log_at_most(graph, where, bad):
	"""Issue 30: 28 shapes raised inside core.parse_webhook, and each delivery got 500 forever."""
	mobile = number()
	payload = GraphAPI.inbound(mobile.lstrip("+"), text="أريد الاستفسار عن موعد الصرف")
	tree = payload
	for key in where[:-1]:
		tree = tree[key]
	tree[where[-1]] = bad
	logs = frappe.db.count("Error Log")
	assert post(payload).status_code == 200
	assert frappe.db.count("Error Log") - logs <= 1
	body = stored(payload)
	assert body.status == "Completed"
	# a list or an object where Meta puts one is counted; a field of the wrong type reads as empty
	assert body.counts["skipped"] >= (0 if where[-1] in ("name", "timestamp", "type") else 1)


def test_a_malformed_item_leaves_its_neighbours_taken(graph):
	first, second = number(), number()
	payload = many(2, [first, second])
	payload["entry"][0]["changes"][0]["value"]["messages"].insert(1, "not a message")
	payload["entry"][0]["changes"][0]["value"]["statuses"] = [{"status": "read"}, None]  # no id; null
	logs = frappe.db.count("Error Log")
	assert post(payload).status_code == 200
	assert frappe.db.count("Error Log") == logs + 1  # once for the body, not once per part
	for mobile in (first, second):
		assert frappe.db.exists("Communication", {"phone_no": mobile, "sent_or_received": "Received"})
	assert stored(payload).counts["skipped"] == 3


# ------------------------------------------------------------------ a new conversation


def test_a_new_conversation_is_asked_its_kind_and_becomes_the_case_its_button_names(graph):
	mobile = number()
	file = helpers.beneficiary(mobile=mobile)
	assert (
		post(
			GraphAPI.inbound(mobile.lstrip("+"), text="لم تصلني المساعدة هذا الشهر", name="سارة")
		).status_code
		== 200
	)
	contact = frappe.get_doc("WhatsApp Contact", {"mobile": mobile})
	assert contact.name != mobile  # named by hash: no number in a URL or a job's arguments
	assert contact.waiting_since and contact.beneficiary == file.name
	assert case_of(mobile) is None  # not a case until its kind is known
	(question,) = sent_to(graph, mobile, "interactive")
	assert [b["reply"]["title"] for b in question["interactive"]["action"]["buttons"]] == KIND_TITLES

	assert post(GraphAPI.inbound(mobile.lstrip("+"), text="منذ ثلاثة أسابيع", name="سارة")).status_code == 200
	assert len(sent_to(graph, mobile, "interactive")) == 1  # asked once
	assert (
		post(GraphAPI.inbound(mobile.lstrip("+"), button=("complaint", "شكوى"), name="سارة")).status_code
		== 200
	)

	case = case_of(mobile)
	assert case.doctype == "Complaint"
	assert frappe.db.get_value("Case Channel", case.channel, "code") == "whatsapp"
	assert case.beneficiary == file.name and case.contact_name == "سارة" and case.reply_by_whatsapp
	assert case.description == "لم تصلني المساعدة هذا الشهر\nمنذ ثلاثة أسابيع"
	assert case.resolution_due and case.sla_status  # deadlined like any other
	# the conversation moved onto the case, in order
	on_case = frappe.get_all(
		"Communication",
		filters={
			"reference_doctype": "Complaint",
			"reference_name": case.name,
			"sent_or_received": "Received",
		},
		pluck="content",
		order_by="communication_date, creation",
	)
	assert on_case[:2] == ["لم تصلني المساعدة هذا الشهر", "منذ ثلاثة أسابيع"]
	assert not frappe.db.get_value("WhatsApp Contact", {"mobile": mobile}, "waiting_since")
	# acknowledged on WhatsApp, inside the window: free text with the reference
	(ack,) = frappe.get_all(
		"Case Message",
		filters={"reference_name": case.name, "purpose": "Acknowledgement", "medium": ["!=", "Email"]},
		fields=["medium", "status", "provider_message_id", "delivery_status"],
	)
	assert (ack.medium, ack.status, ack.delivery_status) == ("WhatsApp", "Sent", "Sent")
	texts = [m["text"]["body"] for m in sent_to(graph, mobile, "text")]
	assert any(case.name in t for t in texts)
	assert ack.provider_message_id in {m["wamid"] for m in graph.sent}
	assert graph.sms.delivered == []  # no SMS beside it


def test_a_conversation_without_a_button_becomes_an_inquiry_after_the_wait(graph):
	mobile = number()
	post(GraphAPI.inbound(mobile.lstrip("+"), text="ما مواعيد استلام السلال الغذائية؟"))
	assert whatsapp_inbox.register_waiting(now_datetime() + dt.timedelta(minutes=4)) == 0
	assert case_of(mobile) is None
	assert whatsapp_inbox.register_waiting(now_datetime() + dt.timedelta(minutes=6)) == 1
	case = case_of(mobile)
	assert case.doctype == "Inquiry" and case.subject == "ما مواعيد استلام السلال الغذائية؟"
	assert whatsapp_inbox.register_waiting(now_datetime() + dt.timedelta(minutes=60)) == 0  # once


def test_a_retried_delivery_is_taken_once(graph):
	mobile = number()
	payload = GraphAPI.inbound(mobile.lstrip("+"), text="السلام عليكم")
	assert post(payload).status_code == 200
	before = written()
	assert post(payload).status_code == 200  # Meta sends it again
	assert written() == before
	assert len(sent_to(graph, mobile, "interactive")) == 1


def test_a_message_of_33000_arabic_characters_is_kept_whole(graph):
	"""Issue 30: the waiting conversation's text was one TEXT column (64 KiB) on the contact, and such a
	message got 500 on every delivery. Each message is its own Communication (Long Text); the case's
	description is cut to its column and says where the rest is."""
	mobile = number()
	words = "المساعدة" * 4125  # 33,000 Arabic letters, 66,000 bytes: more than 64 KiB
	assert post(GraphAPI.inbound(mobile.lstrip("+"), text=words)).status_code == 200
	contact = frappe.db.get_value("WhatsApp Contact", {"mobile": mobile}, "name")
	assert frappe.db.get_value("Communication", {"reference_name": contact}, "content") == words
	assert post(GraphAPI.inbound(mobile.lstrip("+"), button=("complaint", "شكوى"))).status_code == 200
	case = case_of(mobile)
	assert case.doctype == "Complaint"
	assert len(case.description.encode()) <= 65_535
	assert case.description.startswith(words[:20_000])
	note = frappe._("(The text is cut here: the messages are whole on the case's timeline.)", lang="ar")
	assert case.description.endswith(note)
	on_case = frappe.get_all(
		"Communication",
		filters={"reference_name": case.name, "sent_or_received": "Received"},
		pluck="content",
		order_by="communication_date, creation",
	)
	assert on_case[0] == words


def test_a_fourth_long_message_from_one_number_is_taken(graph):
	mobile = number()
	for i in range(4):
		text = f"الرسالة {i + 1}: " + "ب" * 10_000
		assert post(GraphAPI.inbound(mobile.lstrip("+"), text=text)).status_code == 200
	contact = frappe.db.get_value("WhatsApp Contact", {"mobile": mobile}, "name")
	assert frappe.db.count("Communication", {"reference_name": contact, "sent_or_received": "Received"}) == 4
	assert whatsapp_inbox.register_waiting(now_datetime() + dt.timedelta(minutes=6)) == 1
	case = case_of(mobile)
	assert case.doctype == "Inquiry" and case.description.startswith("الرسالة 1: ")
	assert "الرسالة 3: " in case.description and len(case.description.encode()) <= 65_535
	assert (
		frappe.db.count("Communication", {"reference_name": case.name, "sent_or_received": "Received"}) == 4
	)


def test_registration_can_be_left_to_staff(graph):
	frappe.db.set_single_value("Beneficiary Care Settings", "whatsapp_register_cases", 0)
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	mobile = number()
	post(GraphAPI.inbound(mobile.lstrip("+"), text="أريد التحدث مع موظف"))
	assert case_of(mobile) is None and graph.sent == []
	assert frappe.db.exists(
		"Communication",
		{
			"reference_doctype": "WhatsApp Contact",
			"reference_name": frappe.db.get_value("WhatsApp Contact", {"mobile": mobile}),
		},
	)


# ------------------------------------------------------------------ onto an open case


def test_a_message_from_a_number_with_an_open_case_goes_onto_it(graph):
	mobile = number()
	case = helpers.case("Complaint", mobile=mobile)
	before = frappe.db.count("Complaint")
	post(GraphAPI.inbound(mobile.lstrip("+"), text="هل من جديد في شكواي؟"))
	assert frappe.db.count("Complaint") == before
	assert (
		frappe.db.get_value(
			"Communication",
			{"reference_doctype": "Complaint", "reference_name": case.name, "sent_or_received": "Received"},
			"content",
		)
		== "هل من جديد في شكواي؟"
	)
	assert sent_to(graph, mobile, "interactive") == []  # no kind question
	assert frappe.db.get_value("WhatsApp Contact", {"mobile": mobile}, "last_inbound_on")


@pytest.mark.parametrize(
	("kind", "mime", "content", "name"),
	[
		("image", "image/jpeg", None, None),  # a real JPEG: Frappe reads the images it stores
		("document", "application/pdf", helpers.pdf("تقرير طبي"), "تقرير طبي.pdf"),
		("audio", "audio/ogg", b"OggS a voice note", None),
	],
)
def test_a_file_is_fetched_and_attached_to_the_case_privately(graph, kind, mime, content, name):
	mobile = number()
	case = helpers.case("Complaint", mobile=mobile)
	media_id = f"media-{uuid.uuid4().hex[:8]}"
	content = content or jpeg()
	graph.media[media_id] = (mime, content)
	spec = {
		"image": (media_id, mime, "الإيصال"),
		"document": (media_id, mime, name, None),
		"audio": (media_id, mime),
	}
	post(GraphAPI.inbound(mobile.lstrip("+"), **{kind: spec[kind]}))
	(file,) = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Complaint", "attached_to_name": case.name},
		fields=["name", "is_private", "file_name"],
	)
	assert file.is_private
	with open(frappe.get_doc("File", file.name).get_full_path(), "rb") as stored:
		assert stored.read() == content
	# named by us, with the extension of its type; the sender's name is in the message staff read
	assert file.file_name.startswith("whatsapp-") and file.file_name.endswith(MEDIA_TYPES[mime])
	comm = frappe.db.get_value(
		"Communication", {"reference_name": case.name, "sent_or_received": "Received"}, "content"
	)
	assert file.file_name in comm and (name or "") in comm


def test_a_file_named_as_a_web_page_but_sent_as_a_pdf_is_stored_as_a_pdf(graph):
	mobile = number()
	case = helpers.case("Complaint", mobile=mobile)
	graph.media["trick-1"] = ("application/pdf", helpers.pdf())  # a PDF, named as a web page
	post(GraphAPI.inbound(mobile.lstrip("+"), document=("trick-1", "application/pdf", "x.xhtml", None)))
	(file_name,) = frappe.get_all("File", filters={"attached_to_name": case.name}, pluck="file_name")
	assert file_name.endswith(".pdf") and "xhtml" not in file_name


def frappe_refuses(content: bytes) -> bool:
	"""Whether this Frappe refuses these bytes as a PDF File (15.10x and later read every PDF)."""
	frappe.db.savepoint("probe")
	try:
		frappe.get_doc({"doctype": "File", "file_name": "probe.pdf", "content": content}).insert()
	except Exception:
		return True
	finally:
		frappe.db.rollback(save_point="probe")
		frappe.clear_messages()
	return False


def test_a_file_frappe_refuses_keeps_the_message_named_and_the_person_told_once(graph, monkeypatch):
	"""Issue 31: a PDF Frappe cannot read (15.10x+) rolled back the whole message and answered 500.
	Where this Frappe takes any bytes (15.55), its check is made to refuse these, as 15.10x's does."""
	from frappe.core.doctype.file.file import File

	if not frappe_refuses(helpers.MALFORMED_PDF):
		validate = File.validate

		def refuse(self):
			if self.get_content() == helpers.MALFORMED_PDF:
				raise ValueError("Stream has ended unexpectedly")  # what pypdf raises for it
			return validate(self)

		monkeypatch.setattr(File, "validate", refuse)
	mobile = number()
	case = helpers.case("Complaint", mobile=mobile)
	graph.media["broken-1"] = ("application/pdf", helpers.MALFORMED_PDF)
	logs = frappe.db.count("Error Log")
	post(
		GraphAPI.inbound(
			mobile.lstrip("+"), document=("broken-1", "application/pdf", "scan.pdf", "صورة الهوية")
		)
	)
	assert not frappe.db.exists("File", {"attached_to_name": case.name})
	(note,) = frappe.get_all("Communication", filters={"reference_name": case.name}, pluck="content")
	assert "صورة الهوية" in note and "تعذّر استلام الملف" in note
	(told,) = sent_to(graph, mobile, "text")
	assert "لم نتمكن من استلام الملف" in told["text"]["body"]
	assert frappe.db.count("Error Log") == logs  # a refusal, not a fault


def test_a_file_outside_the_portals_limits_is_not_taken(graph):
	mobile = number()
	case = helpers.case("Complaint", mobile=mobile)
	graph.media["video-1"] = ("video/mp4", b"\x00" * 100)
	graph.media["big-1"] = ("image/png", b"\x89PNG" + b"\x00" * (5 * 1024 * 1024))
	post(GraphAPI.inbound(mobile.lstrip("+"), document=("video-1", "video/mp4", "clip.mp4", None)))
	post(GraphAPI.inbound(mobile.lstrip("+"), image=("big-1", "image/png", None)))
	assert not frappe.db.exists("File", {"attached_to_name": case.name})
	notes = frappe.get_all("Communication", filters={"reference_name": case.name}, pluck="content")
	assert len(notes) == 2 and all("[" in note for note in notes)


# ------------------------------------------------------------------ messages out


def test_outside_the_window_the_acknowledgement_goes_as_the_approved_template(graph):
	mobile = number()
	case = helpers.case("Complaint", mobile=mobile, reply_by_whatsapp=1)
	(template,) = sent_to(graph, mobile, "template")
	assert template["template"]["name"] == "bc_acknowledgement"
	assert template["template"]["language"]["code"] == "ar"
	params = [p["text"] for p in template["template"]["components"][0]["parameters"]]
	assert params[0] == "شكوى" and params[1] == case.name and params[2].endswith(f"/track?ref={case.name}")
	assert sent_to(graph, mobile, "text") == []


def test_the_answer_goes_whole_inside_the_window_and_as_its_template_outside(graph):
	inside, outside = number(), number()
	post(GraphAPI.inbound(inside.lstrip("+"), text="شكوى"))
	post(GraphAPI.inbound(inside.lstrip("+"), button=("complaint", "شكوى")))
	case = case_of(inside)
	late = helpers.case("Complaint", mobile=outside, reply_by_whatsapp=1)
	for doc in (case, late):
		doc.reload()
		doc.status = "Accepted"
		doc.save()
		doc.resolution = "<p>صرفت المساعدة اليوم، ونعتذر عن التأخير.</p>"
		doc.status = "Resolved"
		doc.save()
	assert any("صرفت المساعدة اليوم" in m["text"]["body"] for m in sent_to(graph, inside, "text"))
	# the acknowledgement, the answer, then the survey link (messaging/surveys.py): all as templates
	assert [m["template"]["name"] for m in sent_to(graph, outside, "template")] == [
		"bc_acknowledgement",
		"bc_answer",
		"bc_survey",
	]
	assert sent_to(graph, outside, "text") == []


def test_statuses_move_the_message_on_and_a_failure_falls_back_to_sms_once(graph):
	mobile = number()
	case = helpers.case("Complaint", mobile=mobile, reply_by_whatsapp=1)
	message = frappe.get_doc("Case Message", {"reference_name": case.name, "medium": "WhatsApp"})
	wamid = message.provider_message_id
	recipient = mobile.lstrip("+")
	post(GraphAPI.statuses(GraphAPI.status(wamid, "read", recipient)))
	post(GraphAPI.statuses(GraphAPI.status(wamid, "delivered", recipient)))  # late: read stays
	assert frappe.db.get_value("Case Message", message.name, "delivery_status") == "Read"
	notes = frappe.get_all(
		"Comment", filters={"reference_name": case.name, "comment_type": "Info"}, pluck="content"
	)
	read = frappe._("Read", lang=notes_language())  # notes are in the site's language
	assert any(read in n for n in notes), notes
	failed = GraphAPI.status(wamid, "failed", recipient, error_code=131047)
	post(GraphAPI.statuses(failed))
	post(GraphAPI.statuses(failed))  # Meta retries the webhook
	message.reload()
	assert (message.delivery_status, message.status) == ("Failed", "Given Up")
	assert "131047" in message.last_error
	(sms,) = frappe.get_all(
		"Case Message", filters={"fallback_for": message.name}, fields=["medium", "status", "message"]
	)
	assert (sms.medium, sms.status) == ("SMS", "Sent") and case.name in sms.message
	assert len(graph.sms.delivered) == 1


def test_a_message_falls_back_to_sms_once_however_often_it_is_asked(graph):
	from beneficiary_care.messaging.delivery import queue_fallback_sms

	case = helpers.case("Complaint", mobile=number(), reply_by_whatsapp=1)
	message = frappe.get_doc("Case Message", {"reference_name": case.name, "medium": "WhatsApp"})
	first = queue_fallback_sms(message)
	assert first and queue_fallback_sms(message) is None
	assert frappe.get_all("Case Message", filters={"fallback_for": message.name}, pluck="name") == [first]
	assert len(graph.sms.delivered) == 1


def test_a_number_that_is_not_on_whatsapp_gets_the_sms_once(graph):
	mobile = number()
	graph.sync_errors[mobile.lstrip("+")] = 131026
	case = helpers.case("Complaint", mobile=mobile, reply_by_whatsapp=1)
	message = frappe.get_doc("Case Message", {"reference_name": case.name, "medium": "WhatsApp"})
	assert message.status == "Given Up" and "131026" in message.last_error
	assert (
		frappe.db.count("Case Message", {"fallback_for": message.name, "medium": "SMS", "status": "Sent"})
		== 1
	)
	assert len(graph.sms.delivered) == 1


def test_a_graph_outage_is_retried_like_sms_not_given_up(graph):
	graph.status = 503
	mobile = number()
	case = helpers.case("Complaint", mobile=mobile, reply_by_whatsapp=1)
	message = frappe.get_doc("Case Message", {"reference_name": case.name, "medium": "WhatsApp"})
	assert message.status == "Failed" and message.next_attempt_on
	assert not frappe.db.exists("Case Message", {"fallback_for": message.name})
	graph.status = None
	from beneficiary_care.messaging.delivery import retry_due

	retry_due(add_to_date(now_datetime(), hours=1))
	message.reload()
	assert message.status == "Sent" and message.provider_message_id


def test_stop_means_sms_from_then_on(graph):
	mobile = number()
	file = helpers.beneficiary(mobile=mobile)
	post(GraphAPI.inbound(mobile.lstrip("+"), text="إيقاف"))
	assert frappe.db.get_value("WhatsApp Contact", {"mobile": mobile}, "opted_out")
	assert frappe.db.get_value("Beneficiary", file.name, "no_whatsapp")
	assert case_of(mobile) is None and sent_to(graph, mobile, "interactive") == []
	(confirmation,) = sent_to(graph, mobile, "text")  # told once, inside the window
	assert "واتساب" in confirmation["text"]["body"]
	case = helpers.case("Complaint", mobile=mobile, beneficiary=file.name, reply_by_whatsapp=1)
	mediums = frappe.get_all("Case Message", filters={"reference_name": case.name}, pluck="medium")
	assert mediums == ["SMS"]
	assert len(sent_to(graph, mobile)) == 1


def test_a_number_that_stopped_is_not_asked_its_kind_on_whatsapp(graph):
	mobile = number()
	post(GraphAPI.inbound(mobile.lstrip("+"), text="إيقاف"))
	post(GraphAPI.inbound(mobile.lstrip("+"), text="لدي شكوى بخصوص التوزيع"))
	assert sent_to(graph, mobile, "interactive") == []
	whatsapp_inbox.register_waiting(now_datetime() + dt.timedelta(minutes=6))
	case = case_of(mobile)
	assert case.doctype == "Inquiry"
	assert frappe.get_all("Case Message", filters={"reference_name": case.name}, pluck="medium") == ["SMS"]


def test_the_database_away_leaves_the_body_for_a_later_try(graph, monkeypatch):
	"""A failure a later try can get past stops the body: nothing of the message is kept, its jobs are
	dropped, and the body waits for process_pending (Meta has had its 200: the body is ours to keep).
	The error is the one of the driver in use (pymysql on Frappe v15, mysqlclient by default on v16)."""
	mobile = number()
	real_save = frappe.model.document.Document.save

	def away(self, *args, **kwargs):
		if self.doctype == "WhatsApp Contact":
			raise frappe.db.OperationalError(2006, "MySQL server has gone away")
		return real_save(self, *args, **kwargs)

	monkeypatch.setattr(frappe.model.document.Document, "save", away)
	payload = GraphAPI.inbound(mobile.lstrip("+"), text="السلام عليكم")
	assert post(payload).status_code == 200
	monkeypatch.undo()
	assert graph.sent == []  # the kind question of the message that did not go in is not asked
	assert not frappe.db.exists("WhatsApp Contact", {"mobile": mobile})
	assert stored(payload).status == "Queued" and stored(payload).counts == {"tries": 1}
	assert whatsapp_inbox.process_pending(now_datetime()) == 0  # not before its wait
	assert whatsapp_inbox.process_pending(now_datetime() + dt.timedelta(minutes=10)) == 1
	assert stored(payload).status == "Completed"
	assert frappe.db.exists("WhatsApp Contact", {"mobile": mobile, "waiting_since": ["is", "set"]})
	assert len(sent_to(graph, mobile, "interactive")) == 1


def test_a_message_that_cannot_be_taken_is_kept_on_the_timeline(graph, monkeypatch):
	"""Issue 30: one that fails is no longer a 500 that Meta repeats for days. It is kept on its number's
	contact with its words, named as not taken; one Error Log, without its number or words."""
	mobile = number()
	words = "كلمات خاصة لا تظهر في السجل"

	def broken(*args, **kwargs):
		raise RuntimeError(f"boom for {mobile}: {words}")

	monkeypatch.setattr(conversations, "register", broken)
	payload = GraphAPI.inbound(mobile.lstrip("+"), button=("complaint", words))
	assert post(payload).status_code == 200
	monkeypatch.undo()
	assert case_of(mobile) is None
	contact = frappe.db.get_value("WhatsApp Contact", {"mobile": mobile}, "name")
	(kept,) = frappe.get_all("Communication", filters={"reference_name": contact}, pluck="content")
	note = frappe._(
		"This message could not be taken onto a case: it is kept here as it came.", lang=notes_language()
	)
	assert words in kept and note in kept
	body = stored(payload)
	assert body.status == "Completed" and body.counts["kept"] == 1
	(log,) = frappe.get_all(
		"Error Log",
		filters={"method": ["like", "WhatsApp webhook%"]},
		fields=["method", "error"],
		order_by="creation desc",
		limit=1,
	)
	for text in (log.method, log.error):
		assert mobile not in text and mobile.lstrip("+") not in text and words not in text
	assert "RuntimeError" in log.error


def test_a_message_that_cannot_even_be_kept_leaves_its_body(graph, monkeypatch):
	def broken(*args, **kwargs):
		raise RuntimeError("the timeline refuses")

	monkeypatch.setattr(conversations, "chat_communication", broken)
	payload = GraphAPI.inbound(number().lstrip("+"), text="مرحبا")
	assert post(payload).status_code == 200
	body = stored(payload)
	assert body.status == "Failed" and body.counts["not_taken"] == 1
	assert body.data == raw(payload).decode()  # for an engineer to take up


def test_staff_reply_from_the_form_inside_the_window_only(graph):
	mobile = number()
	post(GraphAPI.inbound(mobile.lstrip("+"), text="استفسار"))
	post(GraphAPI.inbound(mobile.lstrip("+"), button=("inquiry", "استفسار")))
	case = case_of(mobile)
	whatsapp_inbox.reply(case.doctype, case.name, "سنتصل بك غداً صباحاً")
	assert any(m["text"]["body"] == "سنتصل بك غداً صباحاً" for m in sent_to(graph, mobile, "text"))
	assert frappe.db.exists(
		"Communication",
		{"reference_name": case.name, "sent_or_received": "Sent", "content": "سنتصل بك غداً صباحاً"},
	)
	assert frappe.db.get_value(case.doctype, case.name, "first_responded_on")
	late = helpers.case("Inquiry", mobile=number(), reply_by_whatsapp=1)
	with pytest.raises(frappe.ValidationError, match="24"):
		whatsapp_inbox.reply(late.doctype, late.name, "مرحبا")


def test_test_connection_reads_the_number_as_meta_knows_it(graph):
	assert whatsapp_inbox.test_connection()["verified_name"] == "جمعية البر"


def test_whatsapp_cases_count_in_the_channel_table(graph):
	for _ in range(2):
		mobile = number()
		post(GraphAPI.inbound(mobile.lstrip("+"), text="اقتراح لتحسين الخدمة"))
		post(GraphAPI.inbound(mobile.lstrip("+"), button=("suggestion", "اقتراح")))
	today = str(now_datetime().date())
	frappe.flags.bc_count_live = True
	try:
		_columns, data, *_rest = cases_by_need_and_channel.execute(
			{"period": "Range", "from_date": today, "to_date": today}
		)
	finally:
		frappe.flags.bc_count_live = False
	channel = frappe.db.get_value("Case Channel", {"code": "whatsapp"}, "name")
	row = next(r for r in data if r.get("label") == channel or r.get("value") == channel)
	assert row["count"] == frappe.db.count("Suggestion", {"channel": channel}) + frappe.db.count(
		"Complaint", {"channel": channel, "received_on": [">=", today]}
	) + frappe.db.count("Inquiry", {"channel": channel, "received_on": [">=", today]})
	assert row["count"] >= 2


# ------------------------------------------------------------------ who may open the staff doors


def as_user(role: str) -> str:
	email = f"wa-{frappe.scrub(role).replace('_', '-')}@care.example.com"
	if role == "Care Beneficiary":
		return helpers.portal_user(email, None)
	return helpers.staff_user(email, role)


@pytest.mark.parametrize(
	"role",
	[
		"Care Officer",
		"Department Staff",
		"Department Head",
		"Complaints Committee",
		"Board Member",
		"Care Beneficiary",
	],
)
def test_only_a_manager_tests_the_connection(graph, role):
	frappe.set_user(as_user(role))
	with pytest.raises(frappe.PermissionError):
		whatsapp_inbox.test_connection()


def test_a_care_manager_tests_the_connection(graph):
	frappe.set_user(as_user("Care Manager"))
	assert whatsapp_inbox.test_connection()["display_phone_number"]


@pytest.mark.parametrize("role", ["Board Member", "Care Beneficiary", "Department Staff"])
def test_a_reply_needs_the_right_to_change_the_case(graph, role):
	mobile = number()
	post(GraphAPI.inbound(mobile.lstrip("+"), text="شكوى"))
	post(GraphAPI.inbound(mobile.lstrip("+"), button=("complaint", "شكوى")))
	case = case_of(mobile)
	frappe.set_user(as_user(role))  # a department member outside the case's department, or no staff
	with pytest.raises(frappe.PermissionError):
		whatsapp_inbox.reply(case.doctype, case.name, "مرحبا")
	frappe.set_user("Administrator")
	assert not [m for m in sent_to(graph, mobile, "text") if m["text"]["body"] == "مرحبا"]


def test_a_care_officer_replies(graph):
	mobile = number()
	post(GraphAPI.inbound(mobile.lstrip("+"), text="استفسار"))
	post(GraphAPI.inbound(mobile.lstrip("+"), button=("inquiry", "استفسار")))
	case = case_of(mobile)
	frappe.set_user(as_user("Care Officer"))
	whatsapp_inbox.reply(case.doctype, case.name, "أهلاً بك")
	frappe.set_user("Administrator")
	assert [m for m in sent_to(graph, mobile, "text") if m["text"]["body"] == "أهلاً بك"]


@pytest.mark.parametrize(
	"role",
	["Department Staff", "Department Head", "Complaints Committee", "Board Member", "Care Beneficiary"],
)
def test_whatsapp_contacts_are_for_the_care_office_only(graph, role):
	post(GraphAPI.inbound(number().lstrip("+"), text="مرحبا"))
	frappe.set_user(as_user(role))
	with pytest.raises(frappe.PermissionError):
		frappe.get_list("WhatsApp Contact", fields=["name", "waiting_since"])
