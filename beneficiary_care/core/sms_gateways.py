"""The SMS gateways Saudi associations use, as their public API documentation describes them.

For each: the request that sends one message (address, method, headers, body), the number format it
expects, and how to read its answer — accepted, or refused with a reason from its documented error
codes. A refusal is one of a few kinds, and the kind says whether trying the same message again can
help (core.sms.next_retry then spaces the tries):

- WRONG_KEY, SENDER: the account's key, or the sender name, is refused. The same request fails again
  until an administrator corrects the settings: not retried now; sent again once they are corrected
  (setup.sms_gateway.resend_held).
- NO_BALANCE: the account has no credit. A top-up can come at any time: retried with the back-off.
- INVALID_NUMBER: the number cannot receive it. Never retried.
- OTHER: anything else (a server error, an unknown code): retried, as today.

Unifonic and Msegat take a flat form or JSON body that Frappe's SMS Settings can express, so the
set-up fills SMS Settings for them and Frappe's own SMS features use the same gateway. Taqnyat's
`recipients` and 4jawaly's `messages[].numbers` are JSON arrays, which SMS Settings cannot express:
the app sends those itself (messaging.sms), through the same delivery, retry and timeline.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

WRONG_KEY = "Wrong Key"
SENDER = "Sender Not Approved"
NO_BALANCE = "No Balance"
INVALID_NUMBER = "Invalid Number"
OTHER = "Other"
REFUSALS = (WRONG_KEY, SENDER, NO_BALANCE, INVALID_NUMBER)
# Refusals that the same request meets again until the settings are corrected
HELD_FOR_SETTINGS = (WRONG_KEY, SENDER)

# What an administrator reads (translated through the app's catalogue by the caller)
MSG_WRONG_KEY = "The SMS provider refused the account's key"
MSG_SENDER = "The sender name is not approved by the SMS provider"
MSG_NO_BALANCE = "The SMS account has no balance left"
MSG_INVALID_NUMBER = "The mobile number cannot receive messages"
MSG_OTHER = "The SMS provider did not take the message"
EXPLANATIONS = {
	WRONG_KEY: MSG_WRONG_KEY,
	SENDER: MSG_SENDER,
	NO_BALANCE: MSG_NO_BALANCE,
	INVALID_NUMBER: MSG_INVALID_NUMBER,
	OTHER: MSG_OTHER,
}


def retry_helps(refusal: str | None) -> bool:
	"""Whether trying the same message again, unchanged, can succeed."""
	return refusal not in (WRONG_KEY, SENDER, INVALID_NUMBER)


@dataclass(frozen=True)
class Outcome:
	accepted: bool
	detail: str  # the gateway's own words, shortened: what staff read on the message
	refusal: str | None = None  # one of REFUSALS or OTHER when not accepted

	@property
	def retry(self) -> bool:
		return not self.accepted and retry_helps(self.refusal)


@dataclass(frozen=True)
class Request:
	method: str
	url: str
	headers: dict
	body: bytes | None


@dataclass(frozen=True)
class Account:
	"""What the administrator types: the key (and secret, or user name) and the approved sender."""

	key: str
	sender: str
	secret: str = ""  # 4jawaly's API secret
	user_name: str = ""  # Msegat's account user name


@dataclass(frozen=True)
class Preset:
	name: str
	url: str
	number_format: str = "9665XXXXXXXX"  # every one documents international digits, no + or 00
	needs_secret: bool = False
	needs_user_name: bool = False
	# error code or HTTP status → refusal kind, from the gateway's documentation
	codes: dict = field(default_factory=dict)

	@property
	def via_sms_settings(self) -> bool:
		return self.name in _FLAT

	def sms_settings(self, account: Account, url: str | None = None) -> dict:
		"""Frappe's SMS Settings for this gateway (only where it can express the request)."""
		if not self.via_sms_settings:
			raise ValueError(f"{self.name} cannot be expressed in SMS Settings")
		return _FLAT[self.name].sms_settings(account, url or self.url)

	def request(self, account: Account, number: str, text: str, url: str | None = None) -> Request:
		"""The HTTP request that sends `text` to `number` (already in this gateway's format)."""
		return _REQUESTS[self.name](account, number, text, url or self.url)

	def read(self, status: int, body: str) -> Outcome:
		return _READERS[self.name](self, status, (body or "").strip())


def _short(text: str) -> str:
	return text[:300]


def _json(text: str):
	try:
		return json.loads(text) if text[:1] in "{[" else None
	except ValueError:
		return None


def _kind(preset: Preset, *codes) -> str:
	for code in codes:
		if code is not None and str(code) in preset.codes:
			return preset.codes[str(code)]
	return OTHER


def _kind_from_words(text: str) -> str:
	"""For gateways whose documentation gives words rather than codes (English or Arabic)."""
	lowered = text.lower()
	if re.search(
		r"unauthori[sz]ed|unauthenticated|invalid (api )?(key|token|credentials)|wrong (key|token)", lowered
	):
		return WRONG_KEY
	if re.search(r"balance|credit|رصيد", lowered):
		return NO_BALANCE
	if re.search(r"sender|المرسل", lowered):
		return SENDER
	if re.search(r"number|recipient|الرقم|رقم", lowered):
		return INVALID_NUMBER
	return OTHER


FORM, JSON = "application/x-www-form-urlencoded", "application/json"


@dataclass(frozen=True)
class _Flat:
	"""A gateway whose request is flat fields, a form or JSON of strings: what Frappe's SMS Settings can
	express. Its SMS Settings are the request's own fields, less the text's and the number's."""

	params: Callable[[Account, str, str], dict]
	message: str  # the field of the text
	receiver: str  # the field of the number
	headers: dict

	def request(self, account: Account, number: str, text: str, url: str) -> Request:
		params = self.params(account, number, text)
		if self.headers["Content-Type"] == JSON:
			body = json.dumps(params, ensure_ascii=False)
		else:
			body = urllib.parse.urlencode(params)
		return Request("POST", url, dict(self.headers), body.encode())

	def sms_settings(self, account: Account, url: str) -> dict:
		static = self.params(account, "", "")
		return {
			"sms_gateway_url": url,
			"use_post": 1,
			"message_parameter": self.message,
			"receiver_parameter": self.receiver,
			"parameters": [
				{"parameter": name, "value": value, "header": 0}
				for name, value in static.items()
				if name not in (self.message, self.receiver)
			]
			# a form is what SMS Settings posts when no header says otherwise (messaging.sms)
			+ [
				{"parameter": name, "value": value, "header": 1}
				for name, value in self.headers.items()
				if value != FORM
			],
		}


# ------------------------------------------------------------------ Unifonic
# POST form fields AppSid, SenderID, Body, Recipient (international, no + or 00), responseType=JSON;
# answers {"success": true|false, "message": ..., "errorCode": "ER-00"|...}. Its documented codes:
# ER-01 no rate or insufficient funds, ER-02/03/04 invalid destination number, ER-08 invalid sender
# ID; and as statuses: 401 authentication failed, 402 missing AppSid, 480 this user cannot use the
# sender ID, 410/482 invalid recipient.


def _unifonic_params(account: Account, number: str, text: str) -> dict:
	return {
		"AppSid": account.key,
		"SenderID": account.sender,
		"Body": text,
		"Recipient": number,
		"responseType": "JSON",
	}


def _unifonic_read(preset: Preset, status: int, text: str) -> Outcome:
	data = _json(text)
	if not isinstance(data, dict):
		if 200 <= status < 300:
			return Outcome(False, _short(text) or f"HTTP {status}", OTHER)
		return Outcome(False, f"HTTP {status}: {_short(text)}", _kind(preset, status))
	success = data.get("success") in (True, "true", "True")
	code = data.get("errorCode")
	if 200 <= status < 300 and success and code in (None, "", "ER-00"):
		return Outcome(True, _short(text))
	return Outcome(False, _short(text), _kind(preset, code, status))


# ------------------------------------------------------------------ Taqnyat
# POST JSON {"recipients": [...], "body", "sender"} with `Authorization: Bearer <key>`; accepted as
# HTTP 201 with statusCode 201 and a messageId. Refusals come with an HTTP error status and a
# `message`: 401 an unknown token; 400/403 naming the sender, the balance or the numbers.


def _taqnyat_request(account: Account, number: str, text: str, url: str) -> Request:
	body = {"recipients": [number], "body": text, "sender": account.sender}
	return Request(
		"POST",
		url,
		{
			"Authorization": f"Bearer {account.key}",
			"Content-Type": "application/json",
			"Accept": "application/json",
		},
		json.dumps(body, ensure_ascii=False).encode(),
	)


def _taqnyat_read(preset: Preset, status: int, text: str) -> Outcome:
	data = _json(text)
	data = data if isinstance(data, dict) else {}
	if (
		status in (200, 201)
		and data.get("messageId")
		and str(data.get("statusCode", status)) in ("200", "201")
	):
		return Outcome(True, _short(text))
	if status == 401 or str(data.get("statusCode")) == "401":
		return Outcome(False, _short(text) or f"HTTP {status}", WRONG_KEY)
	return Outcome(
		False, _short(text) or f"HTTP {status}", _kind_from_words(str(data.get("message") or text))
	)


# ------------------------------------------------------------------ Msegat
# POST JSON {"userName", "numbers", "userSender", "apiKey", "msg", "msgEncoding": "UTF8"}; always
# HTTP 200, the outcome in {"code", "message"}: "1" or "M0000" success; 1010 variables missing,
# 1020 / M0002 wrong login (user name or key), 1060 no balance, 1110 sender name missing or
# incorrect, M0023 sender name not active, 1120 mobile numbers not correct.


def _msegat_params(account: Account, number: str, text: str) -> dict:
	return {
		"userName": account.user_name,
		"numbers": number,
		"userSender": account.sender,
		"apiKey": account.key,
		"msg": text,
		"msgEncoding": "UTF8",
	}


def _msegat_read(preset: Preset, status: int, text: str) -> Outcome:
	data = _json(text)
	code = str(data.get("code")) if isinstance(data, dict) and data.get("code") is not None else None
	if 200 <= status < 300 and code in ("1", "M0000"):
		return Outcome(True, _short(text))
	if code is None and not 200 <= status < 300:
		return Outcome(False, f"HTTP {status}: {_short(text)}", OTHER)
	return Outcome(False, _short(text) or f"HTTP {status}", _kind(preset, code))


# ------------------------------------------------------------------ 4jawaly
# POST JSON {"messages": [{"text", "numbers": [...], "sender"}]} with HTTP Basic auth of the API key
# and secret; accepted as HTTP 200 with {"code": 200, "job_id": ...}. Refusals: 401 wrong key or
# secret; otherwise an error status (or a code other than 200) whose `message` names the balance,
# the sender or the numbers, in Arabic or English.


def _fourjawaly_request(account: Account, number: str, text: str, url: str) -> Request:
	token = base64.b64encode(f"{account.key}:{account.secret}".encode()).decode()
	body = {"messages": [{"text": text, "numbers": [number], "sender": account.sender}]}
	return Request(
		"POST",
		url,
		{
			"Authorization": f"Basic {token}",
			"Content-Type": "application/json",
			"Accept": "application/json",
		},
		json.dumps(body, ensure_ascii=False).encode(),
	)


def _fourjawaly_read(preset: Preset, status: int, text: str) -> Outcome:
	data = _json(text)
	data = data if isinstance(data, dict) else {}
	code = str(data.get("code", status))
	if 200 <= status < 300 and code == "200" and data.get("job_id"):
		return Outcome(True, _short(text))
	if status == 401 or code == "401":
		return Outcome(False, _short(text) or f"HTTP {status}", WRONG_KEY)
	words = " ".join(
		str(part)
		for part in [data.get("message")]
		+ [m.get("err_text") for m in data.get("messages") or [] if isinstance(m, dict)]
		if part
	)
	return Outcome(False, _short(text) or f"HTTP {status}", _kind_from_words(words or text))


PRESETS = {
	"Unifonic": Preset(
		"Unifonic",
		"https://el.cloud.unifonic.com/rest/SMS/messages",
		codes={
			"ER-01": NO_BALANCE,
			"ER-02": INVALID_NUMBER,
			"ER-03": INVALID_NUMBER,
			"ER-04": INVALID_NUMBER,
			"ER-08": SENDER,
			"401": WRONG_KEY,
			"402": WRONG_KEY,
			"410": INVALID_NUMBER,
			"480": SENDER,
			"482": INVALID_NUMBER,
		},
	),
	"Taqnyat": Preset("Taqnyat", "https://api.taqnyat.sa/v1/messages"),
	"Msegat": Preset(
		"Msegat",
		"https://www.msegat.com/gw/sendsms.php",
		needs_user_name=True,
		codes={
			"1020": WRONG_KEY,
			"M0002": WRONG_KEY,
			"1060": NO_BALANCE,
			"1110": SENDER,
			"M0023": SENDER,
			"1120": INVALID_NUMBER,
		},
	),
	"4jawaly": Preset(
		"4jawaly",
		"https://api-sms.4jawaly.com/api/v1/account/area/sms/send",
		needs_secret=True,
	),
}

_FLAT = {
	"Unifonic": _Flat(_unifonic_params, "Body", "Recipient", {"Content-Type": FORM, "Accept": JSON}),
	"Msegat": _Flat(_msegat_params, "msg", "numbers", {"Content-Type": JSON, "Accept": JSON}),
}
_REQUESTS = {
	**{name: flat.request for name, flat in _FLAT.items()},
	"Taqnyat": _taqnyat_request,
	"4jawaly": _fourjawaly_request,
}
_READERS = {
	"Unifonic": _unifonic_read,
	"Taqnyat": _taqnyat_read,
	"Msegat": _msegat_read,
	"4jawaly": _fourjawaly_read,
}


def missing(preset: Preset, account: Account) -> list[str]:
	"""What the administrator has not typed yet, as the settings' field names."""
	needed = {"sms_api_key": account.key, "sms_sender_name": account.sender}
	if preset.needs_secret:
		needed["sms_api_secret"] = account.secret
	if preset.needs_user_name:
		needed["sms_user_name"] = account.user_name
	return [name for name, value in needed.items() if not (value or "").strip()]


SENDER_NAME = re.compile(r"[A-Za-z0-9 .\-&]{1,11}")


def valid_sender_name(name: str) -> bool:
	"""An alphanumeric sender ID, as the Saudi regulator (CST) registers them: up to 11 Latin letters,
	digits, spaces and a few marks."""
	return bool(SENDER_NAME.fullmatch((name or "").strip()))
