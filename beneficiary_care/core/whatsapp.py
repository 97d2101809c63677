"""WhatsApp Business Cloud API: whether a webhook is Meta's, what to send back, and when.

Framework-free: the adapter (beneficiary_care.messaging.whatsapp_inbox) reads the request and the settings, calls these
and writes the results. Formats as Meta documents them (Cloud API, "Webhooks" and "Messages"
references). What a webhook's body says is core.whatsapp_webhook.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from dataclasses import dataclass

from beneficiary_care.core.arabic import normalize_arabic
from beneficiary_care.core.whatsapp_webhook import STATUS_ORDER, code_of

# A webhook body larger than this is refused before it is read (Meta's are a few KiB: media come by id).
MAX_WEBHOOK_BYTES = 256 * 1024
# Inside this many hours since the person last wrote, any text may be sent; outside it only templates.
SERVICE_WINDOW = dt.timedelta(hours=24)
# What a person writes to stop WhatsApp messages (compared after Arabic normalisation, case-folded).
# Not «إلغاء»: a person cancelling a request writes it, and would lose WhatsApp without knowing.
STOP_WORDS = {"ايقاف", "توقف", "stop", "unsubscribe"}
# The kind buttons: WhatsApp allows three reply buttons of 20 characters at most.
KIND_BUTTONS = (("complaint", "Complaint"), ("inquiry", "Inquiry"), ("suggestion", "Suggestion"))
BUTTON_KINDS = {button_id: kind for button_id, kind in KIND_BUTTONS}
DEFAULT_KIND = "Inquiry"
DEFAULT_KIND_WAIT_MINUTES = 5
# Media a person may send, as the portal takes them (PDF, JPG, PNG), and voice notes and audio, which
# is how many beneficiaries speak on WhatsApp; all at most the portal's 5 MB.
MAX_MEDIA_BYTES = 5 * 1024 * 1024
MEDIA_TYPES = {
	"application/pdf": ".pdf",
	"image/jpeg": ".jpg",
	"image/png": ".png",
	"audio/ogg": ".ogg",
	"audio/mpeg": ".mp3",
	"audio/mp4": ".m4a",
	"audio/aac": ".aac",
	"audio/amr": ".amr",
}
# Errors after which a message will not reach the person on WhatsApp, so it goes once by SMS: not a
# WhatsApp user / undeliverable, re-engagement outside the window (when no template could be used),
# and the template errors (missing, wrong parameters, paused, disabled, not approved in this language).
FALLBACK_ERRORS = {131026, 131047, 131051, 132000, 132001, 132005, 132007, 132012, 132015, 132016}
# Errors worth trying again later with the usual back-off: throttling and Meta's own trouble.
RETRY_ERRORS = {130429, 131000, 131016, 131048, 131056, 133004, 1, 2}
# Template body parameters, in this order, for every purpose: {{1}} the kind, {{2}} the reference,
# {{3}} the link (the tracking page, or the survey). The README lists the templates to submit.
TEMPLATE_PARAMETERS = ("kind", "reference", "link")
# The handshake's challenge is a number Meta chose; nothing else is echoed.
CHALLENGE = re.compile(r"[0-9A-Za-z_-]{1,128}")
# What a MariaDB TEXT column holds (a case's description), in bytes of UTF-8.
TEXT_COLUMN_BYTES = 65_535

MSG_MEDIA_TYPE = "Only PDF, JPG and PNG files and voice notes are taken"
MSG_MEDIA_SIZE = "Files larger than 5 MB are not taken"


def signature_valid(body: bytes, header: object, app_secret: str) -> bool:
	"""Whether `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body with the app secret. Compared as
	bytes: hmac.compare_digest raises TypeError on a str with non-ASCII characters, which a forged header
	can carry."""
	if not (isinstance(header, str) and app_secret) or not header.startswith("sha256="):
		return False
	given = header[len("sha256=") :].strip().lower()
	if not (given.isascii() and len(given) == 64):
		return False
	expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
	return hmac.compare_digest(expected.encode(), given.encode())


def handshake(mode: object, token: object, challenge: object, verify_token: str) -> str | None:
	"""The challenge to echo when Meta verifies the webhook with the right token; else None. The token is
	compared as UTF-8 bytes (an Arabic phrase is a fine token); the challenge is Meta's number, so anything
	else is not echoed."""
	if mode != "subscribe" or not (verify_token and isinstance(token, str) and token):
		return None
	if not hmac.compare_digest(token.encode(), verify_token.encode()):
		return None
	if not isinstance(challenge, str) or not CHALLENGE.fullmatch(challenge):
		return None
	return challenge


def is_stop(text: str) -> bool:
	"""Whether a message asks for no more WhatsApp messages: the word alone (« إيقاف », "STOP")."""
	words = normalize_arabic(text or "").casefold().strip(" .!،,")
	return words in STOP_WORDS


def in_window(last_inbound: dt.datetime | None, now: dt.datetime) -> bool:
	"""Whether free text may be sent: the person wrote within the last 24 hours."""
	return last_inbound is not None and now - last_inbound < SERVICE_WINDOW


def kind_for_button(button_id: str) -> str | None:
	return BUTTON_KINDS.get((button_id or "").strip().lower())


def kind_wait_over(started: dt.datetime, now: dt.datetime, minutes: int) -> bool:
	"""Whether a conversation waiting for its kind button has waited long enough to be an inquiry."""
	return now - started >= dt.timedelta(minutes=minutes if minutes > 0 else DEFAULT_KIND_WAIT_MINUTES)


def media_refusal(mime_type: str, size: int | None) -> str | None:
	"""Why a person's file is not taken (an English message, MSG_MEDIA_*), or None."""
	if mime_type not in MEDIA_TYPES:
		return MSG_MEDIA_TYPE
	if size is not None and size > MAX_MEDIA_BYTES:
		return MSG_MEDIA_SIZE
	return None


def subject_of(text: str, limit: int = 80) -> str:
	"""A case's subject from the first words a person wrote."""
	line = " ".join((text or "").split())
	return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def fit_text(text: str, max_bytes: int, note: str) -> str:
	"""`text` as it is when its UTF-8 fits in `max_bytes`; else as much of it as fits with `note` after
	it (saying where the rest is), cut between characters."""
	encoded = text.encode()
	if len(encoded) <= max_bytes:
		return text
	tail = "…\n" + note
	room = max(max_bytes - len(tail.encode()), 0)
	return encoded[:room].decode("utf-8", "ignore").rstrip() + tail


# ------------------------------------------------------------------ what is sent


def wa_number(mobile: str) -> str:
	"""+9665XXXXXXXX → 9665XXXXXXXX, as the Cloud API takes a recipient."""
	return mobile.lstrip("+")


def text_message(mobile: str, body: str) -> dict:
	return {
		"messaging_product": "whatsapp",
		"recipient_type": "individual",
		"to": wa_number(mobile),
		"type": "text",
		"text": {"preview_url": True, "body": body[:4096]},
	}


def template_message(mobile: str, name: str, language: str, parameters: list[str]) -> dict:
	"""An approved template, its body parameters in order (no newlines or tabs: Meta refuses them)."""
	clean = [re.sub(r"[\n\t]+", " ", str(p)).strip()[:1024] or "-" for p in parameters]
	return {
		"messaging_product": "whatsapp",
		"recipient_type": "individual",
		"to": wa_number(mobile),
		"type": "template",
		"template": {
			"name": name,
			"language": {"code": language or "ar"},
			"components": [{"type": "body", "parameters": [{"type": "text", "text": p} for p in clean]}],
		},
	}


def buttons_message(mobile: str, body: str, buttons: list[tuple[str, str]]) -> dict:
	"""Up to three reply buttons (id, title of at most 20 characters) under a text."""
	return {
		"messaging_product": "whatsapp",
		"recipient_type": "individual",
		"to": wa_number(mobile),
		"type": "interactive",
		"interactive": {
			"type": "button",
			"body": {"text": body[:1024]},
			"action": {
				"buttons": [
					{"type": "reply", "reply": {"id": button_id, "title": title[:20]}}
					for button_id, title in buttons[:3]
				]
			},
		},
	}


@dataclass(frozen=True)
class SendResult:
	accepted: bool
	wamid: str = ""
	error_code: int | None = None
	detail: str = ""

	@property
	def fall_back(self) -> bool:
		"""The message cannot reach the person on WhatsApp: send it by SMS instead."""
		return not self.accepted and self.error_code in FALLBACK_ERRORS

	@property
	def retry(self) -> bool:
		"""Worth trying again later (Meta throttled or failed; no answer at all)."""
		return not self.accepted and (self.error_code is None or self.error_code in RETRY_ERRORS)


def send_result(status: int, body: str) -> SendResult:
	"""The Cloud API's answer to a send: 200 with `messages[0].id`, or an error object."""
	try:
		data = json.loads(body or "{}")
	except ValueError:
		data = {}
	if not isinstance(data, dict):
		data = {}
	if 200 <= status < 300:
		messages = data.get("messages") or [{}]
		wamid = str(messages[0].get("id") or "")
		if wamid:
			return SendResult(True, wamid=wamid, detail=f"HTTP {status}: {wamid}")
		# not the body: Meta's answer names the recipient's number
		return SendResult(False, detail=f"HTTP {status} without a message id")
	error = data.get("error") or {}
	code = code_of(error.get("code"))
	details = (error.get("error_data") or {}).get("details") or error.get("message") or (body or "")
	return SendResult(False, error_code=code, detail=f"HTTP {status}, error {code}: {str(details)[:300]}")


def later_status(current: str | None, new: str) -> bool:
	"""Whether a status webhook moves a message on (they can arrive out of order: read before
	delivered); `failed` counts once, whatever came before it."""
	current = (current or "").lower()
	if new == "failed":
		return current != "failed"
	return STATUS_ORDER.get(new, 0) > STATUS_ORDER.get(current, 0)
