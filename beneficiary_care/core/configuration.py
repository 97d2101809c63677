"""Checks on the association's configuration records: calendars, SLA policies, settings.

Each raises CoreValidationError naming the field (child-table rows are named by their row number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.working_time import WEEKDAYS

MSG_TIME_ZONE = "{value} is not a known time zone"
MSG_WINDOW_ORDER = "row {row}: the end {end} must be after the start {start}"
MSG_WINDOW_OVERLAP = "row {row}: {weekday} {start}–{end} overlaps row {other}"
MSG_WINDOW_DAY = "row {row}: {weekday} is not a day of the week"
MSG_NO_WINDOWS = "at least one working window is needed"
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


def check_time_zone(name: str, field: str = "time_zone") -> str:
	try:
		ZoneInfo(name)
	except (ZoneInfoNotFoundError, ValueError):
		raise CoreValidationError(field, MSG_TIME_ZONE, value=name) from None
	return name


def check_windows(windows: Sequence[Window], field: str = "windows") -> None:
	"""Every window ends after it starts; windows of one day do not overlap (they may touch)."""
	if not windows:
		raise CoreValidationError(field, MSG_NO_WINDOWS)
	seen: dict[str, list[tuple[int, Window]]] = {}
	for row, window in enumerate(windows, start=1):
		if window.weekday not in WEEKDAYS:
			raise CoreValidationError(field, MSG_WINDOW_DAY, row=row, weekday=window.weekday)
		if window.end <= window.start:
			raise CoreValidationError(
				field, MSG_WINDOW_ORDER, row=row, start=_hm(window.start), end=_hm(window.end)
			)
		for other_row, other in seen.get(window.weekday, []):
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
		seen.setdefault(window.weekday, []).append((row, window))


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
