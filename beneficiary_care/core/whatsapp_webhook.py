"""What a WhatsApp webhook's body says: the messages people wrote and the statuses of messages sent to
them, as Meta documents them (Cloud API, "Webhooks: messages" reference): a body delivers
`entry[].changes[].value` with `messages`, `contacts` (the senders' names) and `statuses`.

Framework-free, and total: whatever JSON stands anywhere in a body, reading it never raises (only a
body that is not a webhook at all is a ValueError). What is not as Meta sends it is left out and
counted, and everything beside it is read as it is: one malformed part must not stop the rest, nor
make Meta send the same body again and again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.phone import normalize_saudi_mobile

STATUS_ORDER = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}
# Meta's ids (wamids, media ids) are well under this; a longer one is not Meta's and is skipped.
MAX_ID_LENGTH = 140
# A message's time before WhatsApp existed is not a real one (and no DATETIME column takes year 1).
EARLIEST = dt.datetime(2009, 1, 1)
# A media id goes into a Graph API path with the access token: Meta's are digits, and nothing with a
# slash, a colon or a query is taken.
MEDIA_ID = re.compile(r"[0-9A-Za-z_.=-]{1,140}")


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
	# messages from numbers that are not Saudi mobiles, statuses Meta may add, other phone numbers: left
	ignored: int = 0
	# parts that are not what Meta sends (a string where a list belongs, an item without its id): left out
	skipped: int = 0


def read_webhook(body: bytes) -> dict:
	"""The JSON object of a webhook body. ValueError for a body that is not UTF-8 JSON of a WhatsApp
	Business Account, and only that (a body nested deeper than the parser goes included)."""
	try:
		payload = json.loads(body.decode("utf-8"))
	except RecursionError as err:
		raise ValueError("nested deeper than JSON is read") from err
	if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
		raise ValueError("not a WhatsApp Business Account webhook")
	return payload


def parse_webhook(body: bytes, phone_number_id: str = "", now: dt.datetime | None = None) -> Events:
	"""The messages and statuses of a webhook body. Anything for another phone number ID (a second number
	on the same app) is ignored. Raises ValueError for a body that is not such a payload (read_webhook);
	inside one, any JSON value at any place never raises: what is not what Meta sends is left out and
	counted in `skipped`, and the others are read as they are."""
	payload = read_webhook(body)
	events = Events()
	now = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
	for entry in _objects(payload, "entry", events):
		for change in _objects(entry, "changes", events):
			value = _object(change, "value", events)
			if change.get("field") != "messages" or not value:
				continue
			number_id = _id(_object(value, "metadata", events).get("phone_number_id"))
			messages, statuses = _objects(value, "messages", events), _objects(value, "statuses", events)
			if phone_number_id and number_id and number_id != phone_number_id:
				events.ignored += len(messages) + len(statuses)
				continue
			names = {}
			for contact in _objects(value, "contacts", events):
				names[_id(contact.get("wa_id"))] = _text(_object(contact, "profile", events).get("name"))
			for item, read, into in (
				(messages, _inbound, events.messages),
				(statuses, _status, events.statuses),
			):
				for raw in item:
					try:
						parsed = read(raw, names, events, now)
					except _Skip:
						events.skipped += 1
						continue
					if parsed:
						into.append(parsed)
					else:
						events.ignored += 1
	return events


class _Skip(Exception):
	"""An item that is not what Meta sends."""


def _object(container: dict, key: str, events: Events) -> dict:
	"""The object at `key`: {} when missing; anything else there is counted in `skipped`."""
	value = container.get(key)
	if isinstance(value, dict):
		return value
	if key in container:
		events.skipped += 1
	return {}


def _objects(container: dict, key: str, events: Events) -> list[dict]:
	"""The objects of the list at `key`: none when missing; a list that is not one, or an item of it
	that is not an object, is counted in `skipped`."""
	value = container.get(key)
	if not isinstance(value, list):
		events.skipped += key in container
		return []
	items = [item for item in value if isinstance(item, dict)]
	events.skipped += len(value) - len(items)
	return items


def _text(value: object) -> str:
	"""A field of text: anything but a string reads as empty."""
	return value if isinstance(value, str) else ""


def _id(value: object) -> str:
	"""An id (a wamid, a number, a media id): a string, or a number as Meta's documentation sometimes
	shows them; anything else reads as empty."""
	if isinstance(value, int) and not isinstance(value, bool):
		return str(value)
	return value if isinstance(value, str) else ""


def _media_id(value: object) -> str:
	"""A media id as Meta gives them (digits): it goes into a Graph API path, so nothing else (a URL, a
	path, a query) is taken; a message with none is kept, its file not fetched."""
	media_id = _id(value)
	return media_id if MEDIA_ID.fullmatch(media_id) else ""


def _item_id(item: dict) -> str:
	wamid = _id(item.get("id"))
	if not wamid or len(wamid) > MAX_ID_LENGTH:
		raise _Skip
	return wamid


def _when(timestamp: object, now: dt.datetime) -> dt.datetime:
	"""A Unix time in seconds; one that is not, or is not a time a message could have been sent (before
	WhatsApp, or a day ahead of now), reads as now."""
	try:
		at = dt.datetime.fromtimestamp(int(timestamp), dt.timezone.utc).replace(tzinfo=None)
	except (TypeError, ValueError, OverflowError, OSError):
		return now
	return at if EARLIEST <= at <= now + dt.timedelta(days=1) else now


def code_of(value: object) -> int | None:
	"""An error code: digits, as a number or a string ("²" is a digit to str.isdigit, not to int)."""
	text = _id(value)
	return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def _inbound(message: dict, names: dict, events: Events, now: dt.datetime) -> Inbound | None:
	wamid, sender = _item_id(message), _id(message.get("from"))
	if not sender:
		raise _Skip
	try:
		mobile = normalize_saudi_mobile("+" + sender.lstrip("+"))
	except CoreValidationError:
		return None  # the association serves Saudi mobiles; a foreign number is left
	kind = _text(message.get("type")) or "other"
	values = {
		"wamid": wamid,
		"mobile": mobile,
		"received_at": _when(message.get("timestamp"), now),
		"profile_name": (names.get(sender) or "")[:140],
	}
	if kind == "text":
		return Inbound(kind="text", text=_text(_object(message, "text", events).get("body")), **values)
	if kind in ("image", "document", "audio", "video", "sticker"):
		media = _object(message, kind, events)
		return Inbound(
			kind=kind if kind in ("image", "document", "audio") else "other",
			text=_text(media.get("caption")),
			media_id=_media_id(media.get("id")),
			mime_type=_text(media.get("mime_type")).split(";")[0].strip().lower(),
			filename=_text(media.get("filename")),
			**values,
		)
	if kind in ("interactive", "button"):
		if kind == "button":  # a quick-reply button of a template
			button = _object(message, "button", events)
			button_id, title = button.get("payload"), button.get("text")
		else:
			reply = _object(_object(message, "interactive", events), "button_reply", events)
			button_id, title = reply.get("id"), reply.get("title")
		return Inbound(kind="button", button_id=_id(button_id), text=_text(title), **values)
	return Inbound(kind="other", **values)


def _status(status: dict, names: dict, events: Events, now: dt.datetime) -> Status | None:
	wamid, name = _item_id(status), _text(status.get("status"))
	if name not in STATUS_ORDER:
		return None  # a status Meta may add later, or none at all: left
	errors = _objects(status, "errors", events)
	error = errors[0] if errors else {}
	return Status(
		wamid=wamid,
		status=name,
		at=_when(status.get("timestamp"), now),
		error_code=code_of(error.get("code")),
		error_title=(_text(error.get("title")) or _text(error.get("message")))[:140],
	)
