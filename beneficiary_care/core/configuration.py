"""Checks on the association's configuration records: calendars, SLA policies, settings.

Each raises CoreValidationError naming the field (child-table rows are named by their row number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.working_time import WEEKDAYS

MSG_TIME_ZONE = "{value} is not a known time zone"
MSG_WINDOW_ORDER = "row {row}: the end {end} must be after the start {start}"
MSG_WINDOW_OVERLAP = "row {row}: {weekday} {start}–{end} overlaps row {other}"
MSG_WINDOW_DAY = "row {row}: {weekday} is not a day of the week"
MSG_NO_WINDOWS = "at least one working window is needed"
MSG_NO_REGULAR_WINDOWS = "at least one window of the regular week (with no period) is needed"
MSG_WINDOW_PERIOD = "row {row}: no special period is labelled {period}"
MSG_PERIOD_LABEL = "row {row}: the special period needs a label"
MSG_PERIOD_LABEL_REPEATED = "row {row}: the label {label} is already row {other}"
MSG_PERIOD_ORDER = "row {row}: the special period ends ({to_date}) before it starts ({from_date})"
MSG_PERIOD_OVERLAP = "row {row}: {label} ({from_date} to {to_date}) overlaps row {other} ({other_label})"
MSG_AFTER = "must be after {start}"
MSG_HOLIDAY_ORDER = "row {row}: the holiday ends ({to_date}) before it starts ({from_date})"
MSG_POSITIVE = "must be greater than zero"
MSG_RESPONSE_AFTER_RESOLUTION = "cannot be longer than the resolution time ({resolution} hours)"
MSG_SHARE_STEP = "row {row}: a share of the resolution time must be between 1 and 100"
MSG_HOURS_STEP = "row {row}: hours after the breach cannot be negative"
MSG_STEP_REPEATED = "row {row}: the same step is already row {other}"
MSG_BETWEEN = "must be between {low} and {high}"


@dataclass(frozen=True)
class Window:
	weekday: str
	start: dt.time
	end: dt.time
	period: str = ""  # the label of the special period it belongs to; empty: the regular week


@dataclass(frozen=True)
class SpecialPeriod:
	label: str
	from_date: dt.date
	to_date: dt.date


def check_time_zone(name: str, field: str = "time_zone") -> str:
	try:
		ZoneInfo(name)
	except (ZoneInfoNotFoundError, ValueError):
		raise CoreValidationError(field, MSG_TIME_ZONE, value=name) from None
	return name


def check_windows(windows: Sequence[Window], field: str = "windows", periods: Collection[str] = ()) -> None:
	"""Every window ends after it starts; windows of one day do not overlap (they may touch), in the
	regular week and in each special period (`periods`: their labels) apart; a window names a period
	that exists; the regular week has a window. Rows are numbered as in the one table."""
	if not windows:
		raise CoreValidationError(field, MSG_NO_WINDOWS)
	seen: dict[tuple[str, str], list[tuple[int, Window]]] = {}
	for row, window in enumerate(windows, start=1):
		if window.period and window.period not in periods:
			raise CoreValidationError(field, MSG_WINDOW_PERIOD, row=row, period=window.period)
		if window.weekday not in WEEKDAYS:
			raise CoreValidationError(field, MSG_WINDOW_DAY, row=row, weekday=window.weekday)
		if window.end <= window.start:
			raise CoreValidationError(
				field, MSG_WINDOW_ORDER, row=row, start=_hm(window.start), end=_hm(window.end)
			)
		day = (window.period, window.weekday)
		for other_row, other in seen.get(day, []):
			if window.start < other.end and other.start < window.end:
				raise CoreValidationError(
					field,
					MSG_WINDOW_OVERLAP,
					row=row,
					other=other_row,
					weekday=window.weekday,
					start=_hm(window.start),
					end=_hm(window.end),
				)
		seen.setdefault(day, []).append((row, window))
	if not any(window.period == "" for window in windows):
		raise CoreValidationError(field, MSG_NO_REGULAR_WINDOWS)


def check_periods(periods: Sequence[SpecialPeriod], field: str = "periods") -> None:
	"""Each special period has a label of its own and ends on or after its first day; no two share a
	day (the message names both rows)."""
	for row, period in enumerate(periods, start=1):
		if not (period.label or "").strip():
			raise CoreValidationError(field, MSG_PERIOD_LABEL, row=row)
		if period.to_date < period.from_date:
			raise CoreValidationError(
				field, MSG_PERIOD_ORDER, row=row, from_date=period.from_date, to_date=period.to_date
			)
		for other_row, other in enumerate(periods[: row - 1], start=1):
			if other.label == period.label:
				raise CoreValidationError(
					field, MSG_PERIOD_LABEL_REPEATED, row=row, label=period.label, other=other_row
				)
			if period.from_date <= other.to_date and other.from_date <= period.to_date:
				raise CoreValidationError(
					field,
					MSG_PERIOD_OVERLAP,
					row=row,
					label=period.label,
					from_date=period.from_date,
					to_date=period.to_date,
					other=other_row,
					other_label=other.label,
				)


def check_after(start: dt.time, end: dt.time, field: str) -> None:
	"""A time of day (`end`, the field named) later than another."""
	if end <= start:
		raise CoreValidationError(field, MSG_AFTER, start=_hm(start))


def check_holidays(holidays: Iterable[tuple[dt.date, dt.date | None]], field: str = "holidays") -> None:
	for row, (from_date, to_date) in enumerate(holidays, start=1):
		if to_date and to_date < from_date:
			raise CoreValidationError(field, MSG_HOLIDAY_ORDER, row=row, from_date=from_date, to_date=to_date)


@dataclass(frozen=True)
class EscalationStep:
	trigger: str  # "Share of Resolution Time Used" | "Hours After Breach"
	threshold: float
	action: str


SHARE_TRIGGER = "Share of Resolution Time Used"
HOURS_AFTER_BREACH_TRIGGER = "Hours After Breach"


def check_sla_targets(response_hours: float, resolution_hours: float) -> None:
	if not resolution_hours or resolution_hours <= 0:
		raise CoreValidationError("resolution_hours", MSG_POSITIVE)
	if not response_hours or response_hours <= 0:
		raise CoreValidationError("response_hours", MSG_POSITIVE)
	if response_hours > resolution_hours:
		raise CoreValidationError(
			"response_hours", MSG_RESPONSE_AFTER_RESOLUTION, resolution=_number(resolution_hours)
		)


def check_escalation_steps(steps: Sequence[EscalationStep], field: str = "escalation_steps") -> None:
	seen: dict[tuple[str, float, str], int] = {}
	for row, step in enumerate(steps, start=1):
		if step.trigger == SHARE_TRIGGER and not 0 < step.threshold <= 100:
			raise CoreValidationError(field, MSG_SHARE_STEP, row=row)
		if step.trigger == HOURS_AFTER_BREACH_TRIGGER and step.threshold < 0:
			raise CoreValidationError(field, MSG_HOURS_STEP, row=row)
		key = (step.trigger, float(step.threshold), step.action)
		if key in seen:
			raise CoreValidationError(field, MSG_STEP_REPEATED, row=row, other=seen[key])
		seen[key] = row


def check_between(value: float, low: float, high: float, field: str) -> None:
	if value is None or not low <= value <= high:
		raise CoreValidationError(field, MSG_BETWEEN, low=_number(low), high=_number(high))


def _hm(value: dt.time) -> str:
	return value.strftime("%H:%M")


def _number(value: float) -> str:
	return f"{value:g}"
