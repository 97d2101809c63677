"""Login by mobile for beneficiaries: one-time codes sent by SMS, and the account a code opens.

- A code is six random digits, valid VALID_MINUTES, used once, refused after MAX_TRIES wrong tries;
  a mobile gets at most CODES_PER_HOUR codes an hour. A new code voids the earlier ones (only the
  newest is checked).
- Only an HMAC of the code is stored: keyed by the site's secret, over the row's name and the code,
  so equal codes never hash alike and a copy of the database alone does not give them back (a six-digit
  code hashed without a secret is found by trying all 10^6).
- A beneficiary with no email is Frappe User `9665XXXXXXXX@mobile.invalid`: the mobile's digits at a
  domain of the reserved TLD `.invalid` (RFC 2606), which never resolves, so nothing is ever mailed
  to it. The same mobile always gives the same name, and the name gives the mobile back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable

from beneficiary_care.core.digits import to_ascii_digits
from beneficiary_care.core.phone import is_saudi_mobile, normalize_saudi_mobile

CODE_DIGITS = 6
VALID_MINUTES = 10
MAX_TRIES = 5
CODES_PER_HOUR = 3
# A refused code is answered no sooner than this, whether the mobile has codes or not (see padding).
RESPONSE_FLOOR_SECONDS = 0.4
# Codes (and their messages) are kept this long for the record, then deleted.
KEEP_DAYS = 30

MOBILE_USER_DOMAIN = "mobile.invalid"
_MOBILE_USER = re.compile(r"(9665\d{8})@" + re.escape(MOBILE_USER_DOMAIN))
_CODE_IN_TEXT = re.compile(rf"(?<![0-9])[0-9]{{{CODE_DIGITS}}}(?![0-9])")
_SPACES = re.compile(r"[\s\-\u200e\u200f]")
MASK = "•" * CODE_DIGITS

ACCEPTED, WRONG, EXPIRED, USED, LOCKED, UNKNOWN = "accepted", "wrong", "expired", "used", "locked", "unknown"


# ------------------------------------------------------------------ codes


def new_code() -> str:
	"""Six digits from the operating system's random source; leading zeros kept."""
	return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(code: str, row: str, secret: str) -> str:
	"""HMAC-SHA256 of the row's name and the code, keyed by the site's secret."""
	return hmac.new(secret.encode(), f"{row}:{code}".encode(), hashlib.sha256).hexdigest()


def matches(code: str, row: str, secret: str, code_hash: str) -> bool:
	return hmac.compare_digest(hash_code(code, row, secret), code_hash or "")


def normalize_code(value: str | None) -> str | None:
	"""The code as typed (Arabic-Indic digits, spaces or dashes allowed) → six ASCII digits, or None."""
	if not value or len(value) > 3 * CODE_DIGITS:
		return None
	code = _SPACES.sub("", to_ascii_digits(value))
	return code if len(code) == CODE_DIGITS and code.isascii() and code.isdigit() else None


def expiry(now: dt.datetime) -> dt.datetime:
	return now + dt.timedelta(minutes=VALID_MINUTES)


def check(
	*,
	code: str,
	row: str | None,
	code_hash: str | None,
	expires_on: dt.datetime | None,
	used_on: dt.datetime | None,
	tries: int,
	now: dt.datetime,
	secret: str,
) -> str:
	"""The verdict on a code typed for the newest code row of a mobile (`row` None: it has none).
	Only WRONG counts a try; every verdict but ACCEPTED refuses."""
	if not row:
		return UNKNOWN
	if used_on is not None:
		return USED
	if (tries or 0) >= MAX_TRIES:
		return LOCKED
	if expires_on is None or now >= expires_on:
		return EXPIRED
	return ACCEPTED if matches(code, row, secret, code_hash or "") else WRONG


def may_send(sent_on: Iterable[dt.datetime], now: dt.datetime) -> bool:
	"""Whether a mobile that was sent codes at `sent_on` may get another one now (CODES_PER_HOUR)."""
	since = now - dt.timedelta(hours=1)
	return sum(1 for moment in sent_on if since < moment <= now) < CODES_PER_HOUR


def padding(elapsed: float, floor: float = RESPONSE_FLOOR_SECONDS) -> float:
	"""How long to wait before refusing a code whose check took `elapsed` seconds, so that a mobile
	with codes (a wrong try written) and one without (nothing) are refused alike."""
	return max(0.0, floor - max(0.0, elapsed))


def redact_codes(text: str) -> str:
	"""The message text with every six-digit run masked: what is kept once a code's SMS is sent."""
	return _CODE_IN_TEXT.sub(MASK, text or "")


# ------------------------------------------------------------------ the account a code opens


def mobile_user_name(mobile: str) -> str:
	"""The Frappe User (an email) of a beneficiary known only by their mobile, in any typed form."""
	return normalize_saudi_mobile(mobile).lstrip("+") + "@" + MOBILE_USER_DOMAIN


def mobile_of_user_name(user: str | None) -> str | None:
	"""+9665XXXXXXXX for a name made by mobile_user_name, else None."""
	match = _MOBILE_USER.fullmatch((user or "").strip().lower())
	return "+" + match.group(1) if match else None


def verified_mobile(mobile_no: str | None) -> str | None:
	"""A portal user's mobile (User.mobile_no, set when a code proved it) in the form cases store."""
	return normalize_saudi_mobile(mobile_no) if mobile_no and is_saudi_mobile(mobile_no) else None


def may_log_in_by_code(user: str, user_type: str | None, enabled: bool) -> bool:
	"""A code opens only an enabled portal account: never a desk user's (their password and second
	factor are not to be bypassed by an SMS), never Administrator or Guest."""
	return user not in ("Administrator", "Guest") and bool(enabled) and user_type == "Website User"


def local_path(value: str | None, default: str = "/my-cases") -> str:
	"""Where to go after logging in: `value` if it is a path on this site, else `default`. Refused:
	anything not starting with "/", "//host" and "/\\host" (other sites to a browser), controls."""
	if (
		not value
		or len(value) > 500
		or not value.startswith("/")
		or value.startswith("//")
		or "\\" in value
		or any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in value)
	):
		return default
	return value


def first_name(full_name: str | None, mobile: str) -> str:
	"""The new user's first name: the beneficiary file's name, else the mobile as people read it."""
	name = " ".join((full_name or "").split())[:140]
	return name or "0" + normalize_saudi_mobile(mobile)[4:]
