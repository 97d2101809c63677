"""Digits as people type them: Arabic-Indic (٠١٢…) and Extended Arabic-Indic (۰۱۲…) besides ASCII."""

from __future__ import annotations

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"
ASCII_DIGITS = "0123456789"

_TO_ASCII = str.maketrans(ARABIC_INDIC + EXTENDED_ARABIC_INDIC, ASCII_DIGITS * 2)
_TO_ARABIC_INDIC = str.maketrans(ASCII_DIGITS, ARABIC_INDIC)


def to_ascii_digits(text: str) -> str:
	"""Replace Arabic-Indic and Extended Arabic-Indic digits by ASCII digits; leave the rest."""
	return text.translate(_TO_ASCII)


def to_arabic_indic_digits(text: str) -> str:
	"""Replace ASCII digits by Arabic-Indic digits (for display when the setting asks for it)."""
	return text.translate(_TO_ARABIC_INDIC)
