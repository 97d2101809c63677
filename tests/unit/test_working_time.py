import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beneficiary_care.core.holidays import hijri_label, proposed_holidays
from beneficiary_care.core.working_time import Calendar, NoWorkingTime, due, elapsed, periods_in_force

D, T = dt.date, dt.datetime
SUN_THU = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"]
H = 3600


def office(holidays=()) -> Calendar:
	return Calendar.build([(d, "08:00:00", "16:00:00") for d in SUN_THU], holidays)


# 2026-03-19 is a Thursday; Eid al-Fitr proposed 20–23 March 2026 (Fri–Mon).
EID = [(D(2026, 3, 20), D(2026, 3, 23))]


def test_thursday_afternoon_before_eid():
	cal = office(EID)
	received = T(2026, 3, 19, 14, 30)
	# 1.5 h left on Thursday; Fri–Sat weekend, Sun and Mon Eid; work resumes Tuesday 24 March 08:00
	assert cal.add(received, 8 * H) == T(2026, 3, 24, 14, 30)
	assert cal.add(received, 90 * 60) == T(2026, 3, 19, 16, 0)  # ends at 16:00, not next morning
	assert cal.add(received, 40 * H) == T(2026, 3, 30, 14, 30)  # 5 working days
	assert cal.working_seconds(received, T(2026, 3, 24, 14, 30)) == 8 * H


def test_split_shift_and_several_windows():
	cal = Calendar.build([("Sunday", "08:00", "12:00"), ("Sunday", "16:00", "20:00")])
	sunday = T(2026, 3, 1, 11, 0)  # a Sunday
	assert cal.add(sunday, 2 * H) == T(2026, 3, 1, 17, 0)
	assert cal.add(sunday, 6 * H) == T(2026, 3, 8, 9, 0)  # a week later
	assert cal.working_seconds(T(2026, 3, 1, 0, 0), T(2026, 3, 2, 0, 0)) == 8 * H


def test_outside_hours_the_clock_starts_at_the_next_window():
	cal = office()
	friday_night = T(2026, 3, 6, 22, 0)
	assert cal.add(friday_night, H) == T(2026, 3, 8, 9, 0)
	assert cal.working_seconds(friday_night, T(2026, 3, 8, 9, 0)) == H


def test_microseconds_are_dropped_and_zero_is_now():
	cal = office()
	t = T(2026, 3, 8, 9, 0, 0, 999_999)
	assert cal.add(t, 0) == T(2026, 3, 8, 9, 0)
	assert cal.working_seconds(t, t) == 0


def test_calendar_without_hours_cannot_reach_a_deadline():
	with pytest.raises(NoWorkingTime):
		Calendar.build([]).add(T(2026, 1, 1), 1)


def test_pause_extends_the_deadline_by_the_paused_working_time():
	cal = office(EID)
	start = T(2026, 3, 15, 8, 0)  # Sunday
	assert due(cal, start, 16 * H) == T(2026, 3, 16, 16, 0)
	# waiting on the beneficiary from Sunday 12:00 to Monday 10:00 = 4 h + 2 h of working time
	paused = cal.working_seconds(T(2026, 3, 15, 12, 0), T(2026, 3, 16, 10, 0))
	assert paused == 6 * H
	assert due(cal, start, 16 * H, paused) == T(2026, 3, 17, 14, 0)
	assert elapsed(cal, start, T(2026, 3, 16, 12, 0), paused) == 4 * H + 2 * H
	assert elapsed(cal, start, T(2026, 3, 15, 14, 0), 0, paused_since=T(2026, 3, 15, 12, 0)) == 4 * H


def test_proposed_saudi_holidays():
	proposals = proposed_holidays(2026)
	names = [p.description for p in proposals]
	assert names == ["يوم التأسيس", "عيد الفطر", "عيد الأضحى", "اليوم الوطني"]
	fitr = proposals[1]
	assert (fitr.from_date, fitr.to_date) == (D(2026, 3, 20), D(2026, 3, 23))
	assert type(fitr.from_date) is dt.date
	assert hijri_label(D(2026, 3, 20)) == "1447/10/01 هـ"


# ------------------------------------------------------------------ properties

times = st.integers(0, 23 * 4).map(lambda q: dt.time(q // 4, (q % 4) * 15))
windows = st.lists(
	st.tuples(
		st.sampled_from(["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]),
		times,
		times,
	).filter(lambda w: w[1] < w[2]),
	min_size=1,
	max_size=6,
).filter(
	lambda ws: all(
		not (a[0] == b[0] and a[1] < b[2] and b[1] < a[2]) for i, a in enumerate(ws) for b in ws[i + 1 :]
	)
)
days = st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31))
holiday_sets = st.lists(
	st.tuples(days, st.integers(0, 9)).map(lambda h: (h[0], h[0] + dt.timedelta(days=h[1]))), max_size=6
)
instants = st.datetimes(min_value=T(2026, 1, 1), max_value=T(2026, 12, 31, 23, 59, 59))
durations = st.integers(0, 60 * 8 * H)  # up to 60 working days of 8 h


@st.composite
def calendars(draw):
	return Calendar.build(draw(windows), draw(holiday_sets))


def naive_working_seconds(cal: Calendar, start: T, end: T) -> int:
	"""Reference: day by day, window by window (slow, obviously right)."""
	total, day = 0, start.date()
	while day <= end.date():
		if not cal.is_holiday(day):
			for a, b in cal.windows[day.weekday()]:
				ws = T.combine(day, dt.time()) + dt.timedelta(seconds=a)
				we = T.combine(day, dt.time()) + dt.timedelta(seconds=b)
				total += max(0, int((min(we, end) - max(ws, start)).total_seconds()))
		day += dt.timedelta(days=1)
	return total


@settings(max_examples=300)
@given(calendars(), instants, durations)
def test_adding_then_measuring_gives_the_duration_back(cal, start, seconds):
	start = start.replace(microsecond=0)
	end = cal.add(start, seconds)
	assert cal.working_seconds(start, end) == seconds


@settings(max_examples=300)
@given(calendars(), instants, st.integers(1, 60 * 8 * H))
def test_deadlines_never_fall_on_a_holiday_or_outside_a_window(cal, start, seconds):
	end = cal.add(start, seconds)
	second = end.hour * 3600 + end.minute * 60 + end.second
	# inside a window of its weekday: its end included, its start excluded
	assert any(a < second <= b for a, b in cal.windows[end.weekday()])
	assert not cal.is_holiday(end.date())


@given(calendars(), instants, durations, durations)
def test_adding_in_two_steps_is_adding_once(cal, start, a, b):
	start = start.replace(microsecond=0)
	assert cal.add(cal.add(start, a), b) == cal.add(start, a + b)


@given(calendars(), instants, durations, st.integers(0, 40 * H), st.integers(0, 40 * H))
def test_pauses_only_ever_push_deadlines_later(cal, start, target, p1, p2):
	low, high = sorted((p1, p2))
	assert due(cal, start, target, low) <= due(cal, start, target, high)
	assert due(cal, start, target) <= due(cal, start, target, low)


@settings(max_examples=200)
@given(calendars(), instants, instants)
def test_measuring_agrees_with_a_day_by_day_reference(cal, a, b):
	start, end = sorted((a.replace(microsecond=0), b.replace(microsecond=0)))
	assert cal.working_seconds(start, end) == naive_working_seconds(cal, start, end)


@given(calendars(), days, st.integers(0, 400))
def test_whole_day_ranges_agree_with_summing_days(cal, first, length):
	end = first + dt.timedelta(days=length)
	assert cal.work_between_dates(first, end) == sum(
		cal.day_total(first + dt.timedelta(days=i)) for i in range(length)
	)


# ------------------------------------------------------------------ which special periods a case counts

moments = st.datetimes(min_value=T(2020, 1, 1), max_value=T(2035, 1, 1))


@given(moments)
def test_a_period_added_in_the_same_second_as_a_case_is_counted(added):
	# a period row keeps microseconds (17:26:00.903); a case's instant is whole seconds (17:26:00)
	as_of = added.replace(microsecond=0)
	assert periods_in_force([("ramadan", added)], as_of) == ("ramadan",)
	assert periods_in_force([("ramadan", added)], as_of + dt.timedelta(microseconds=999_999)) == ("ramadan",)


@given(moments)
def test_a_period_added_a_second_later_waits_for_a_recalculation(added):
	later = added.replace(microsecond=0) + dt.timedelta(seconds=1)
	assert periods_in_force([("ramadan", later)], added) == ()


@given(
	st.lists(st.tuples(st.text(min_size=1), st.none() | moments), max_size=6, unique_by=lambda r: r[0]),
	moments,
	moments,
)
def test_periods_in_force_only_grow_with_time_and_keep_their_order(rows, a, b):
	early, late = sorted((a, b))
	before, after = periods_in_force(rows, early), periods_in_force(rows, late)
	assert set(before) <= set(after)
	assert list(after) == [name for name, _ in rows if name in set(after)]
	assert periods_in_force(rows, None) == tuple(name for name, _ in rows)  # no instant: every period
	assert {name for name, on in rows if on is None} <= set(before)  # a row with no time: counted
