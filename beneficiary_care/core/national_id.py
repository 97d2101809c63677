"""Saudi national ID (citizens, starting with 1) and iqama (residents, starting with 2).

Ten digits; the last is a Luhn check digit over the first nine. People type them with Arabic-Indic
digits, spaces or dashes: those are accepted and folded. Everywhere but the staff form only the last
four digits are shown (`mask_national_id`).
"""

from __future__ import annotations

import re

from beneficiary_care.core.digits import to_ascii_digits
from beneficiary_care.core.errors import CoreValidationError

_SEPARATORS = re.compile(r"[\s\-\u200f\u200e]")

MSG_ID_DIGITS = "must be 10 digits, got {value}"
MSG_ID_PREFIX = "must start with 1 (citizen) or 2 (resident)"
MSG_ID_CHECKSUM = "{value} is not valid: its check digit does not match"


def normalize_national_id(value: str) -> str:
	"""Digits only, ASCII, no separators (no validation)."""
	return _SEPARATORS.sub("", to_ascii_digits(value or "").strip())


def luhn_check_digit(first_nine: str) -> int:
	"""The check digit that completes nine digits to a valid Saudi ID."""
	total = 0
	for index, char in enumerate(first_nine):
		digit = int(char)
		if index % 2 == 0:
			digit *= 2
			if digit > 9:
				digit -= 9
		total += digit
	return (10 - total % 10) % 10


def validate_national_id(value: str, field: str = "national_id") -> str:
	"""Return the normalised ID or raise CoreValidationError naming `field`."""
	normalized = normalize_national_id(value)
	if not (len(normalized) == 10 and normalized.isascii() and normalized.isdigit()):
		raise CoreValidationError(field, MSG_ID_DIGITS, value=value)
	if normalized[0] not in "12":
		raise CoreValidationError(field, MSG_ID_PREFIX)
	if luhn_check_digit(normalized[:9]) != int(normalized[9]):
		raise CoreValidationError(field, MSG_ID_CHECKSUM, value=normalized)
	return normalized


def is_valid_national_id(value: str) -> bool:
	try:
		validate_national_id(value)
	except CoreValidationError:
		return False
	return True


def mask_national_id(value: str | None) -> str:
	"""Only the last four digits: '******1234'. Empty stays empty."""
	normalized = normalize_national_id(value or "")
	if not normalized:
		return ""
	visible = normalized[-4:]
	return "*" * (len(normalized) - len(visible)) + visible
