"""core.whatsapp: the webhook's signature and handshake, what a payload says, the window, the stop
word, the answers of the Cloud API and the order of statuses."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import whatsapp as core
from tools.loopback import GraphAPI

SECRET = "app-secret"


def body_of(payload: dict) -> bytes:
	return json.dumps(payload, ensure_ascii=False).encode()


@given(st.binary(max_size=2000), st.text(min_size=1, max_size=40))
def test_a_signature_is_valid_only_for_its_body_and_secret(body, secret):
	header = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
	assert core.signature_valid(body, header, secret)
	assert not core.signature_valid(body + b"x", header, secret)
	assert not core.signature_valid(body, header, secret + "x")
	assert not core.signature_valid(body, header.replace("sha256=", "sha1="), secret)


def test_a_missing_signature_or_secret_is_never_valid():
	body = b"{}"
	good = GraphAPI.sign(body, SECRET)
	assert core.signature_valid(body, good, SECRET)
	assert not core.signature_valid(body, None, SECRET)
	assert not core.signature_valid(body, "", SECRET)
	assert not core.signature_valid(body, good, "")
	assert not core.signature_valid(body, "sha256=", SECRET)


def test_the_handshake_echoes_the_challenge_only_for_the_right_token():
	assert core.handshake("subscribe", "tok", "1158201444", "tok") == "1158201444"
	assert core.handshake("subscribe", "other", "1158201444", "tok") is None
	assert core.handshake("unsubscribe", "tok", "1158201444", "tok") is None
	assert core.handshake("subscribe", "", "1", "") is None  # no token set: nobody verifies
	assert core.handshake("subscribe", None, "1", "tok") is None


def test_a_text_message_is_read_with_its_number_time_and_name():
	payload = GraphAPI.inbound("966551234567", text="تأخر صرف المساعدة", name="محمد", timestamp=1_764_748_800)
	events = core.parse_webhook(body_of(payload), "111222333")
	(message,) = events.messages
	assert message.mobile == "+966551234567"
	assert message.kind == "text" and message.text == "تأخر صرف المساعدة"
	assert message.profile_name == "محمد"
	assert message.received_at == dt.datetime(2025, 12, 3, 8, 0)
	assert message.wamid == payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]


@pytest.mark.parametrize(
	("kwargs", "kind", "mime", "filename", "text"),
	[
		({"image": ("m1", "image/jpeg", "صورة الإيصال")}, "image", "image/jpeg", "", "صورة الإيصال"),
		(
			{"document": ("m2", "application/pdf", "تقرير.pdf", None)},
			"document",
			"application/pdf",
			"تقرير.pdf",
			"",
		),
		({"audio": ("m3", "audio/ogg; codecs=opus")}, "audio", "audio/ogg", "", ""),
	],
)
def test_media_messages_carry_their_id_type_and_name(kwargs, kind, mime, filename, text):
	(message,) = core.parse_webhook(body_of(GraphAPI.inbound("966551234567", **kwargs))).messages
	assert message.kind == kind
	assert message.media_id == next(iter(kwargs.values()))[0]
	assert message.mime_type == mime
	assert message.filename == filename
	assert message.text == text


def test_a_button_reply_names_its_kind():
	payload = GraphAPI.inbound("966551234567", button=("complaint", "شكوى"))
	(message,) = core.parse_webhook(body_of(payload)).messages
	assert message.kind == "button" and message.button_id == "complaint"
	assert core.kind_for_button(message.button_id) == "Complaint"
	assert core.kind_for_button("suggestion") == "Suggestion"
	assert core.kind_for_button("something else") is None


def test_foreign_numbers_other_phone_numbers_and_other_objects_are_left():
	foreign = core.parse_webhook(body_of(GraphAPI.inbound("201001234567", text="hi")))
	assert foreign.messages == [] and foreign.ignored == 1
	other_number = core.parse_webhook(
		body_of(GraphAPI.inbound("966551234567", text="x", phone_number_id="999")), "111222333"
	)
	assert other_number.messages == [] and other_number.ignored == 1
	with pytest.raises(ValueError):
		core.parse_webhook(b'{"object": "page", "entry": []}')
	with pytest.raises(ValueError):
		core.parse_webhook(b"not json")


def test_statuses_are_read_with_their_error():
	payload = GraphAPI.statuses(
		GraphAPI.status("wamid.A", "delivered", "966551234567"),
		GraphAPI.status("wamid.B", "failed", "966551234567", error_code=131047),
		{"id": "wamid.C", "status": "deleted"},  # not one of Meta's delivery statuses
	)
	events = core.parse_webhook(body_of(payload))
	assert [(s.wamid, s.status, s.error_code) for s in events.statuses] == [
		("wamid.A", "delivered", None),
		("wamid.B", "failed", 131047),
	]
	assert events.ignored == 1


@pytest.mark.parametrize("text", ["إيقاف", "ايقاف", " إيقاف. ", "STOP", "Stop", "توقف"])
def test_the_stop_word_alone_stops(text):
	assert core.is_stop(text)


@pytest.mark.parametrize("text", ["", "أريد إيقاف المساعدة عن أخي", "stop the delay", "ايقافات", "إلغاء"])
def test_a_sentence_with_the_word_in_it_does_not_stop(text):
	assert not core.is_stop(text)


@given(st.integers(min_value=0, max_value=48 * 3600))
def test_the_window_is_the_24_hours_after_the_last_message(seconds):
	last = dt.datetime(2026, 12, 3, 9, 0)
	assert core.in_window(last, last + dt.timedelta(seconds=seconds)) == (seconds < 24 * 3600)


def test_no_message_means_no_window():
	assert not core.in_window(None, dt.datetime(2026, 12, 3))


def test_the_kind_wait():
	started = dt.datetime(2026, 12, 3, 9, 0)
	assert not core.kind_wait_over(started, started + dt.timedelta(minutes=4, seconds=59), 5)
	assert core.kind_wait_over(started, started + dt.timedelta(minutes=5), 5)
	assert core.kind_wait_over(started, started + dt.timedelta(minutes=5), 0)  # unset: the default


def test_media_within_the_portals_limits_and_voice_notes():
	assert core.media_refusal("application/pdf", 1000) is None
	assert core.media_refusal("image/png", core.MAX_MEDIA_BYTES) is None
	assert core.media_refusal("audio/ogg", None) is None
	assert core.media_refusal("image/png", core.MAX_MEDIA_BYTES + 1) == core.MSG_MEDIA_SIZE
	assert core.media_refusal("video/mp4", 10) == core.MSG_MEDIA_TYPE


def test_a_template_keeps_its_parameters_in_order_on_one_line():
	payload = core.template_message(
		"+966551234567", "bc_acknowledgement", "ar", ["شكوى", "CMP-2026-00042", "a\nb\tc"]
	)
	assert payload["to"] == "966551234567"
	assert payload["template"]["name"] == "bc_acknowledgement"
	assert payload["template"]["language"] == {"code": "ar"}
	params = payload["template"]["components"][0]["parameters"]
	assert [p["text"] for p in params] == ["شكوى", "CMP-2026-00042", "a b c"]


def test_buttons_are_three_at_most_with_short_titles():
	payload = core.buttons_message(
		"+966551234567", "اختر", [(str(i), "عنوان طويل جداً جداً جداً") for i in range(5)]
	)
	buttons = payload["interactive"]["action"]["buttons"]
	assert len(buttons) == 3
	assert all(len(b["reply"]["title"]) <= 20 for b in buttons)


def test_the_answer_to_a_send():
	ok = core.send_result(200, json.dumps({"messages": [{"id": "wamid.X"}]}))
	assert ok.accepted and ok.wamid == "wamid.X" and not ok.fall_back and not ok.retry
	not_whatsapp = core.send_result(
		400, json.dumps({"error": {"code": 131026, "message": "Message undeliverable"}})
	)
	assert not not_whatsapp.accepted and not_whatsapp.fall_back and not not_whatsapp.retry
	throttled = core.send_result(429, json.dumps({"error": {"code": 130429, "message": "Rate limit hit"}}))
	assert throttled.retry and not throttled.fall_back
	outage = core.send_result(503, "<html>unavailable</html>")
	assert outage.retry and outage.error_code is None
	no_id = core.send_result(200, json.dumps({"contacts": [{"input": "966551234567"}]}))
	assert not no_id.accepted and "966551234567" not in no_id.detail
	bad_token = core.send_result(401, json.dumps({"error": {"code": 190, "message": "Invalid OAuth"}}))
	assert not bad_token.retry and not bad_token.fall_back  # channels.send_whatsapp falls back on it


@given(st.lists(st.sampled_from(["sent", "delivered", "read"]), min_size=1, max_size=6))
def test_statuses_only_move_forward_whatever_order_they_arrive_in(arrivals):
	current = None
	for status in arrivals:
		if core.later_status(current, status):
			current = status
	assert current == max(arrivals, key=core.STATUS_ORDER.get)


def test_failed_counts_once_whatever_came_before():
	assert core.later_status("read", "failed")
	assert core.later_status(None, "failed")
	assert not core.later_status("Failed", "failed")
	assert not core.later_status("failed", "read")
