"""Working time on an association's calendar: weekly windows (several a day allowed), dated holidays.

Two operations, exact to the second: the working time between two instants, and the instant a working
duration after a given one. Both are arithmetic over windows and whole weeks — never a walk second by
second or day by day over the span — so a 30-working-day deadline costs about what a 1-hour one does:
a week holds a known number of working seconds, and the holidays inside any date range are found by
bisection in a sorted list with prefix sums.

Instants are naive datetimes in the calendar's own time zone (the adapter converts); microseconds are
dropped. The time between two instants excludes the time the case waited on the beneficiary when the
caller subtracts it (see `elapsed`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

DAY = 86_400
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class NoWorkingTime(ValueError):
	"""The calendar has no working window at all: no deadline can be reached."""


def _seconds(value: dt.time | dt.timedelta | str) -> int:
	if isinstance(value, dt.timedelta):
		return int(value.total_seconds())
	if isinstance(value, str):
		parts = [int(float(p)) for p in value.split(":")]
		value = dt.time(*parts)
	return value.hour * 3600 + value.minute * 60 + value.second


@dataclass(frozen=True)
class Calendar:
	"""windows[weekday] (Monday = 0) holds sorted, non-overlapping (start, end) seconds of the day."""

	windows: tuple[tuple[tuple[int, int], ...], ...]
	holidays: tuple[dt.date, ...] = ()  # sorted, unique
	day_seconds: tuple[int, ...] = field(init=False)
	week_seconds: int = field(init=False)
	_holiday_prefix: tuple[int, ...] = field(init=False)

	def __post_init__(self) -> None:
		day_seconds = tuple(sum(end - start for start, end in day) for day in self.windows)
		object.__setattr__(self, "day_seconds", day_seconds)
		object.__setattr__(self, "week_seconds", sum(day_seconds))
		object.__setattr__(
			self,
			"_holiday_prefix",
			(0, *accumulate(day_seconds[h.weekday()] for h in self.holidays)),
		)

	@classmethod
	def build(
		cls,
		windows: Iterable[tuple[str, dt.time | dt.timedelta | str, dt.time | dt.timedelta | str]],
		holidays: Iterable[tuple[dt.date, dt.date | None]] = (),
	) -> Calendar:
		"""From rows as staff enter them: (weekday name, from, to) and (from date, to date or None)."""
		days: list[list[tuple[int, int]]] = [[] for _ in WEEKDAYS]
		for weekday, start, end in windows:
			days[WEEKDAYS.index(weekday)].append((_seconds(start), _seconds(end)))
		dates: set[dt.date] = set()
		for first, last in holidays:
			last = last or first
			dates.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
		return cls(tuple(tuple(sorted(d)) for d in days), tuple(sorted(dates)))

	# ------------------------------------------------------------------ days

	def is_holiday(self, day: dt.date) -> bool:
		i = bisect.bisect_left(self.holidays, day)
		return i < len(self.holidays) and self.holidays[i] == day

	def day_total(self, day: dt.date) -> int:
		return 0 if self.is_holiday(day) else self.day_seconds[day.weekday()]

	def _holiday_work(self, first: dt.date, end: dt.date) -> int:
		"""Working seconds the holidays in [first, end) take away."""
		lo = bisect.bisect_left(self.holidays, first)
		hi = bisect.bisect_left(self.holidays, end)
		return self._holiday_prefix[hi] - self._holiday_prefix[lo]

	def work_between_dates(self, first: dt.date, end: dt.date) -> int:
		"""Working seconds in the whole days [first, end)."""
		days = (end - first).days
		if days <= 0:
			return 0
		weeks, rest = divmod(days, 7)
		start_weekday = first.weekday()
		partial = sum(self.day_seconds[(start_weekday + i) % 7] for i in range(rest))
		return weeks * self.week_seconds + partial - self._holiday_work(first, end)

	def _work_in_day(self, day: dt.date, start: int, end: int) -> int:
		if start >= end or self.is_holiday(day):
			return 0
		return sum(max(0, min(b, end) - max(a, start)) for a, b in self.windows[day.weekday()])

	# ------------------------------------------------------------------ instants

	def working_seconds(self, start: dt.datetime, end: dt.datetime) -> int:
		"""Working time in [start, end), in whole seconds (0 when end is not after start)."""
		start, end = _whole(start), _whole(end)
		if end <= start:
			return 0
		d1, s1 = start.date(), _time_of_day(start)
		d2, s2 = end.date(), _time_of_day(end)
		if d1 == d2:
			return self._work_in_day(d1, s1, s2)
		next_day = d1 + dt.timedelta(days=1)
		return (
			self._work_in_day(d1, s1, DAY)
			+ self.work_between_dates(next_day, d2)
			+ self._work_in_day(d2, 0, s2)
		)

	def add(self, start: dt.datetime, seconds: int | float) -> dt.datetime:
		"""The instant at which `seconds` of working time have passed since `start`.

		The result is the end of working time, so a duration that fills a day exactly ends at the end
		of that day's last window (16:00), not at the next morning's start.
		"""
		start = _whole(start)
		remaining = int(seconds)
		if remaining <= 0:
			return start
		if self.week_seconds == 0:
			raise NoWorkingTime("the calendar has no working hours")
		day, time_of_day = start.date(), _time_of_day(start)
		remaining, found = self._consume(day, time_of_day, remaining)
		if found is not None:
			return _at(day, found)
		day += dt.timedelta(days=1)
		while remaining > self.week_seconds:  # whole weeks, holidays subtracted
			weeks = (remaining - 1) // self.week_seconds
			end = day + dt.timedelta(days=7 * weeks)
			remaining -= self.work_between_dates(day, end)
			day = end
		while True:  # at most a week of working days, plus any holidays among them
			total = self.day_total(day)
			if remaining <= total:
				remaining, found = self._consume(day, 0, remaining)
				return _at(day, found)
			remaining -= total
			day += dt.timedelta(days=1)

	def _consume(self, day: dt.date, from_second: int, remaining: int) -> tuple[int, int | None]:
		"""Spend working time on `day` from `from_second`; (left over, None) or (0, second reached)."""
		if self.is_holiday(day):
			return remaining, None
		for a, b in self.windows[day.weekday()]:
			if b <= from_second:
				continue
			begin = max(a, from_second)
			available = b - begin
			if remaining <= available:
				return 0, begin + remaining
			remaining -= available
		return remaining, None


def _whole(instant: dt.datetime) -> dt.datetime:
	return instant.replace(microsecond=0)


def _time_of_day(instant: dt.datetime) -> int:
	return instant.hour * 3600 + instant.minute * 60 + instant.second


def _at(day: dt.date, second: int) -> dt.datetime:
	return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=second)


# ------------------------------------------------------------------ the clock of a case


def elapsed(
	calendar: Calendar,
	clock_start: dt.datetime,
	now: dt.datetime,
	paused_seconds: int = 0,
	paused_since: dt.datetime | None = None,
) -> int:
	"""Working time the case has used: since its clock started, less the time it waited on the
	beneficiary (closed pauses in `paused_seconds`, an open one since `paused_since`)."""
	used = calendar.working_seconds(clock_start, now) - paused_seconds
	if paused_since is not None:
		used -= calendar.working_seconds(paused_since, now)
	return max(0, used)


def due(
	calendar: Calendar, clock_start: dt.datetime, target_seconds: int, paused_seconds: int = 0
) -> dt.datetime:
	"""The deadline: `target_seconds` of working time after the clock started, pushed later by the
	working time spent waiting on the beneficiary."""
	return calendar.add(clock_start, target_seconds + paused_seconds)
