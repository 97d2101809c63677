"""The report's period and title.

A board report covers a fiscal quarter, four months, half-year or year (against the fiscal year's first
month in the settings) or, for a special report, any range. It may be drafted only once its period has
ended; the title is the association's own: «تقرير معالجة شكاوى واستفسارات ومقترحات المستفيدين — النصف
الأول من العام المالي 2025م».
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from beneficiary_care.core.board.numbers import Numbers
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.periods import (
	Period,
	PeriodKind,
	date_range,
	fiscal_period,
	fiscal_year_label,
	period_containing,
)

SPECIAL = "Special"  # the report kind of a special report over any range (seed ثالثاً/٣)
REPORT_KINDS = ("Quarter", "Four Months", "Half-Year", "Year", SPECIAL)

MSG_NOT_ENDED = "the period ends on {last_day}: a report can be drafted once its period has ended"
MSG_REQUIRED = "is required for a {kind} report"

# the period's name inside the title, by kind and position in the fiscal year
PERIOD_NAMES = {
	PeriodKind.QUARTER: (
		"the first quarter of the fiscal year {0}",
		"the second quarter of the fiscal year {0}",
		"the third quarter of the fiscal year {0}",
		"the fourth quarter of the fiscal year {0}",
	),
	PeriodKind.FOUR_MONTHS: (
		"the first four months of the fiscal year {0}",
		"the second four months of the fiscal year {0}",
		"the third four months of the fiscal year {0}",
	),
	PeriodKind.HALF_YEAR: (
		"the first half of the fiscal year {0}",
		"the second half of the fiscal year {0}",
	),
	PeriodKind.YEAR: ("the fiscal year {0}",),
}
TITLE = "Report on the Handling of Beneficiaries' Complaints, Inquiries and Suggestions — {0}"
SPECIAL_TITLE = "Special Report — {0} — {1}"
RANGE_NAME = "the period from {0} to {1}"


@dataclass(frozen=True)
class ReportPeriod:
	kind: str  # one of REPORT_KINDS
	fiscal_year: int | None = None
	index: int | None = None
	from_date: dt.date | None = None
	to_date: dt.date | None = None


def resolve(spec: ReportPeriod, fiscal_start_month: int = 1) -> Period:
	"""The dates of the report's period; a CoreValidationError names the field that is missing."""
	if spec.kind == SPECIAL:
		if not spec.from_date:
			raise CoreValidationError("from_date", MSG_REQUIRED, kind=spec.kind)
		if not spec.to_date:
			raise CoreValidationError("to_date", MSG_REQUIRED, kind=spec.kind)
		return date_range(spec.from_date, spec.to_date)
	if not spec.fiscal_year:
		raise CoreValidationError("fiscal_year", MSG_REQUIRED, kind=spec.kind)
	kind = PeriodKind(spec.kind)
	index = 1 if kind is PeriodKind.YEAR else spec.index
	if not index:
		raise CoreValidationError("period_index", MSG_REQUIRED, kind=spec.kind)
	return fiscal_period(kind, spec.fiscal_year, index, fiscal_start_month)


def check_ended(period: Period, today: dt.date, field: str = "to_date") -> None:
	"""A report's figures are final only once its period is over (its last day before today)."""
	if period.end > today:
		raise CoreValidationError(field, MSG_NOT_ENDED, last_day=period.last_day)


def period_name(period: Period, numbers: Numbers, fiscal_start_month: int = 1) -> str:
	_ = numbers._
	if period.kind is PeriodKind.RANGE or period.fiscal_year is None:
		return _(RANGE_NAME).format(numbers.gregorian(period.start), numbers.gregorian(period.last_day))
	year = numbers.plain(fiscal_year_label(period.fiscal_year, fiscal_start_month))
	return _(PERIOD_NAMES[period.kind][period.index - 1]).format(year)


def title(period: Period, numbers: Numbers, fiscal_start_month: int = 1, subject: str = "") -> str:
	name = period_name(period, numbers, fiscal_start_month)
	if subject:
		return numbers._(SPECIAL_TITLE).format(subject, name)
	return numbers._(TITLE).format(name)


def due_for_drafting(
	today: dt.date, kind: str, fiscal_start_month: int = 1, grace_days: int = 7
) -> Period | None:
	"""The period of `kind` that ended most recently, if it ended within the last `grace_days` days: the
	scheduled job drafts its report then, and still does after a few days without a scheduler."""
	current = period_containing(today, PeriodKind(kind), fiscal_start_month)
	ended = period_containing(current.start - dt.timedelta(days=1), PeriodKind(kind), fiscal_start_month)
	return ended if (today - ended.end).days < grace_days else None
