"""Working time on an association's calendar: weekly windows (several a day allowed), dated special
periods with weekly windows of their own (Ramadan hours), dated holidays.

Two operations, exact to the second: the working time between two instants, and the instant a working
duration after a given one. Both are arithmetic over windows and whole weeks — never a walk second by
second or day by day over the span — so a 30-working-day deadline costs about what a 1-hour one does:
a week holds a known number of working seconds, and the holidays inside any date range are found by
bisection in a sorted list with prefix sums.

A special period replaces the regular week on the days it covers; holidays win over both. The dates
fall into segments — regular, period, regular, … — each with one set of weekly windows, so a span
is the sum over the (few) segments it crosses, each computed with the same whole-week arithmetic
restricted to its dates. A period with no windows is a run of days off, like holidays.

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
ONE_DAY = dt.timedelta(days=1)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

TimeValue = dt.time | dt.timedelta | str
WindowRow = tuple[str, TimeValue, TimeValue]  # (weekday name, from, to) as staff enter it
# windows[weekday] (Monday = 0) holds sorted, non-overlapping (start, end) seconds of the day
Windows = tuple[tuple[tuple[int, int], ...], ...]


class NoWorkingTime(ValueError):
	"""No working window can ever be reached from the instant asked: no deadline can be set."""


def _seconds(value: TimeValue) -> int:
	if isinstance(value, dt.timedelta):
		return int(value.total_seconds())
	if isinstance(value, str):
		parts = [int(float(p)) for p in value.split(":")]
		value = dt.time(*parts)
	return value.hour * 3600 + value.minute * 60 + value.second


def week_of(rows: Iterable[WindowRow]) -> Windows:
	"""Weekly windows from rows as staff enter them."""
	days: list[list[tuple[int, int]]] = [[] for _ in WEEKDAYS]
	for weekday, start, end in rows:
		days[WEEKDAYS.index(weekday)].append((_seconds(start), _seconds(end)))
	return tuple(tuple(sorted(d)) for d in days)


@dataclass(frozen=True)
class Period:
	"""Dated hours that replace the regular week on the days first … last (both included)."""

	first: dt.date
	last: dt.date
	windows: Windows
	label: str = ""


def periods_in_force(
	added: Iterable[tuple[str, dt.datetime | None]], as_of: dt.datetime | None
) -> tuple[str, ...]:
	"""The special periods (`added`: each row's name and when it was added) that a case whose deadlines
	were set at `as_of` counts: those added by then, at the precision of whole seconds on both sides
	(a case's instants are whole seconds, a period row's keep microseconds, so one registered in the
	same second as the period would otherwise miss it). A row with no time, or no `as_of`: counted."""
	limit = None if as_of is None else _whole(as_of)
	return tuple(name for name, on in added if limit is None or on is None or _whole(on) <= limit)


@dataclass(frozen=True)
class _Week:
	"""One set of weekly windows and the working seconds of whole days under it, less the holidays
	among `holidays` (those inside the dates the week governs)."""

	windows: Windows
	holidays: tuple[dt.date, ...]
	day_seconds: tuple[int, ...] = field(init=False)
	week_seconds: int = field(init=False)
	_prefix: tuple[int, ...] = field(init=False)

	def __post_init__(self) -> None:
		day_seconds = tuple(sum(end - start for start, end in day) for day in self.windows)
		object.__setattr__(self, "day_seconds", day_seconds)
		object.__setattr__(self, "week_seconds", sum(day_seconds))
		object.__setattr__(self, "_prefix", (0, *accumulate(day_seconds[h.weekday()] for h in self.holidays)))

	def whole_days(self, first: dt.date, end: dt.date) -> int:
		"""Working seconds in the whole days [first, end), all of them governed by this week."""
		days = (end - first).days
		if days <= 0:
			return 0
		weeks, rest = divmod(days, 7)
		start_weekday = first.weekday()
		partial = sum(self.day_seconds[(start_weekday + i) % 7] for i in range(rest))
		lo = bisect.bisect_left(self.holidays, first)
		hi = bisect.bisect_left(self.holidays, end)
		return weeks * self.week_seconds + partial - (self._prefix[hi] - self._prefix[lo])


@dataclass(frozen=True)
class Calendar:
	"""The regular week, dated holidays (sorted, unique) and special periods (sorted, not overlapping)."""

	windows: Windows
	holidays: tuple[dt.date, ...] = ()
	periods: tuple[Period, ...] = ()
	_regular: _Week = field(init=False, repr=False, compare=False)
	_weeks: tuple[_Week, ...] = field(init=False, repr=False, compare=False)  # one per period
	_firsts: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)

	def __post_init__(self) -> None:
		for before, after in zip(self.periods, self.periods[1:], strict=False):
			if after.first <= before.last:
				raise ValueError(
					f"special periods {before.label!r} and {after.label!r} overlap or are unsorted"
				)
		weeks = []
		for period in self.periods:
			if period.last < period.first:
				raise ValueError(f"special period {period.label!r} ends before it starts")
			lo = bisect.bisect_left(self.holidays, period.first)
			hi = bisect.bisect_right(self.holidays, period.last)
			weeks.append(_Week(period.windows, self.holidays[lo:hi]))
		object.__setattr__(self, "_regular", _Week(self.windows, self.holidays))
		object.__setattr__(self, "_weeks", tuple(weeks))
		object.__setattr__(self, "_firsts", tuple(p.first for p in self.periods))

	@classmethod
	def build(
		cls,
		windows: Iterable[WindowRow],
		holidays: Iterable[tuple[dt.date, dt.date | None]] = (),
		periods: Iterable[tuple[str, dt.date, dt.date, Iterable[WindowRow]]] = (),
	) -> Calendar:
		"""From rows as staff enter them: windows (weekday name, from, to); holidays (from date, to date
		or None); periods (label, from date, to date, that period's window rows)."""
		dates: set[dt.date] = set()
		for first, last in holidays:
			last = last or first
			dates.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
		special = sorted(
			(Period(first, last, week_of(rows), label) for label, first, last, rows in periods),
			key=lambda p: p.first,
		)
		return cls(week_of(windows), tuple(sorted(dates)), tuple(special))

	@property
	def day_seconds(self) -> tuple[int, ...]:
		"""Working seconds of each weekday in the regular week."""
		return self._regular.day_seconds

	@property
	def week_seconds(self) -> int:
		return self._regular.week_seconds

	# ------------------------------------------------------------------ days

	def _period_index(self, day: dt.date) -> int:
		"""The index of the period holding `day`, or -1."""
		i = bisect.bisect_right(self._firsts, day) - 1
		return i if i >= 0 and day <= self.periods[i].last else -1

	def _segment(self, day: dt.date) -> tuple[_Week, dt.date | None]:
		"""The week governing `day` and the first day after its segment (None: it never ends)."""
		i = bisect.bisect_right(self._firsts, day) - 1
		if i >= 0 and day <= self.periods[i].last:
			return self._weeks[i], self.periods[i].last + ONE_DAY
		following = i + 1
		return self._regular, self._firsts[following] if following < len(self._firsts) else None

	def period_on(self, day: dt.date) -> Period | None:
		i = self._period_index(day)
		return self.periods[i] if i >= 0 else None

	def period_label(self, instant: dt.datetime | dt.date) -> str | None:
		"""The label of the special period an instant falls in (None: the regular week)."""
		day = instant.date() if isinstance(instant, dt.datetime) else instant
		period = self.period_on(day)
		return period.label if period else None

	def windows_on(self, day: dt.date) -> tuple[tuple[int, int], ...]:
		"""The windows of `day`'s weekday under the week governing it (holidays not taken away)."""
		i = self._period_index(day)
		return (self._weeks[i] if i >= 0 else self._regular).windows[day.weekday()]

	def is_holiday(self, day: dt.date) -> bool:
		i = bisect.bisect_left(self.holidays, day)
		return i < len(self.holidays) and self.holidays[i] == day

	def day_total(self, day: dt.date) -> int:
		if self.is_holiday(day):
			return 0
		i = self._period_index(day)
		return (self._weeks[i] if i >= 0 else self._regular).day_seconds[day.weekday()]

	def work_between_dates(self, first: dt.date, end: dt.date) -> int:
		"""Working seconds in the whole days [first, end): the sum over the segments crossed."""
		total = 0
		while first < end:
			week, segment_end = self._segment(first)
			stop = end if segment_end is None else min(end, segment_end)
			total += week.whole_days(first, stop)
			first = stop
		return total

	def _work_in_day(self, day: dt.date, start: int, end: int) -> int:
		if start >= end or self.is_holiday(day):
			return 0
		return sum(max(0, min(b, end) - max(a, start)) for a, b in self.windows_on(day))

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
		return (
			self._work_in_day(d1, s1, DAY)
			+ self.work_between_dates(d1 + ONE_DAY, d2)
			+ self._work_in_day(d2, 0, s2)
		)

	def add(self, start: dt.datetime, seconds: int | float) -> dt.datetime:
		"""The instant at which `seconds` of working time have passed since `start`.

		The result is the end of working time, so a duration that fills a day exactly ends at the end
		of that day's last window (16:00), not at the next morning's start. Raises NoWorkingTime only
		when the time can never be reached (no windows in the regular week once the periods are past).
		"""
		start = _whole(start)
		remaining = int(seconds)
		if remaining <= 0:
			return start
		day = start.date()
		if not self.is_holiday(day):
			remaining, found = _consume(self.windows_on(day), _time_of_day(start), remaining)
			if found is not None:
				return _at(day, found)
		day += ONE_DAY
		while True:  # segment by segment: each spends its capacity or holds the deadline
			week, segment_end = self._segment(day)
			if segment_end is None:
				if week.week_seconds == 0:
					raise NoWorkingTime("the calendar has no working hours after its special periods")
				return self._add_within(week, day, remaining)
			capacity = week.whole_days(day, segment_end)
			if remaining <= capacity:
				return self._add_within(week, day, remaining)
			remaining -= capacity
			day = segment_end

	def _add_within(self, week: _Week, day: dt.date, remaining: int) -> dt.datetime:
		"""`remaining` seconds (> 0) from the start of `day`, in a segment governed by `week` that holds
		at least that much working time from `day` on (so the arithmetic never leaves it)."""
		while remaining > week.week_seconds:  # whole weeks, holidays subtracted
			weeks = (remaining - 1) // week.week_seconds
			end = day + dt.timedelta(days=7 * weeks)
			remaining -= week.whole_days(day, end)
			day = end
		while True:  # at most a week of working days, plus any holidays among them
			total = 0 if self.is_holiday(day) else week.day_seconds[day.weekday()]
			if remaining <= total:
				_, found = _consume(week.windows[day.weekday()], 0, remaining)
				return _at(day, found)
			remaining -= total
			day += ONE_DAY


def _consume(
	windows: tuple[tuple[int, int], ...], from_second: int, remaining: int
) -> tuple[int, int | None]:
	"""Spend working time in a day's windows from `from_second`; (left over, None) or (0, second
	reached)."""
	for a, b in windows:
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
