"""Saudi public holidays proposed for a year, and Ramadan's working hours proposed for a Hijri year,
for staff to confirm in the working calendar.

The Eids and Ramadan follow the Umm al-Qura calendar (hijridate); the official dates and lengths are
announced each year, so these are proposals. Founding Day (22 February) and National Day
(23 September) are fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from hijridate import Gregorian, Hijri
from hijridate.ummalqura import HIJRI_RANGE

from beneficiary_care.core.errors import CoreValidationError

EID_AL_FITR_DAYS = 4  # 1–4 Shawwal
EID_AL_ADHA_FROM_DAY, EID_AL_ADHA_DAYS = 9, 4  # Arafat day (9 Dhu al-Hijjah) to 12 Dhu al-Hijjah
RAMADAN = 9
RAMADAN_START, RAMADAN_END = dt.time(10), dt.time(15)  # unless Beneficiary Care Settings say otherwise
SUNDAY_TO_THURSDAY = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday")
FIRST_HIJRI_YEAR, LAST_HIJRI_YEAR = HIJRI_RANGE[0][0], HIJRI_RANGE[1][0]

MSG_HIJRI_YEAR = "the Umm al-Qura calendar covers the Hijri years {first} to {last}, not {year}"


@dataclass(frozen=True)
class ProposedHoliday:
	from_date: dt.date
	to_date: dt.date
	description: str


def _hijri_to_date(year: int, month: int, day: int) -> dt.date:
	gregorian = Hijri(year, month, day).to_gregorian()
	return dt.date(gregorian.year, gregorian.month, gregorian.day)


def proposed_holidays(year: int) -> list[ProposedHoliday]:
	"""Holidays starting in Gregorian `year`, in date order."""
	proposals = [
		ProposedHoliday(dt.date(year, 2, 22), dt.date(year, 2, 22), "يوم التأسيس"),
		ProposedHoliday(dt.date(year, 9, 23), dt.date(year, 9, 23), "اليوم الوطني"),
	]
	first_hijri = Gregorian(year, 1, 1).to_hijri().year
	for hijri_year in (first_hijri, first_hijri + 1):
		fitr = _hijri_to_date(hijri_year, 10, 1)
		adha = _hijri_to_date(hijri_year, 12, EID_AL_ADHA_FROM_DAY)
		proposals.append(ProposedHoliday(fitr, fitr + dt.timedelta(days=EID_AL_FITR_DAYS - 1), "عيد الفطر"))
		proposals.append(ProposedHoliday(adha, adha + dt.timedelta(days=EID_AL_ADHA_DAYS - 1), "عيد الأضحى"))
	return sorted((p for p in proposals if p.from_date.year == year), key=lambda p: p.from_date)


@dataclass(frozen=True)
class ProposedPeriod:
	label: str
	from_date: dt.date
	to_date: dt.date
	windows: tuple[tuple[str, dt.time, dt.time], ...]  # (weekday, from, to)


def proposed_ramadan(
	hijri_year: int,
	start: dt.time = RAMADAN_START,
	end: dt.time = RAMADAN_END,
	weekdays: Iterable[str] = SUNDAY_TO_THURSDAY,
	field: str = "periods",
) -> ProposedPeriod:
	"""Ramadan of `hijri_year` (1 Ramadan to the month's last day, Umm al-Qura), with `start`–`end` on
	each of `weekdays` (the calendar's working days). A year hijridate does not cover is refused."""
	try:
		first = Hijri(hijri_year, RAMADAN, 1)
		last = Hijri(hijri_year, RAMADAN, first.month_length())
	except (OverflowError, ValueError):
		raise CoreValidationError(
			field, MSG_HIJRI_YEAR, year=hijri_year, first=FIRST_HIJRI_YEAR, last=LAST_HIJRI_YEAR
		) from None
	return ProposedPeriod(
		f"رمضان {hijri_year}",
		_hijri_to_date(first.year, first.month, first.day),
		_hijri_to_date(last.year, last.month, last.day),
		tuple((weekday, start, end) for weekday in dict.fromkeys(weekdays)),
	)


def hijri_label(day: dt.date) -> str:
	"""The Umm al-Qura date as people write it beside the Gregorian one: 1448/05/06 هـ."""
	hijri = Gregorian(day.year, day.month, day.day).to_hijri()
	return f"{hijri.year}/{hijri.month:02d}/{hijri.day:02d} هـ"
