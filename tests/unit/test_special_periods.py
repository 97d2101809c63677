"""Special periods on a working calendar (core.working_time): dated weekly windows that replace the
regular week on the days they cover, holidays winning over both; and the Ramadan proposal
(core.holidays). The arithmetic is checked against references that read the raw rows day by day,
window by window (and minute by minute near the boundaries)."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from hijridate import Hijri
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.holidays import MSG_HIJRI_YEAR, proposed_ramadan
from beneficiary_care.core.working_time import WEEKDAYS, Calendar, NoWorkingTime, due
from beneficiary_care.core.zones import SiteCalendar, Zones

D, T = dt.date, dt.datetime
H = 3600
SUN_THU = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"]
OFFICE = [(d, "08:00:00", "16:00:00") for d in SUN_THU]
RAMADAN_1448 = ("رمضان 1448", D(2027, 2, 8), D(2027, 3, 8), [(d, "10:00", "15:00") for d in SUN_THU])


def test_a_deadline_counted_in_ramadan_hours():
	cal = Calendar.build(OFFICE, [], [RAMADAN_1448])
	received = T(2027, 2, 7, 14, 0)  # Sunday, the last working afternoon before 1 Ramadan 1448
	# 2 h on Sunday; then 5 h a day from Monday 8 February: Mon, Tue, Wed, Thu = 20 h; 2 h on Sunday
	assert cal.add(received, 24 * H) == T(2027, 2, 14, 12, 0)
	assert Calendar.build(OFFICE).add(received, 24 * H) == T(2027, 2, 10, 14, 0)  # regular hours
	assert cal.working_seconds(received, T(2027, 2, 14, 12, 0)) == 24 * H
	assert cal.period_label(T(2027, 2, 14, 12, 0)) == "رمضان 1448"
	assert cal.period_label(T(2027, 2, 7, 14, 0)) is None
	assert cal.day_total(D(2027, 2, 8)) == 5 * H and cal.day_total(D(2027, 2, 7)) == 8 * H


def test_out_of_the_period_and_through_holidays():
	eid = [(D(2027, 3, 9), D(2027, 3, 12))]  # Tue–Fri after the last day of Ramadan (Mon 8 March)
	cal = Calendar.build(OFFICE, eid, [RAMADAN_1448])
	start = T(2027, 3, 7, 14, 0)  # Sunday in Ramadan
	# 1 h Sunday, 5 h Monday; Eid Tue–Fri, Saturday off; regular 8 h on Sunday 14 March, then 2 h Monday
	assert cal.add(start, 16 * H) == T(2027, 3, 15, 10, 0)
	assert cal.working_seconds(start, T(2027, 3, 15, 10, 0)) == 16 * H
	# a holiday inside a period wins over the period's windows too
	inside = Calendar.build(OFFICE, [(D(2027, 2, 10), None)], [RAMADAN_1448])
	assert inside.day_total(D(2027, 2, 10)) == 0
	assert inside.add(T(2027, 2, 9, 15, 0), 5 * H) == T(2027, 2, 11, 15, 0)


def test_existing_calendars_are_unchanged_by_the_optional_periods():
	with_none = Calendar.build(OFFICE, [(D(2026, 3, 20), D(2026, 3, 23))], ())
	assert with_none == Calendar.build(OFFICE, [(D(2026, 3, 20), D(2026, 3, 23))])
	assert with_none.periods == () and with_none.week_seconds == 40 * H


def test_periods_that_overlap_are_refused_by_the_core_too():
	second = ("x", D(2027, 3, 8), D(2027, 3, 10), [])
	with pytest.raises(ValueError):
		Calendar.build(OFFICE, [], [RAMADAN_1448, second])
	with pytest.raises(ValueError):
		Calendar.build(OFFICE, [], [("y", D(2027, 3, 8), D(2027, 3, 1), [])])


def test_no_working_time_only_when_none_can_ever_be_reached():
	only_ramadan = Calendar.build([], [], [RAMADAN_1448])
	start = T(2027, 1, 1, 9, 0)
	assert only_ramadan.add(start, 5 * H) == T(2027, 2, 8, 15, 0)  # the period's first day
	last = only_ramadan.add(start, 21 * 5 * H)  # every working day of Ramadan 1448 (Sun–Thu)
	assert last == T(2027, 3, 8, 15, 0)
	with pytest.raises(NoWorkingTime):
		only_ramadan.add(start, 21 * 5 * H + 1)
	with pytest.raises(NoWorkingTime):
		only_ramadan.add(T(2027, 3, 9), 1)  # after the period: nothing left
	assert only_ramadan.add(start, 0) == start


def test_the_site_sees_the_period_of_its_instants():
	cal = Calendar.build(OFFICE, [], [RAMADAN_1448])
	utc_site = SiteCalendar(cal, Zones("UTC", "Asia/Riyadh"))
	assert utc_site.period_label(T(2027, 2, 7, 22, 0)) == "رمضان 1448"  # 01:00 on 8 Feb in Riyadh
	assert utc_site.period_label(T(2027, 2, 7, 20, 0)) is None
	assert utc_site.period_label(None) is None


# ------------------------------------------------------------------ references from the raw rows


@dataclass
class Spec:
	"""A calendar as staff enter it: the references read these rows, never the Calendar."""

	regular: list
	holidays: list
	periods: list  # (label, first, last, rows)
	_days: dict = field(default_factory=dict, repr=False)

	def calendar(self) -> Calendar:
		return Calendar.build(self.regular, self.holidays, self.periods)

	def windows(self, day: D) -> list[tuple[int, int]]:
		"""The windows of one day, in seconds: none on a holiday, else the period's or the regular week's."""
		if day not in self._days:
			self._days[day] = self._windows(day)
		return self._days[day]

	def _windows(self, day: D) -> list[tuple[int, int]]:
		for first, last in self.holidays:
			if first <= day <= (last or first):
				return []
		rows = self.regular
		for _label, first, last, period_rows in self.periods:
			if first <= day <= last:
				rows = period_rows
		name = WEEKDAYS[day.weekday()]
		return sorted((seconds(a), seconds(b)) for weekday, a, b in rows if weekday == name)

	def last_period_day(self) -> D:
		return max((last for _l, _f, last, _r in self.periods), default=D(2026, 1, 1))


def seconds(value: dt.time) -> int:
	return value.hour * 3600 + value.minute * 60


def day_walk_seconds(spec: Spec, start: T, end: T) -> int:
	"""Working time in [start, end), day by day, window by window."""
	total, day = 0, start.date()
	while day <= end.date():
		midnight = T.combine(day, dt.time())
		for a, b in spec.windows(day):
			ws, we = midnight + dt.timedelta(seconds=a), midnight + dt.timedelta(seconds=b)
			total += max(0, int((min(we, end) - max(ws, start)).total_seconds()))
		day += dt.timedelta(days=1)
	return total


def day_walk_add(spec: Spec, start: T, amount: int) -> T | None:
	"""The instant `amount` seconds of working time after `start`, day by day; None when the walk goes
	past every period with no regular window left."""
	day, second = start.date(), start.hour * 3600 + start.minute * 60 + start.second
	regular_empty = not spec.regular
	while not (regular_empty and day > spec.last_period_day()):
		for a, b in spec.windows(day):
			if b <= second:
				continue
			begin = max(a, second)
			if amount <= b - begin:
				return T.combine(day, dt.time()) + dt.timedelta(seconds=begin + amount)
			amount -= b - begin
		day += dt.timedelta(days=1)
		second = 0
	return None


def minute_walk_seconds(spec: Spec, start: T, end: T) -> int:
	"""Working time in [start, end) counted minute by minute (both on whole minutes)."""
	total, t = 0, start
	while t < end:
		second = t.hour * 3600 + t.minute * 60
		if any(a <= second < b for a, b in spec.windows(t.date())):
			total += 60
		t += dt.timedelta(minutes=1)
	return total


# ------------------------------------------------------------------ strategies

quarter_hours = st.integers(0, 23 * 4).map(lambda q: dt.time(q // 4, (q % 4) * 15))


def _without_overlaps(rows: list) -> list:
	kept = []
	for w in rows:
		if w[1] < w[2] and not any(k[0] == w[0] and k[1] < w[2] and w[1] < k[2] for k in kept):
			kept.append(w)
	return kept


def window_rows(min_size: int):
	"""Weekly window rows, several a day allowed, none overlapping (dropped rather than filtered)."""
	rows = st.lists(
		st.tuples(st.sampled_from(WEEKDAYS), quarter_hours, quarter_hours), min_size=min_size, max_size=5
	)
	return rows.map(_without_overlaps).filter(lambda ws: len(ws) >= min_size)


days_2026 = st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31))


@st.composite
def period_lists(draw, max_size: int = 3):
	"""Sorted, non-overlapping periods of 1–40 days, some with no windows at all."""
	cuts = sorted(draw(st.lists(st.integers(0, 330), min_size=0, max_size=max_size, unique=True)))
	periods, free_from = [], -1
	for i, offset in enumerate(cuts):
		if offset <= free_from:
			continue
		length = draw(st.integers(0, 39))
		first = D(2026, 1, 10) + dt.timedelta(days=offset)
		periods.append((f"p{i}", first, first + dt.timedelta(days=length), draw(window_rows(0))))
		free_from = offset + length
	return periods


@st.composite
def specs(draw, regular_min: int = 1):
	holidays = draw(
		st.lists(
			st.tuples(days_2026, st.integers(0, 6)).map(lambda h: (h[0], h[0] + dt.timedelta(days=h[1]))),
			max_size=4,
		)
	)
	return Spec(draw(window_rows(regular_min)), holidays, draw(period_lists()))


instants = st.datetimes(min_value=T(2026, 1, 1), max_value=T(2026, 12, 31, 23, 59, 59)).map(
	lambda t: t.replace(microsecond=0)
)
durations = st.integers(0, 30 * 8 * H)


# ------------------------------------------------------------------ properties


@settings(max_examples=200, deadline=None)
@given(specs(), instants, instants)
def test_measuring_across_periods_agrees_with_a_day_walk(spec, a, b):
	start, end = sorted((a, b))
	assert spec.calendar().working_seconds(start, end) == day_walk_seconds(spec, start, end)


@settings(max_examples=200, deadline=None)
@given(specs(), instants, durations)
def test_adding_across_periods_agrees_with_a_day_walk(spec, start, amount):
	expected = day_walk_add(spec, start, amount) if amount else start
	assert spec.calendar().add(start, amount) == expected


@settings(max_examples=200, deadline=None)
@given(specs(regular_min=0), instants, st.integers(1, 20 * 8 * H))
def test_without_a_regular_week_only_the_periods_count(spec, start, amount):
	expected = day_walk_add(spec, start, amount)
	if expected is None:
		with pytest.raises(NoWorkingTime):
			spec.calendar().add(start, amount)
	else:
		assert spec.calendar().add(start, amount) == expected


@settings(max_examples=150, deadline=None)
@given(specs(), st.data())
def test_minute_by_minute_around_a_period_boundary(spec, data):
	assume(spec.periods)
	_label, first, last, _rows = data.draw(st.sampled_from(spec.periods))
	boundary = T.combine(data.draw(st.sampled_from([first, last + dt.timedelta(days=1)])), dt.time())
	before = data.draw(st.integers(0, 36 * 60))
	after = data.draw(st.integers(0, 36 * 60))
	start = boundary - dt.timedelta(minutes=before)
	end = boundary + dt.timedelta(minutes=after)
	cal = spec.calendar()
	counted = minute_walk_seconds(spec, start, end)
	assert cal.working_seconds(start, end) == counted
	if counted:  # the deadline of exactly that much working time is the end of the last working minute
		reached = cal.add(start, counted)
		assert reached <= end and cal.working_seconds(start, reached) == counted


@settings(max_examples=200, deadline=None)
@given(specs(), instants, durations, durations)
def test_adding_in_two_steps_is_adding_once_across_periods(spec, start, a, b):
	cal = spec.calendar()
	assert cal.add(cal.add(start, a), b) == cal.add(start, a + b)
	assert cal.working_seconds(start, cal.add(start, a)) == a


@settings(max_examples=200, deadline=None)
@given(specs(), instants, instants, durations)
def test_a_period_with_no_windows_is_a_run_of_holidays(spec, a, b, amount):
	closed = Spec(spec.regular, spec.holidays, [(lbl, f, t, []) for lbl, f, t, _r in spec.periods])
	as_holidays = Spec(spec.regular, spec.holidays + [(f, t) for _l, f, t, _r in spec.periods], [])
	start, end = sorted((a, b))
	one, other = closed.calendar(), as_holidays.calendar()
	assert one.working_seconds(start, end) == other.working_seconds(start, end)
	assert one.add(start, amount) == other.add(start, amount)


@settings(max_examples=200, deadline=None)
@given(specs(), instants, durations, st.integers(1, 60), st.integers(0, 40), window_rows(0))
def test_adding_a_period_never_moves_a_deadline_wholly_before_it(spec, start, amount, gap, length, rows):
	cal = spec.calendar()
	deadline = cal.add(start, amount)
	first = deadline.date() + dt.timedelta(days=gap)
	last = first + dt.timedelta(days=length)
	assume(all(end < first or begin > last for _l, begin, end, _r in spec.periods))
	later = Spec(spec.regular, spec.holidays, [*spec.periods, ("new", first, last, rows)])
	moved = later.calendar()
	assert moved.add(start, amount) == deadline
	assert moved.working_seconds(start, deadline) == amount
	assert moved.period_label(deadline) == cal.period_label(deadline)


@given(specs(), days_2026, st.integers(0, 400))
def test_whole_day_ranges_agree_with_summing_days_across_periods(spec, first, length):
	cal = spec.calendar()
	end = first + dt.timedelta(days=length)
	assert cal.work_between_dates(first, end) == sum(
		cal.day_total(first + dt.timedelta(days=i)) for i in range(length)
	)
	assert all(
		cal.day_total(day) == sum(b - a for a, b in spec.windows(day))
		for day in (first + dt.timedelta(days=i) for i in range(0, length, 7))
	)


@settings(max_examples=100)
@given(specs(), instants, st.integers(1, 30 * 8 * H), st.integers(0, 40 * H))
def test_pauses_still_only_push_deadlines_later(spec, start, target, paused):
	cal = spec.calendar()
	assert due(cal, start, target) <= due(cal, start, target, paused)


# ------------------------------------------------------------------ the Ramadan proposal


@pytest.mark.parametrize("year", [1447, 1448])
def test_ramadan_proposed_for_a_hijri_year(year):
	proposal = proposed_ramadan(year)
	first = Hijri(year, 9, 1).to_gregorian()
	last = Hijri(year, 9, Hijri(year, 9, 1).month_length()).to_gregorian()
	assert proposal.label == f"رمضان {year}"
	assert (proposal.from_date, proposal.to_date) == (
		D(first.year, first.month, first.day),
		D(last.year, last.month, last.day),
	)
	assert type(proposal.from_date) is D
	shawwal = Hijri(year, 10, 1).to_gregorian()
	assert D(shawwal.year, shawwal.month, shawwal.day) == proposal.to_date + dt.timedelta(days=1)
	assert proposal.windows == tuple((d, dt.time(10), dt.time(15)) for d in SUN_THU)


def test_ramadan_1448_starts_in_february_2027_with_the_settings_hours():
	proposal = proposed_ramadan(1448, dt.time(9, 30), dt.time(14, 30), ["Sunday", "Monday", "Sunday"])
	assert proposal.from_date.year == 2027 and proposal.from_date.month == 2
	assert proposal.from_date == D(2027, 2, 8)
	assert proposal.windows == (
		("Sunday", dt.time(9, 30), dt.time(14, 30)),
		("Monday", dt.time(9, 30), dt.time(14, 30)),
	)
	cal = Calendar.build(
		OFFICE, [], [(proposal.label, proposal.from_date, proposal.to_date, proposal.windows)]
	)
	assert cal.day_total(D(2027, 2, 14)) == 5 * H  # a Sunday in Ramadan
	assert cal.day_total(D(2027, 2, 10)) == 0  # Wednesday: not among the days proposed


@pytest.mark.parametrize("year", [1342, 1501, 2027])
def test_a_hijri_year_the_table_does_not_cover_is_refused_clearly(year):
	with pytest.raises(CoreValidationError) as err:
		proposed_ramadan(year)
	assert err.value.message == MSG_HIJRI_YEAR and err.value.field == "periods"
	assert str(err.value) == f"the Umm al-Qura calendar covers the Hijri years 1343 to 1500, not {year}"
