"""The loopback WhatsApp Cloud API (tools.loopback.GraphAPI) answers as Meta documents it, over real HTTP:
messages taken or refused with Meta's error codes, the statuses Meta would post later, media, the phone
number, and the webhook payloads and signature the tests send in."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from tools.loopback import GraphAPI

NUMBER = "966500000001"
RE_ENGAGEMENT = "Message failed to send because more than 24 hours have passed since the customer last replied to this number."


@pytest.fixture
def api():
	graph = GraphAPI()
	graph.up()
	yield graph
	graph.down()


def call(api, method, path, body=None, token="test-token", raw=None):
	"""(HTTP status, headers, content) of one request to the fake."""
	data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
	request = urllib.request.Request(api.base_url + path, data=data, method=method)
	if token is not None:
		request.add_header("Authorization", f"Bearer {token}")
	if data is not None:
		request.add_header("Content-Type", "application/json")
	try:
		with urllib.request.urlopen(request, timeout=5) as answer:
			return answer.status, answer.headers, answer.read()
	except urllib.error.HTTPError as refusal:
		with refusal:
			return refusal.code, refusal.headers, refusal.read()


def send(api, message, **kwargs):
	"""(HTTP status, parsed answer) of a POST to the messages endpoint."""
	code, _, content = call(api, "POST", f"/v21.0/{api.phone_number_id}/messages", message, **kwargs)
	return code, json.loads(content)


def text(to=NUMBER, body="مرحبا"):
	return {
		"messaging_product": "whatsapp",
		"recipient_type": "individual",
		"to": to,
		"type": "text",
		"text": {"body": body},
	}


def template(name="case_update", language="ar", parameters=2, to=NUMBER):
	message = {
		"messaging_product": "whatsapp",
		"recipient_type": "individual",
		"to": to,
		"type": "template",
		"template": {"name": name, "language": {"code": language}},
	}
	if parameters is not None:
		message["template"]["components"] = [
			{"type": "header", "parameters": [{"type": "text", "text": "ignored"}]},
			{"type": "body", "parameters": [{"type": "text", "text": f"p{i}"} for i in range(parameters)]},
		]
	return message


def interactive(to=NUMBER):
	return {
		"messaging_product": "whatsapp",
		"recipient_type": "individual",
		"to": to,
		"type": "interactive",
		"interactive": {
			"type": "button",
			"body": {"text": "هل حُلّت مشكلتك؟"},
			"action": {"buttons": [{"type": "reply", "reply": {"id": "yes", "title": "نعم"}}]},
		},
	}


def only_status(api):
	assert len(api.pending_statuses) == 1
	return api.pending_statuses[0]


# --- messages


def test_a_text_is_recorded_and_answered_with_a_wamid_and_a_pending_sent_status(api):
	code, answer = send(api, text(body="رقم طلبك 42"))
	assert code == 200
	assert answer["messaging_product"] == "whatsapp"
	assert answer["contacts"] == [{"input": NUMBER, "wa_id": NUMBER}]
	wamid = answer["messages"][0]["id"]
	assert wamid.startswith("wamid.") and len(wamid) > len("wamid.")
	assert api.sent == [{**text(body="رقم طلبك 42"), "wamid": wamid}]
	status = only_status(api)
	assert status["id"] == wamid and status["status"] == "sent" and status["recipient_id"] == NUMBER
	assert "errors" not in status
	assert abs(int(status["timestamp"]) - time.time()) < 60
	assert ("POST", "/v21.0/111222333/messages") in api.requests


def test_each_message_gets_its_own_wamid_even_when_sent_at_once(api):
	answers = []

	def one(i):
		answers.append(send(api, text(body=f"رسالة {i}")))

	threads = [threading.Thread(target=one, args=(i,)) for i in range(20)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	assert [code for code, _ in answers] == [200] * 20
	wamids = {answer["messages"][0]["id"] for _, answer in answers}
	assert len(wamids) == 20
	assert {message["wamid"] for message in api.sent} == wamids
	assert {status["id"] for status in api.pending_statuses} == wamids


@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_every_request_needs_the_bearer_token(api, token):
	api.media["m1"] = ("image/jpeg", b"\xff\xd8")
	for method, path, body in [
		("POST", "/v21.0/111222333/messages", text()),
		("GET", "/v21.0/111222333", None),
		("GET", "/v21.0/m1", None),
		("GET", "/media-download/m1", None),
	]:
		code, _, content = call(api, method, path, body, token=token)
		assert code == 401, path
		error = json.loads(content)["error"]
		assert error["code"] == 190 and error["type"] == "OAuthException"
		assert error["message"] == "Invalid OAuth access token."
		assert error["fbtrace_id"]
	assert api.sent == [] and api.pending_statuses == []


@pytest.mark.parametrize(
	"raw",
	[
		b"not json",
		json.dumps({"to": NUMBER, "type": "text", "text": {"body": "x"}}).encode(),
		json.dumps({**text(), "messaging_product": "sms"}).encode(),
		json.dumps({"messaging_product": "whatsapp", "type": "text", "text": {"body": "x"}}).encode(),
		b"[]",
	],
)
def test_a_body_that_is_not_a_whatsapp_message_is_an_invalid_parameter(api, raw):
	code, _, content = call(api, "POST", "/v21.0/111222333/messages", raw=raw)
	assert code == 400
	assert json.loads(content)["error"]["code"] == 100
	assert api.sent == [] and api.pending_statuses == []


@pytest.mark.parametrize(
	"name, language", [("case_closed", "ar"), ("case_update", "en_US"), ("case_update", "en")]
)
def test_an_unknown_template_or_translation_is_132001(api, name, language):
	api.templates[("case_update", "ar")] = 2
	code, answer = send(api, template(name, language))
	assert code == 400
	assert answer["error"]["code"] == 132001
	assert "Template name does not exist in the translation" in answer["error"]["message"]
	assert answer["error"]["error_data"]["messaging_product"] == "whatsapp"
	assert api.sent == [] and api.pending_statuses == []


@pytest.mark.parametrize("given", [0, 1, 3, None])
def test_a_body_parameter_count_that_differs_is_132000(api, given):
	api.templates[("case_update", "ar")] = 2
	code, answer = send(api, template(parameters=given))
	assert code == 400
	assert answer["error"]["code"] == 132000
	assert "Number of parameters does not match" in answer["error"]["message"]
	assert api.sent == []


def test_a_template_with_the_right_count_goes_and_one_without_parameters_needs_no_components(api):
	api.templates[("case_update", "ar")] = 2
	api.templates[("welcome", "ar")] = 0
	assert send(api, template(parameters=2))[0] == 200
	assert send(api, template("welcome", parameters=None))[0] == 200
	assert [message["template"]["name"] for message in api.sent] == ["case_update", "welcome"]
	assert [status["status"] for status in api.pending_statuses] == ["sent", "sent"]


def test_outside_the_window_a_template_goes_but_a_text_or_buttons_fail_later_with_131047(api):
	api.templates[("case_update", "ar")] = 2
	api.outside_window.add(NUMBER)
	code, answer = send(api, template())
	assert code == 200
	assert api.pending_statuses[-1]["status"] == "sent"
	for message in (text(), interactive()):
		code, answer = send(api, message)
		assert code == 200  # taken: Meta tells only later, in a status
		wamid = answer["messages"][0]["id"]
		status = api.pending_statuses[-1]
		assert status["id"] == wamid and status["status"] == "failed" and status["recipient_id"] == NUMBER
		[error] = status["errors"]
		assert error["code"] == 131047 and error["title"] == "Re-engagement message"
		assert error["error_data"]["details"] == RE_ENGAGEMENT
	assert len(api.sent) == 3 and len(api.pending_statuses) == 3


def test_a_number_not_on_whatsapp_is_taken_and_fails_later_with_131026(api):
	api.not_whatsapp.add(NUMBER)
	code, answer = send(api, text(to="+966500000001"))
	assert code == 200
	assert answer["contacts"] == [{"input": "+966500000001", "wa_id": NUMBER}]
	status = only_status(api)
	assert status["id"] == answer["messages"][0]["id"]
	assert status["status"] == "failed" and status["recipient_id"] == NUMBER
	assert [error["code"] for error in status["errors"]] == [131026]
	assert send(api, text(to="966500000002"))[0] == 200
	assert api.pending_statuses[-1]["status"] == "sent"  # another number is delivered


@pytest.mark.parametrize("error_code, http", [(131026, 400), (131047, 400), (130429, 429), (131000, 400)])
def test_a_sync_error_is_answered_at_once_with_metas_error_object(api, error_code, http):
	api.sync_errors[NUMBER] = error_code
	code, answer = send(api, text())
	assert code == http
	error = answer["error"]
	assert error["code"] == error_code and error["type"] == "OAuthException"
	assert error["error_data"]["messaging_product"] == "whatsapp" and error["error_data"]["details"]
	assert error["fbtrace_id"] and error["message"]
	assert api.sent == [] and api.pending_statuses == []
	assert send(api, text(to="966500000002"))[0] == 200


def test_sync_error_messages_follow_metas_wording(api):
	api.sync_errors.update({"966500000001": 131047, "966500000002": 130429})
	assert send(api, text("966500000001"))[1]["error"]["error_data"]["details"] == RE_ENGAGEMENT
	assert "Rate limit hit" in send(api, text("966500000002"))[1]["error"]["message"]


@pytest.mark.parametrize("outage", [503, 500])
def test_an_outage_answers_every_request_with_its_status(api, outage):
	api.status = outage
	api.media["m1"] = ("image/png", b"png")
	for method, path, body in [
		("POST", "/v21.0/111222333/messages", text()),
		("GET", "/v21.0/111222333", None),
		("GET", "/v21.0/m1", None),
	]:
		code, _, content = call(api, method, path, body)
		assert code == outage
		assert json.loads(content)["error"]["code"] in (1, 2)
	assert api.sent == [] and api.pending_statuses == []
	api.status = None
	assert send(api, text())[0] == 200


def test_the_delay_holds_the_answer_but_the_message_is_taken(api):
	api.delay = 0.3
	started = time.monotonic()
	assert send(api, text())[0] == 200
	assert time.monotonic() - started >= 0.3
	assert len(api.sent) == 1


# --- media and the phone number


def test_media_is_looked_up_then_downloaded_from_the_fake(api):
	content = "صورة".encode() + bytes(range(256))
	api.media["1234567890"] = ("image/jpeg", content)
	code, _, answer = call(api, "GET", "/v21.0/1234567890")
	assert code == 200
	media = json.loads(answer)
	assert media == {
		"messaging_product": "whatsapp",
		"url": f"{api.base_url}/media-download/1234567890",
		"mime_type": "image/jpeg",
		"sha256": hashlib.sha256(content).hexdigest(),
		"file_size": len(content),
		"id": "1234567890",
	}
	code, headers, downloaded = call(api, "GET", media["url"][len(api.base_url) :])
	assert code == 200
	assert downloaded == content
	assert headers["Content-Type"] == "image/jpeg"
	assert api.requests == [("GET", "/v21.0/1234567890"), ("GET", "/media-download/1234567890")]


def test_an_unknown_media_id_is_an_invalid_parameter(api):
	api.media["known"] = ("audio/ogg", b"ogg")
	code, _, content = call(api, "GET", "/v21.0/unknown")
	assert code == 400
	assert json.loads(content)["error"]["code"] == 100
	code, _, content = call(api, "GET", "/media-download/unknown")
	assert code == 404
	assert json.loads(content)["error"]["code"] == 100


def test_the_phone_number_describes_itself_whatever_fields_are_asked(api):
	code, _, content = call(api, "GET", "/v21.0/111222333?fields=display_phone_number,verified_name")
	assert code == 200
	assert json.loads(content) == {
		"display_phone_number": "+966 11 000 0000",
		"verified_name": "جمعية البر",
		"quality_rating": "GREEN",
		"id": "111222333",
	}
	assert api.requests == [("GET", "/v21.0/111222333")]


def test_a_fake_with_other_settings_answers_on_its_own_paths():
	graph = GraphAPI(token="other", phone_number_id="999", version="v22.0")
	graph.up()
	try:
		code, _, content = call(graph, "POST", "/v22.0/999/messages", text(), token="other")
		assert code == 200 and json.loads(content)["messages"][0]["id"].startswith("wamid.")
		assert call(graph, "POST", "/v21.0/999/messages", text(), token="other")[0] == 404
		assert call(graph, "GET", "/v22.0/999", token="other")[0] == 200
		assert call(graph, "GET", "/v22.0/999", token="test-token")[0] == 401
	finally:
		graph.down()


@pytest.mark.parametrize(
	"method, path",
	[
		("GET", "/"),
		("GET", "/v21.0/111222333/nothing"),
		("POST", "/v21.0/111222333/media_upload"),
		("POST", "/v20.0/111222333/messages"),
		("GET", "/v21.0/111222333/messages/extra"),
	],
)
def test_an_unknown_path_is_404_with_code_100(api, method, path):
	code, _, content = call(api, method, path, {} if method == "POST" else None)
	assert code == 404
	assert json.loads(content)["error"]["code"] == 100


def test_messages_to_another_phone_number_id_are_refused(api):
	code, _, content = call(api, "POST", "/v21.0/444555666/messages", text())
	assert code == 400
	assert json.loads(content)["error"]["code"] == 100
	assert api.sent == []


# --- webhook payloads


def test_sign_is_hmac_sha256_of_the_raw_body_with_the_app_secret():
	body = json.dumps(GraphAPI.inbound(NUMBER, text="مرحبا"), ensure_ascii=False).encode()
	expected = hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()
	assert GraphAPI.sign(body, "app-secret") == "sha256=" + expected
	assert GraphAPI.sign(body, "another-secret") != "sha256=" + expected
	assert GraphAPI.sign(body + b" ", "app-secret") != "sha256=" + expected


def value_of(payload):
	assert payload["object"] == "whatsapp_business_account"
	[entry] = payload["entry"]
	assert entry["id"]
	[change] = entry["changes"]
	assert change["field"] == "messages"
	value = change["value"]
	assert value["messaging_product"] == "whatsapp"
	return value


def message_of(payload, from_number=NUMBER):
	value = value_of(payload)
	assert value["contacts"][0]["wa_id"] == from_number
	[message] = value["messages"]
	assert message["from"] == from_number
	return message


def test_an_inbound_text_is_in_metas_envelope():
	payload = GraphAPI.inbound(NUMBER, text="أريد متابعة طلبي", name="سارة", timestamp=1700000000.9)
	value = value_of(payload)
	assert value["metadata"] == {"display_phone_number": "966110000000", "phone_number_id": "111222333"}
	assert value["contacts"] == [{"profile": {"name": "سارة"}, "wa_id": NUMBER}]
	assert "statuses" not in value
	message = message_of(payload)
	assert message["type"] == "text" and message["text"] == {"body": "أريد متابعة طلبي"}
	assert message["timestamp"] == "1700000000"
	assert message["id"].startswith("wamid.")
	assert (
		GraphAPI.inbound(NUMBER, text="x")["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
		!= message["id"]
	)


def test_an_inbound_message_keeps_the_given_wamid_phone_number_id_and_takes_the_time_now():
	payload = GraphAPI.inbound(NUMBER, text="x", wamid="wamid.GIVEN", phone_number_id="777")
	assert value_of(payload)["metadata"]["phone_number_id"] == "777"
	message = message_of(payload)
	assert message["id"] == "wamid.GIVEN"
	assert abs(int(message["timestamp"]) - time.time()) < 60


def test_an_inbound_image():
	message = message_of(GraphAPI.inbound(NUMBER, image=("img-1", "image/jpeg", "صورة الفاتورة")))
	assert message["type"] == "image" and "text" not in message
	image = message["image"]
	assert (
		image["id"] == "img-1" and image["mime_type"] == "image/jpeg" and image["caption"] == "صورة الفاتورة"
	)
	int(image["sha256"], 16)


def test_an_inbound_document():
	message = message_of(
		GraphAPI.inbound(NUMBER, document=("doc-1", "application/pdf", "report.pdf", "التقرير"))
	)
	assert message["type"] == "document"
	document = message["document"]
	assert document["id"] == "doc-1" and document["mime_type"] == "application/pdf"
	assert document["filename"] == "report.pdf" and document["caption"] == "التقرير"
	int(document["sha256"], 16)


def test_an_inbound_voice_note():
	message = message_of(GraphAPI.inbound(NUMBER, audio=("aud-1", "audio/ogg; codecs=opus")))
	assert message["type"] == "audio"
	audio = message["audio"]
	assert (
		audio["id"] == "aud-1" and audio["mime_type"] == "audio/ogg; codecs=opus" and audio["voice"] is True
	)
	int(audio["sha256"], 16)


def test_an_inbound_button_reply():
	message = message_of(GraphAPI.inbound(NUMBER, button=("resolved-yes", "نعم")))
	assert message["type"] == "interactive"
	assert message["interactive"] == {
		"type": "button_reply",
		"button_reply": {"id": "resolved-yes", "title": "نعم"},
	}


@pytest.mark.parametrize("kinds", [{}, {"text": "x", "image": ("i", "image/png", None)}])
def test_an_inbound_message_is_exactly_one_kind(kinds):
	with pytest.raises(ValueError):
		GraphAPI.inbound(NUMBER, **kinds)


def test_pending_statuses_go_in_a_statuses_payload(api):
	api.not_whatsapp.add("966500000002")
	send(api, text())
	send(api, text("966500000002"))
	payload = GraphAPI.statuses(*api.pending_statuses)
	value = value_of(payload)
	assert "messages" not in value and "contacts" not in value
	assert value["metadata"]["phone_number_id"] == "111222333"
	assert value["statuses"] == api.pending_statuses
	assert [status["status"] for status in value["statuses"]] == ["sent", "failed"]


def test_a_status_built_by_hand():
	read = GraphAPI.status("wamid.A", "read", NUMBER)
	assert read["id"] == "wamid.A" and read["status"] == "read" and read["recipient_id"] == NUMBER
	assert "errors" not in read and read["timestamp"].isdigit()
	failed = GraphAPI.status("wamid.B", "failed", NUMBER, error_code=131047)
	assert failed["errors"][0]["code"] == 131047
	assert failed["errors"][0]["error_data"]["details"] == RE_ENGAGEMENT
	payload = GraphAPI.statuses(read, failed, phone_number_id="777")
	assert value_of(payload)["statuses"] == [read, failed]
	assert value_of(payload)["metadata"]["phone_number_id"] == "777"
