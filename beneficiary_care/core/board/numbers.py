"""How the board's report writes numbers and dates.

Arabic-Indic digits (٠١٢…, with ٫ for the decimal point and ٪ for percent) when the settings ask for
them, otherwise Western digits. Every number is wrapped in a left-to-right isolate (U+2066 … U+2069),
so that "+48.85%" or "2023/2024" reads left to right inside Arabic text, in the PDF and in the
summary's plain text alike. With Arabic-Indic digits the sign and ٪ stay outside the isolate, so they
read as Arabic writes them: the sign first, ٪ after the number (to its left on the page). Dates are Gregorian with the Hijri (Umm al-Qura) date beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from hijridate import Gregorian

from beneficiary_care.core.digits import to_arabic_indic_digits
from beneficiary_care.core.periods import Change

LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate and its end

GREGORIAN_MONTHS = (
	"January",
	"February",
	"March",
	"April",
	"May",
	"June",
	"July",
	"August",
	"September",
	"October",
	"November",
	"December",
)

Translate = Callable[[str], str]


def _identity(text: str) -> str:
	return text


@dataclass(frozen=True)
class Numbers:
	"""Formats numbers and dates for one report: `arabic_indic` digits or not, `language` for the
	Hijri month names, `_` for the words."""

	arabic_indic: bool = False
	language: str = "ar"
	_: Translate = _identity

	def digits(self, text: str) -> str:
		if not self.arabic_indic:
			return text
		return to_arabic_indic_digits(text).replace(".", "٫").replace("%", "٪")

	def isolate(self, text: str) -> str:
		return f"{LRI}{text}{PDI}"

	def count(self, value: int | None) -> str:
		return "—" if value is None else self.isolate(self.digits(str(int(value))))

	def plain(self, value: int | str) -> str:
		"""A number without the isolate (page numbers, years inside a word)."""
		return self.digits(str(value))

	def _percent(self, value: Decimal, sign: str = "") -> str:
		if self.arabic_indic:
			return f"{sign}{self.isolate(self.digits(f'{abs(value):.2f}'))}٪"
		return self.isolate(f"{sign}{abs(value):.2f}%")

	def percent(self, value: Decimal | None) -> str:
		"""'48.85%'; '—' for a rate with no denominator (KPIS.md)."""
		if value is None:
			return "—"
		return self._percent(value, "-" if value < 0 else "")

	def change(self, change: Change) -> str:
		"""'+48.85%', '-12.00%', 'new' when there was nothing a year earlier, '—' when neither had any."""
		if change.is_new:
			return "—" if not change.current else self._("new")
		return self._percent(change.percent, "+" if change.percent > 0 else "-" if change.percent < 0 else "")

	def hours(self, seconds: float | None) -> str:
		return "—" if seconds is None else self.isolate(self.digits(f"{seconds / 3600:.2f}"))

	def gregorian(self, day: dt.date) -> str:
		"""'30 June 2023' (Arabic: '٣٠ يونيو ٢٠٢٣م' through the translation of 'the year {0} AD')."""
		month = self._(GREGORIAN_MONTHS[day.month - 1])
		return f"{self.plain(day.day)} {month} " + self._("{0} AD").format(self.plain(day.year))

	def hijri(self, day: dt.date) -> str:
		"""The Umm al-Qura date: '12 ذو الحجة 1444 هـ'."""
		h = Gregorian(day.year, day.month, day.day).to_hijri()
		name = h.month_name("ar" if self.language.startswith("ar") else "en")
		return f"{self.plain(h.day)} {name} " + self._("{0} AH").format(self.plain(h.year))

	def both(self, day: dt.date) -> str:
		"""Gregorian with the Hijri date beside it."""
		return self._("{0}, corresponding to {1}").format(self.gregorian(day), self.hijri(day))
