"""Reporting periods and year-on-year comparison (KPIS.md, "Population and period").

A period is a half-open range of dates [start, end). Fiscal periods count from the fiscal year's first
month (a setting; 1 means the calendar year). Kinds: quarter (3 months), four months (trimester),
half-year, year, and any from–to range. A case belongs to a period by its opening time in the
association's time zone; the adapter compares `received_on >= start` and `< end`, which keeps the last
day's afternoon (no BETWEEN).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from beneficiary_care.core.errors import CoreValidationError


class PeriodKind(str, Enum):
	QUARTER = "Quarter"
	FOUR_MONTHS = "Four Months"
	HALF_YEAR = "Half-Year"
	YEAR = "Year"
	RANGE = "Range"


MONTHS_IN = {
	PeriodKind.QUARTER: 3,
	PeriodKind.FOUR_MONTHS: 4,
	PeriodKind.HALF_YEAR: 6,
	PeriodKind.YEAR: 12,
}

MSG_PERIOD_INDEX = "must be between 1 and {count}"
MSG_FISCAL_MONTH = "must be between 1 and 12"
MSG_RANGE_ORDER = "{to_date} is before the start date {from_date}"


@dataclass(frozen=True)
class Period:
	start: dt.date  # first day, inclusive
	end: dt.date  # day after the last day, exclusive
	kind: PeriodKind
	fiscal_year: int | None = None  # calendar year in which the fiscal year starts
	index: int | None = None  # 1-based position inside the fiscal year

	@property
	def last_day(self) -> dt.date:
		return self.end - dt.timedelta(days=1)

	@property
	def days(self) -> int:
		return (self.end - self.start).days

	def contains(self, day: dt.date) -> bool:
		return self.start <= day < self.end

	def start_datetime(self) -> dt.datetime:
		return dt.datetime.combine(self.start, dt.time.min)

	def end_datetime(self) -> dt.datetime:
		"""Exclusive upper bound for a datetime column: midnight after the last day."""
		return dt.datetime.combine(self.end, dt.time.min)


def add_months(day: dt.date, months: int) -> dt.date:
	"""Same day-of-month `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
	month_index = day.year * 12 + (day.month - 1) + months
	year, month = divmod(month_index, 12)
	month += 1
	return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _check_month(start_month: int) -> None:
	if not 1 <= start_month <= 12:
		raise CoreValidationError("fiscal_year_start_month", MSG_FISCAL_MONTH)


def fiscal_year_of(day: dt.date, start_month: int = 1) -> int:
	"""The calendar year in which the fiscal year holding `day` starts."""
	_check_month(start_month)
	return day.year if day.month >= start_month else day.year - 1


def fiscal_year_label(fiscal_year: int, start_month: int = 1) -> str:
	"""'2023' for a calendar fiscal year, '2023/2024' when it straddles two calendar years."""
	return str(fiscal_year) if start_month == 1 else f"{fiscal_year}/{fiscal_year + 1}"


def fiscal_period(kind: PeriodKind, fiscal_year: int, index: int = 1, start_month: int = 1) -> Period:
	"""The `index`-th period of `kind` in `fiscal_year` (e.g. the 2nd quarter of FY 2023)."""
	_check_month(start_month)
	kind = PeriodKind(kind)
	if kind is PeriodKind.RANGE:
		raise ValueError("a range has no fiscal position; use date_range()")
	months = MONTHS_IN[kind]
	count = 12 // months
	if not 1 <= index <= count:
		raise CoreValidationError("period_index", MSG_PERIOD_INDEX, count=count)
	year_start = dt.date(fiscal_year, start_month, 1)
	start = add_months(year_start, months * (index - 1))
	return Period(start, add_months(start, months), kind, fiscal_year, index)


def period_containing(day: dt.date, kind: PeriodKind, start_month: int = 1) -> Period:
	"""The fiscal period of `kind` that holds `day`."""
	kind = PeriodKind(kind)
	fiscal_year = fiscal_year_of(day, start_month)
	months_in = (day.year * 12 + day.month) - (fiscal_year * 12 + start_month)
	return fiscal_period(kind, fiscal_year, months_in // MONTHS_IN[kind] + 1, start_month)


def date_range(from_date: dt.date, to_date: dt.date) -> Period:
	"""Any from–to range, both days included."""
	if to_date < from_date:
		raise CoreValidationError("to_date", MSG_RANGE_ORDER, from_date=from_date, to_date=to_date)
	return Period(from_date, to_date + dt.timedelta(days=1), PeriodKind.RANGE)


def _shift_year(day: dt.date, years: int) -> dt.date:
	try:
		return day.replace(year=day.year + years)
	except ValueError:  # 29 February in a year without one
		return dt.date(day.year + years, 2, 28)


def same_period_previous_year(period: Period) -> Period:
	"""The same period one year earlier: same fiscal position, or the range's dates a year back.

	A range ending on 29 February ends on 28 February a year earlier (the day after is 1 March either
	way, so the previous range covers the same calendar span).
	"""
	if period.kind is not PeriodKind.RANGE and period.fiscal_year is not None:
		return Period(
			_shift_year(period.start, -1),
			_shift_year(period.end, -1),
			period.kind,
			period.fiscal_year - 1,
			period.index,
		)
	return date_range(_shift_year(period.start, -1), _shift_year(period.last_day, -1))


TWO_PLACES = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
	"""Round half away from zero to two decimals, as people round percentages by hand."""
	return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Change:
	"""Change against the same period a year earlier. `percent` is None when previous is 0 ("new")."""

	current: int | Decimal
	previous: int | Decimal
	percent: Decimal | None

	@property
	def is_new(self) -> bool:
		return self.percent is None


def percent_change(current: int | Decimal, previous: int | Decimal) -> Change:
	"""(current − previous) / previous × 100, rounded to two decimals; previous = 0 is "new"."""
	if previous == 0:
		return Change(current, previous, None)
	percent = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
	return Change(current, previous, round2(percent))
