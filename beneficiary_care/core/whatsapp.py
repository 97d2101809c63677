"""WhatsApp Business Cloud API: what its webhooks say, what to send back, and when.

Framework-free: the adapter (beneficiary_care.whatsapp) reads the request and the settings, calls these
and writes the results. Formats as Meta documents them (Cloud API, "Webhooks: messages" and "Messages"
references): a webhook delivers `entry[].changes[].value` with `messages` (what a person wrote) or
`statuses` (what became of a message sent to them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field

from beneficiary_care.core.arabic import normalize_arabic
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.phone import normalize_saudi_mobile

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
STATUS_ORDER = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}

MSG_MEDIA_TYPE = "Only PDF, JPG and PNG files and voice notes are taken"
MSG_MEDIA_SIZE = "Files larger than 5 MB are not taken"


def signature_valid(body: bytes, header: str | None, app_secret: str) -> bool:
	"""Whether `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body with the app secret."""
	if not (header and app_secret) or not header.startswith("sha256="):
		return False
	expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
	return hmac.compare_digest(expected, header[len("sha256=") :].strip().lower())


def handshake(mode: str | None, token: str | None, challenge: str | None, verify_token: str) -> str | None:
	"""The challenge to echo when Meta verifies the webhook with the right token; else None."""
	if mode == "subscribe" and verify_token and token and hmac.compare_digest(token, verify_token):
		return challenge or ""
	return None


@dataclass(frozen=True)
class Inbound:
	"""One message a person sent."""

	wamid: str
	mobile: str  # +9665XXXXXXXX
	received_at: dt.datetime  # UTC, naive
	kind: str  # text, image, document, audio, button, other
	text: str = ""
	profile_name: str = ""
	media_id: str = ""
	mime_type: str = ""
	filename: str = ""
	button_id: str = ""


@dataclass(frozen=True)
class Status:
	"""What became of a message sent to a person."""

	wamid: str
	status: str  # sent, delivered, read, failed
	at: dt.datetime  # UTC, naive
	error_code: int | None = None
	error_title: str = ""


@dataclass
class Events:
	messages: list[Inbound] = field(default_factory=list)
	statuses: list[Status] = field(default_factory=list)
	# messages from numbers that are not Saudi mobiles, or of no use, counted and left
	ignored: int = 0


def parse_webhook(body: bytes, phone_number_id: str = "") -> Events:
	"""The messages and statuses of a webhook body. Anything for another phone number ID (a second
	number on the same app) is ignored. Raises ValueError for a body that is not such a payload."""
	payload = json.loads(body.decode("utf-8"))
	if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
		raise ValueError("not a WhatsApp Business Account webhook")
	events = Events()
	for entry in payload.get("entry") or []:
		for change in entry.get("changes") or []:
			value = change.get("value") or {}
			if change.get("field") != "messages" or not isinstance(value, dict):
				continue
			number_id = str((value.get("metadata") or {}).get("phone_number_id") or "")
			if phone_number_id and number_id and number_id != phone_number_id:
				events.ignored += len(value.get("messages") or []) + len(value.get("statuses") or [])
				continue
			names = {
				str(c.get("wa_id")): ((c.get("profile") or {}).get("name") or "")
				for c in value.get("contacts") or []
			}
			for message in value.get("messages") or []:
				inbound = _inbound(message, names)
				if inbound:
					events.messages.append(inbound)
				else:
					events.ignored += 1
			for status in value.get("statuses") or []:
				parsed = _status(status)
				if parsed:
					events.statuses.append(parsed)
				else:
					events.ignored += 1
	return events


def _when(timestamp) -> dt.datetime:
	try:
		return dt.datetime.fromtimestamp(int(timestamp), dt.timezone.utc).replace(tzinfo=None)
	except (TypeError, ValueError, OverflowError, OSError):
		return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _inbound(message: dict, names: dict) -> Inbound | None:
	wamid, sender = str(message.get("id") or ""), str(message.get("from") or "")
	if not wamid or not sender:
		return None
	try:
		mobile = normalize_saudi_mobile("+" + sender.lstrip("+"))
	except CoreValidationError:
		return None  # the association serves Saudi mobiles; a foreign number is left
	kind = message.get("type") or "other"
	values = {
		"wamid": wamid,
		"mobile": mobile,
		"received_at": _when(message.get("timestamp")),
		"profile_name": (names.get(sender) or "")[:140],
	}
	if kind == "text":
		return Inbound(kind="text", text=(message.get("text") or {}).get("body") or "", **values)
	if kind in ("image", "document", "audio", "video", "sticker"):
		media = message.get(kind) or {}
		return Inbound(
			kind=kind if kind in ("image", "document", "audio") else "other",
			text=media.get("caption") or "",
			media_id=str(media.get("id") or ""),
			mime_type=(media.get("mime_type") or "").split(";")[0].strip().lower(),
			filename=media.get("filename") or "",
			**values,
		)
	if kind in ("interactive", "button"):
		reply = (message.get("interactive") or {}).get("button_reply") or {}
		if kind == "button":  # a quick-reply button of a template
			button = message.get("button") or {}
			reply = {"id": button.get("payload"), "title": button.get("text")}
		return Inbound(
			kind="button", button_id=str(reply.get("id") or ""), text=reply.get("title") or "", **values
		)
	return Inbound(kind="other", **values)


def _status(status: dict) -> Status | None:
	wamid, name = str(status.get("id") or ""), status.get("status")
	if not wamid or name not in STATUS_ORDER:
		return None
	errors = status.get("errors") or [{}]
	code = errors[0].get("code")
	return Status(
		wamid=wamid,
		status=name,
		at=_when(status.get("timestamp")),
		error_code=int(code) if isinstance(code, int | str) and str(code).isdigit() else None,
		error_title=str(errors[0].get("title") or errors[0].get("message") or "")[:140],
	)


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
	code = error.get("code")
	code = int(code) if isinstance(code, int | str) and str(code).isdigit() else None
	details = (error.get("error_data") or {}).get("details") or error.get("message") or (body or "")
	return SendResult(False, error_code=code, detail=f"HTTP {status}, error {code}: {str(details)[:300]}")


def later_status(current: str | None, new: str) -> bool:
	"""Whether a status webhook moves a message on (they can arrive out of order: read before
	delivered); `failed` counts once, whatever came before it."""
	current = (current or "").lower()
	if new == "failed":
		return current != "failed"
	return STATUS_ORDER.get(new, 0) > STATUS_ORDER.get(current, 0)
