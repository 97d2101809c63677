"""Saudi mobile numbers, stored in one canonical form: +9665XXXXXXXX.

Accepted as typed: 05XXXXXXXX, 5XXXXXXXX, 9665XXXXXXXX, +9665XXXXXXXX, 009665XXXXXXXX, with spaces,
dashes, dots or parentheses, in ASCII or Arabic-Indic digits.
"""

from __future__ import annotations

import re

from beneficiary_care.core.digits import to_ascii_digits
from beneficiary_care.core.errors import CoreValidationError

_NOISE = re.compile(r"[\s\-\.\(\)\u200f\u200e\u202a-\u202e]")
_NATIONAL = re.compile(r"5\d{8}")

MSG_MOBILE = "{value} is not a Saudi mobile number: use 05XXXXXXXX or +9665XXXXXXXX"


def normalize_saudi_mobile(value: str, field: str = "mobile") -> str:
	"""Return +9665XXXXXXXX or raise CoreValidationError naming `field`."""
	raw = value or ""
	digits = _NOISE.sub("", to_ascii_digits(raw).strip())
	if digits.startswith("+"):
		digits = digits[1:]
	elif digits.startswith("00"):
		digits = digits[2:]
	if digits.startswith("966"):
		national = digits[3:]
		if national.startswith("0"):  # +966 05… is a common slip
			national = national[1:]
	elif digits.startswith("0"):
		national = digits[1:]
	else:
		national = digits
	if not (national.isascii() and _NATIONAL.fullmatch(national)):
		raise CoreValidationError(field, MSG_MOBILE, value=raw.strip())
	return "+966" + national


def is_saudi_mobile(value: str) -> bool:
	try:
		normalize_saudi_mobile(value)
	except CoreValidationError:
		return False
	return True


def local_mobile(canonical: str) -> str:
	"""+9665XXXXXXXX → 05XXXXXXXX, the form people read aloud."""
	return "0" + canonical[4:] if canonical.startswith("+966") else canonical


def for_gateway(canonical: str, number_format: str = "9665XXXXXXXX") -> str:
	"""A stored +9665XXXXXXXX number in the form an SMS gateway expects."""
	if number_format == "+9665XXXXXXXX":
		return canonical
	if number_format == "05XXXXXXXX":
		return local_mobile(canonical)
	return canonical.lstrip("+")
