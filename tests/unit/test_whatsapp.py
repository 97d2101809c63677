"""core.whatsapp: the webhook's signature and handshake, what a payload says (and that any JSON anywhere
in it never raises), the window, the stop word, a case's text fitted to its column, the answers of the
Cloud API and the order of statuses."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import hmac
import json
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from beneficiary_care.core import whatsapp as core
from beneficiary_care.core import whatsapp_webhook as hook
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


@pytest.mark.parametrize(
	"header",
	[
		"sha256=" + "zz" * 32,  # not hex
		"sha256=" + "é" * 64,  # not ASCII: hmac.compare_digest raises TypeError on such a str
		"sha256=" + "٠" * 64,  # Arabic-Indic digits
		"sha256=\x00",
		"sha256 =" + "0" * 64,
	],
)
def test_a_signature_that_is_not_hex_is_refused_without_raising(header):
	assert not core.signature_valid(b"{}", header, SECRET)
	assert not core.signature_valid(b"{}", header, "سر التطبيق")


def test_a_secret_or_verify_token_in_arabic_works():
	body = b'{"object": "whatsapp_business_account"}'
	assert core.signature_valid(body, GraphAPI.sign(body, "سر التطبيق"), "سر التطبيق")
	assert core.handshake("subscribe", "عبارة سرية", "1158201444", "عبارة سرية") == "1158201444"


@pytest.mark.parametrize(
	("token", "challenge"),
	[
		("توكن", "1"),  # not ASCII, and wrong
		("tok\u00e9", "1"),
		(["tok"], "1"),  # a repeated query parameter
		(None, "1"),
		("tok", "١٢٣"),  # the right token, a challenge that is not Meta's (a number)
		("tok", "<script>"),
		("tok", ["1"]),
		("tok", "9" * 300),
	],
)
def test_an_odd_handshake_is_refused_without_raising(token, challenge):
	assert core.handshake("subscribe", token, challenge, "tok") is None


def test_the_handshake_echoes_the_challenge_only_for_the_right_token():
	assert core.handshake("subscribe", "tok", "1158201444", "tok") == "1158201444"
	assert core.handshake("subscribe", "other", "1158201444", "tok") is None
	assert core.handshake("unsubscribe", "tok", "1158201444", "tok") is None
	assert core.handshake("subscribe", "", "1", "") is None  # no token set: nobody verifies
	assert core.handshake("subscribe", None, "1", "tok") is None


def test_a_text_message_is_read_with_its_number_time_and_name():
	payload = GraphAPI.inbound("966551234567", text="تأخر صرف المساعدة", name="محمد", timestamp=1_764_748_800)
	events = hook.parse_webhook(body_of(payload), "111222333")
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
	(message,) = hook.parse_webhook(body_of(GraphAPI.inbound("966551234567", **kwargs))).messages
	assert message.kind == kind
	assert message.media_id == next(iter(kwargs.values()))[0]
	assert message.mime_type == mime
	assert message.filename == filename
	assert message.text == text


def test_a_button_reply_names_its_kind():
	payload = GraphAPI.inbound("966551234567", button=("complaint", "شكوى"))
	(message,) = hook.parse_webhook(body_of(payload)).messages
	assert message.kind == "button" and message.button_id == "complaint"
	assert core.kind_for_button(message.button_id) == "Complaint"
	assert core.kind_for_button("suggestion") == "Suggestion"
	assert core.kind_for_button("something else") is None


def test_foreign_numbers_other_phone_numbers_and_other_objects_are_left():
	foreign = hook.parse_webhook(body_of(GraphAPI.inbound("201001234567", text="hi")))
	assert foreign.messages == [] and foreign.ignored == 1
	other_number = hook.parse_webhook(
		body_of(GraphAPI.inbound("966551234567", text="x", phone_number_id="999")), "111222333"
	)
	assert other_number.messages == [] and other_number.ignored == 1
	with pytest.raises(ValueError):
		hook.parse_webhook(b'{"object": "page", "entry": []}')
	with pytest.raises(ValueError):
		hook.parse_webhook(b"not json")


@pytest.mark.parametrize(
	"body",
	[
		b"not json",
		b"\xff\xfe{}",  # not UTF-8
		b"[" * 100_000 + b"]" * 100_000,  # deeper than the parser goes: RecursionError inside json
		# deeper than any parser goes (Python 3.11's reads about a thousand levels, 3.14's some 50,000)
		b'{"object": "whatsapp_business_account", "entry": ' + b"[" * 1_000_000 + b"]" * 1_000_000 + b"}",
		b"1" * 5000,  # an integer longer than Python converts
		b"[]",
		b"null",
		b'"whatsapp_business_account"',
	],
)
def test_a_body_that_is_not_a_webhook_is_a_value_error_only(body):
	with pytest.raises(ValueError):
		hook.read_webhook(body)
	with pytest.raises(ValueError):
		hook.parse_webhook(body)


def test_statuses_are_read_with_their_error():
	payload = GraphAPI.statuses(
		GraphAPI.status("wamid.A", "delivered", "966551234567"),
		GraphAPI.status("wamid.B", "failed", "966551234567", error_code=131047),
		{"id": "wamid.C", "status": "deleted"},  # not one of Meta's delivery statuses
	)
	events = hook.parse_webhook(body_of(payload))
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


# ------------------------------------------------------------------ malformed bodies (issue 30)


def message_of(**kwargs) -> dict:
	return GraphAPI.inbound("966551234567", **kwargs)["entry"][0]["changes"][0]["value"]["messages"][0]


def skeleton() -> dict:
	"""A body with one message of each kind, a contact, and a failed status with Meta's error."""
	body = GraphAPI.inbound("966551234567", text="لم تصلني المساعدة", name="سارة", wamid="wamid.T")
	value = body["entry"][0]["changes"][0]["value"]
	value["messages"] += [
		message_of(image=("m1", "image/jpeg", "الإيصال"), wamid="wamid.I"),
		message_of(document=("m2", "application/pdf", "تقرير.pdf", None), wamid="wamid.D"),
		message_of(audio=("m3", "audio/ogg; codecs=opus"), wamid="wamid.A"),
		message_of(button=("complaint", "شكوى"), wamid="wamid.B"),
		{
			**message_of(text="x", wamid="wamid.Q"),
			"type": "button",
			"button": {"payload": "p", "text": "نعم"},
		},
	]
	value["statuses"] = [GraphAPI.status("wamid.S", "failed", "966551234567", error_code=131047)]
	return body


def paths(tree, prefix=()) -> list[tuple]:
	"""Every position in a JSON tree: each key of an object and each index of a list, at any depth."""
	found = []
	children = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else []
	for key, child in children:
		found.append((*prefix, key))
		found += paths(child, (*prefix, key))
	return found


def put(tree, path: tuple, value) -> None:
	"""`value` at `path`, if an earlier change left that position there."""
	for key in path[:-1]:
		if not holds(tree, key):
			return
		tree = tree[key]
	if holds(tree, path[-1]):
		tree[path[-1]] = value


def holds(tree, key) -> bool:
	if isinstance(tree, dict):
		return key in tree
	return isinstance(tree, list) and isinstance(key, int) and key < len(tree)


SKELETON = skeleton()
POSITIONS = [p for p in paths(SKELETON) if p != ("object",)]
# any JSON value: what json.loads can give (integers short enough for Python to print)
JSON = st.recursive(
	st.none()
	| st.booleans()
	| st.integers(min_value=-(10**30), max_value=10**30)
	| st.floats()
	| st.text(max_size=30),
	lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
	max_leaves=25,
)
MOBILE = re.compile(r"\+9665\d{8}")


def well_typed(events: hook.Events) -> None:
	"""What the adapter may rely on, whatever the body held."""
	assert isinstance(events.skipped, int) and isinstance(events.ignored, int)
	earliest, latest = dt.datetime(2009, 1, 1), dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
	for m in events.messages:
		assert isinstance(m, hook.Inbound)
		assert MOBILE.fullmatch(m.mobile)
		assert m.kind in ("text", "image", "document", "audio", "button", "other")
		for name in ("wamid", "text", "profile_name", "media_id", "mime_type", "filename", "button_id"):
			assert isinstance(getattr(m, name), str), name
		assert 0 < len(m.wamid) <= hook.MAX_ID_LENGTH and len(m.profile_name) <= 140
		assert earliest <= m.received_at <= latest + dt.timedelta(days=1)
	for s in events.statuses:
		assert s.status in core.STATUS_ORDER and 0 < len(s.wamid) <= hook.MAX_ID_LENGTH
		assert s.error_code is None or isinstance(s.error_code, int)
		assert isinstance(s.error_title, str) and len(s.error_title) <= 140
		assert earliest <= s.at <= latest + dt.timedelta(days=1)


@settings(max_examples=400)
@given(st.data())
def test_any_json_at_any_position_of_a_body_never_raises(data):
	body = copy.deepcopy(SKELETON)
	for _ in range(data.draw(st.integers(1, 3))):
		put(body, data.draw(st.sampled_from(POSITIONS)), data.draw(JSON))
	well_typed(hook.parse_webhook(body_of(body), "111222333"))


@settings(max_examples=200)
@given(JSON)
def test_any_json_as_a_body_is_events_or_a_value_error(tree):
	try:
		events = hook.parse_webhook(json.dumps(tree).encode())
	except ValueError:
		return
	well_typed(events)


@settings(max_examples=200)
@given(JSON)
def test_any_json_in_the_envelope_of_a_webhook_never_raises(tree):
	well_typed(hook.parse_webhook(body_of({"object": "whatsapp_business_account", "entry": tree})))
	well_typed(hook.parse_webhook(body_of({"object": "whatsapp_business_account", "entry": [tree]})))
	wrapped = {"object": "whatsapp_business_account", "entry": [{"changes": [tree]}]}
	well_typed(hook.parse_webhook(body_of(wrapped)))


@settings(max_examples=300)
@given(st.data())
def test_a_bad_item_leaves_the_others_as_they_were(data):
	"""Whatever is put inside one message or status, every other one is read exactly as before."""
	clean = hook.parse_webhook(body_of(SKELETON), "111222333")
	value = ("entry", 0, "changes", 0, "value")
	inside = [p for p in POSITIONS if p[:5] == value and len(p) >= 7 and p[5] in ("messages", "statuses")]
	path = data.draw(st.sampled_from(inside))
	body = copy.deepcopy(SKELETON)
	bad = data.draw(JSON)
	# the item keeps an id of its own, or none: not another's
	assume(not (path[-1] == "id" and str(bad) in {m.wamid for m in clean.messages} | {"wamid.S"}))
	touched = body["entry"][0]["changes"][0]["value"][path[5]][path[6]]["id"]
	put(body, path, bad)
	events = hook.parse_webhook(body_of(body), "111222333")
	well_typed(events)
	others = {touched, str(bad)}
	assert [m for m in events.messages if m.wamid not in others] == [
		m for m in clean.messages if m.wamid not in others
	]
	assert [s for s in events.statuses if s.wamid not in others] == [
		s for s in clean.statuses if s.wamid not in others
	]


def test_the_skeleton_is_read_whole():
	events = hook.parse_webhook(body_of(SKELETON), "111222333")
	assert [(m.wamid, m.kind) for m in events.messages] == [
		("wamid.T", "text"),
		("wamid.I", "image"),
		("wamid.D", "document"),
		("wamid.A", "audio"),
		("wamid.B", "button"),
		("wamid.Q", "button"),
	]
	assert [(s.wamid, s.status, s.error_code) for s in events.statuses] == [("wamid.S", "failed", 131047)]
	assert (events.skipped, events.ignored) == (0, 0)
	assert {m.profile_name for m in events.messages} == {"سارة"}
	assert events.messages[-1].button_id == "p" and events.messages[-1].text == "نعم"


VALUE = ("entry", 0, "changes", 0, "value")


@pytest.mark.parametrize("bad", ["x", 5, None, True, 1.5])
@pytest.mark.parametrize(
	"path",
	[
		("entry",),
		("entry", 0, "changes"),
		(*VALUE,),
		(*VALUE, "metadata"),
		(*VALUE, "contacts"),
		(*VALUE, "contacts", 0),
		(*VALUE, "contacts", 0, "profile"),
		(*VALUE, "messages"),
		(*VALUE, "messages", 0),
		(*VALUE, "messages", 0, "text"),
		(*VALUE, "messages", 1, "image"),
		(*VALUE, "messages", 2, "document"),
		(*VALUE, "messages", 4, "interactive"),
		(*VALUE, "messages", 4, "interactive", "button_reply"),
		(*VALUE, "messages", 5, "button"),
		(*VALUE, "statuses"),
		(*VALUE, "statuses", 0),
		(*VALUE, "statuses", 0, "errors"),
		(*VALUE, "statuses", 0, "errors", 0),
	],
)
def test_the_shapes_the_probe_found_are_skipped_and_counted(path, bad):
	"""A string, number, boolean or null where Meta puts a list or an object (issue 30: 28 of them raised)."""
	body = copy.deepcopy(SKELETON)
	put(body, path, bad)
	events = hook.parse_webhook(body_of(body), "111222333")
	well_typed(events)
	assert events.skipped >= 1


@pytest.mark.parametrize(
	("path", "bad"),
	[
		((*VALUE, "contacts", 0, "profile", "name"), 12345),  # a numeric profile name
		((*VALUE, "contacts", 0, "wa_id"), ["966551234567"]),
		((*VALUE, "messages", 0, "text", "body"), ["لا"]),
		((*VALUE, "messages", 0, "type"), ["text"]),  # unhashable: message.get(kind) raised
		((*VALUE, "messages", 0, "timestamp"), "99999999999999999999"),
		((*VALUE, "messages", 0, "timestamp"), -62135596800),  # year 1: no column takes it
		((*VALUE, "messages", 0, "timestamp"), 253402300799),  # 9999-12-31: later than any message
		((*VALUE, "messages", 1, "image", "mime_type"), 7),
		((*VALUE, "messages", 2, "document", "filename"), {"x": 1}),
		((*VALUE, "statuses", 0, "errors", 0, "code"), "²"),  # isdigit() but not int()
		((*VALUE, "statuses", 0, "errors", 0, "code"), "9" * 5000),
		((*VALUE, "statuses", 0, "errors", 0, "title"), 5),
	],
)
def test_a_field_of_the_wrong_type_is_read_as_empty(path, bad):
	body = copy.deepcopy(SKELETON)
	put(body, path, bad)
	well_typed(hook.parse_webhook(body_of(body), "111222333"))


@pytest.mark.parametrize(
	"media_id", ["http://127.0.0.1:9/steal", "../../other", "1?fields=x", "m" * 141, "١٢٣", 12.5, None]
)
def test_a_media_id_that_is_not_metas_is_not_fetched(media_id):
	"""It goes into a Graph API path (with the access token): a URL or a path there is not followed."""
	body = copy.deepcopy(SKELETON)
	put(body, (*VALUE, "messages", 1, "image", "id"), media_id)
	(image,) = [m for m in hook.parse_webhook(body_of(body), "111222333").messages if m.wamid == "wamid.I"]
	assert image.kind == "image" and image.media_id == "" and image.text == "الإيصال"


def test_an_id_longer_than_any_of_metas_is_skipped():
	body = copy.deepcopy(SKELETON)
	put(body, (*VALUE, "messages", 0, "id"), "wamid." + "A" * 10_000)
	put(body, (*VALUE, "statuses", 0, "id"), "wamid." + "B" * 10_000)
	events = hook.parse_webhook(body_of(body), "111222333")
	assert "wamid.T" not in {m.wamid for m in events.messages} and events.statuses == []
	assert events.skipped == 2


@given(
	text=st.text(min_size=1, max_size=500),
	name=st.text(max_size=200),
	national=st.integers(min_value=500_000_000, max_value=599_999_999),
	timestamp=st.integers(min_value=1_300_000_000, max_value=1_780_000_000),
)
def test_a_valid_text_message_is_read_exactly(text, name, national, timestamp):
	payload = GraphAPI.inbound(f"966{national}", text=text, name=name, wamid="wamid.X", timestamp=timestamp)
	events = hook.parse_webhook(body_of(payload), "111222333")
	assert events.messages == [
		hook.Inbound(
			wamid="wamid.X",
			mobile=f"+966{national}",
			received_at=dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).replace(tzinfo=None),
			kind="text",
			text=text,
			profile_name=name[:140],
		)
	]
	assert (events.skipped, events.ignored, events.statuses) == (0, 0, [])


# ------------------------------------------------------------------ a case's text in its column


@given(st.text(max_size=3000), st.integers(min_value=200, max_value=4000))
def test_a_text_is_fitted_to_its_column_whole_characters_and_the_note(text, limit):
	note = "(النص كاملًا في سجل الحالة)"
	fitted = core.fit_text(text, limit, note)
	assert len(fitted.encode()) <= limit
	if len(text.encode()) <= limit:
		assert fitted == text
	else:
		assert fitted.endswith(note) and text.startswith(fitted[: -len(note)].rstrip("\n…"))


def test_a_long_arabic_text_is_cut_at_the_column_of_a_case():
	text = "ا" * 33_000  # 66,000 bytes: more than a TEXT column's 65,535
	fitted = core.fit_text(text, core.TEXT_COLUMN_BYTES, "(…)")
	assert len(fitted.encode()) <= core.TEXT_COLUMN_BYTES and fitted.endswith("(…)")
	assert fitted.startswith("ا" * 32_000)
