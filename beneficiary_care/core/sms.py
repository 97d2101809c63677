"""Reading an SMS gateway's answer, and when to try a failed message again.

Many Saudi gateways answer HTTP 200 with the error in the body (a JSON `success: false`, a status
code, or a line of text). A message counts as sent only when the HTTP status is 2xx and the body does
not say otherwise; where the association knows its gateway's success answer, a pattern for it (a
setting) is required to match.
"""

from __future__ import annotations

import datetime as dt
import json
import re

# Words gateways use in a failure body (English and Arabic), matched case-insensitively.
_FAILURE_WORDS = re.compile(
	r"\b(error|fail(ed|ure)?|invalid|denied|unauthori[sz]ed|insufficient|rejected|blocked|exceeded)\b"
	r"|خطأ|فشل|غير صحيح|رصيد غير كاف",
	re.IGNORECASE,
)
_FALSEY = {False, "false", "False", "0", "error", "failed", "fail"}

# how long a gateway (SMS, or WhatsApp's Graph API) may take, when the settings say nothing
# (sms_timeout_seconds)
GATEWAY_TIMEOUT = 45  # seconds
RETRY_DELAYS_MINUTES = (5, 15, 60, 180, 720)  # then give up and leave it Failed for staff to see
MAX_ATTEMPTS = len(RETRY_DELAYS_MINUTES) + 1


def gateway_accepted(status_code: int, body: str, success_pattern: str | None = None) -> tuple[bool, str]:
	"""(accepted, reason). `success_pattern` (a regular expression) must match the body if given."""
	text = (body or "").strip()
	short = text[:300]
	if not 200 <= status_code < 300:
		return False, f"HTTP {status_code}: {short}"
	if success_pattern:
		if re.search(success_pattern, text):
			return True, short
		return False, f"answer does not match the expected success pattern: {short}"
	try:
		data = json.loads(text) if text[:1] in "{[" else None
	except ValueError:
		data = None
	if isinstance(data, dict):
		for key in ("success", "status", "ok", "result"):
			if key in data and data[key] in _FALSEY:
				return False, short
		if data.get("error") or data.get("errors"):
			return False, short
		return True, short
	if _FAILURE_WORDS.search(text):
		return False, short
	return True, short


def next_retry(attempts: int, now: dt.datetime) -> dt.datetime | None:
	"""When to try again after `attempts` failed tries; None when it is time to stop."""
	if attempts < 1:
		return now
	if attempts > len(RETRY_DELAYS_MINUTES):
		return None
	return now + dt.timedelta(minutes=RETRY_DELAYS_MINUTES[attempts - 1])


# ------------------------------------------------------------------ length and cost

# GSM 03.38 basic set (and its extension table, two units each): anything else makes the message UCS-2.
_GSM_BASIC = set(
	"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")
SINGLE = {"gsm": 160, "ucs2": 70}
CONCATENATED = {"gsm": 153, "ucs2": 67}


def encoding(text: str) -> str:
	return "gsm" if all(c in _GSM_BASIC or c in _GSM_EXTENDED for c in text) else "ucs2"


def units(text: str) -> int:
	"""Message length as the network counts it: GSM-7 septets, or UTF-16 code units for UCS-2."""
	if encoding(text) == "gsm":
		return sum(2 if c in _GSM_EXTENDED else 1 for c in text)
	return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
	"""How many SMS a text is billed as: Arabic (UCS-2) 70 characters, 67 each when concatenated;
	GSM-7 160 / 153. An empty text is none."""
	length, kind = units(text or ""), encoding(text or "")
	if length == 0:
		return 0
	if length <= SINGLE[kind]:
		return 1
	return -(-length // CONCATENATED[kind])
