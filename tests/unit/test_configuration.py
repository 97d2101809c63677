import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import configuration as cfg
from beneficiary_care.core.configuration import EscalationStep, Window
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.working_time import WEEKDAYS

T = dt.time


def raises(message, fn, *args, **kwargs) -> CoreValidationError:
	with pytest.raises(CoreValidationError) as err:
		fn(*args, **kwargs)
	assert err.value.message == message
	return err.value


def test_split_shift_and_touching_windows_are_fine():
	cfg.check_windows(
		[
			Window("Sunday", T(8), T(12)),
			Window("Sunday", T(12), T(14)),
			Window("Sunday", T(17), T(21)),
			Window("Monday", T(8), T(16)),
		]
	)


def test_overlapping_windows_name_both_rows():
	err = raises(
		cfg.MSG_WINDOW_OVERLAP,
		cfg.check_windows,
		[Window("Sunday", T(8), T(16)), Window("Monday", T(8), T(9)), Window("Sunday", T(15), T(18))],
	)
	assert err.field == "windows" and err.params["row"] == 3 and err.params["other"] == 1


def test_window_must_end_after_start_and_be_a_weekday():
	raises(cfg.MSG_WINDOW_ORDER, cfg.check_windows, [Window("Sunday", T(16), T(8))])
	raises(cfg.MSG_WINDOW_ORDER, cfg.check_windows, [Window("Sunday", T(8), T(8))])
	raises(cfg.MSG_WINDOW_DAY, cfg.check_windows, [Window("Funday", T(8), T(9))])
	raises(cfg.MSG_NO_WINDOWS, cfg.check_windows, [])


hours = st.integers(0, 23)


@given(st.lists(st.tuples(st.sampled_from(WEEKDAYS), hours, hours), max_size=8))
def test_accepted_windows_never_overlap(raw):
	windows = [Window(day, T(a), T(b)) for day, a, b in raw]
	try:
		cfg.check_windows(windows)
	except CoreValidationError:
		return
	for i, w in enumerate(windows):
		assert w.start < w.end
		for v in windows[i + 1 :]:
			if v.weekday == w.weekday:
				assert w.end <= v.start or v.end <= w.start


def test_time_zone():
	assert cfg.check_time_zone("Asia/Riyadh") == "Asia/Riyadh"
	err = raises(cfg.MSG_TIME_ZONE, cfg.check_time_zone, "Mars/Olympus")
	assert err.field == "time_zone"


def test_holiday_range_order():
	cfg.check_holidays([(dt.date(2026, 3, 19), dt.date(2026, 3, 23)), (dt.date(2026, 9, 23), None)])
	raises(cfg.MSG_HOLIDAY_ORDER, cfg.check_holidays, [(dt.date(2026, 3, 23), dt.date(2026, 3, 19))])


def test_sla_targets():
	cfg.check_sla_targets(8, 40)
	assert raises(cfg.MSG_POSITIVE, cfg.check_sla_targets, 8, 0).field == "resolution_hours"
	assert raises(cfg.MSG_POSITIVE, cfg.check_sla_targets, 0, 8).field == "response_hours"
	err = raises(cfg.MSG_RESPONSE_AFTER_RESOLUTION, cfg.check_sla_targets, 48, 24)
	assert err.field == "response_hours" and err.params["resolution"] == "24"


def test_escalation_steps():
	share, after = cfg.SHARE_TRIGGER, cfg.HOURS_AFTER_BREACH_TRIGGER
	cfg.check_escalation_steps(
		[EscalationStep(share, 50, "Notify Assignee"), EscalationStep(after, 0, "Escalate to Management")]
	)
	raises(cfg.MSG_SHARE_STEP, cfg.check_escalation_steps, [EscalationStep(share, 120, "Notify Assignee")])
	raises(cfg.MSG_SHARE_STEP, cfg.check_escalation_steps, [EscalationStep(share, 0, "Notify Assignee")])
	raises(cfg.MSG_HOURS_STEP, cfg.check_escalation_steps, [EscalationStep(after, -1, "Notify Assignee")])
	err = raises(
		cfg.MSG_STEP_REPEATED,
		cfg.check_escalation_steps,
		[EscalationStep(share, 50, "Notify Assignee"), EscalationStep(share, 50.0, "Notify Assignee")],
	)
	assert err.params == {"row": 2, "other": 1}


def test_between():
	cfg.check_between(1, 1, 12, "fiscal_year_start_month")
	err = raises(cfg.MSG_BETWEEN, cfg.check_between, 13, 1, 12, "fiscal_year_start_month")
	assert str(err) == "must be between 1 and 12"
	raises(cfg.MSG_BETWEEN, cfg.check_between, None, 1, 12, "x")


# ------------------------------------------------------------------ special periods

P = cfg.SpecialPeriod
RAMADAN = P("رمضان 1448", dt.date(2027, 2, 8), dt.date(2027, 3, 8))


def test_periods_that_do_not_overlap_are_fine():
	cfg.check_periods(
		[
			RAMADAN,
			P("صيف", dt.date(2027, 3, 9), dt.date(2027, 8, 31)),
			P("يوم", dt.date(2027, 9, 1), dt.date(2027, 9, 1)),
		]
	)
	cfg.check_periods([])


def test_overlapping_periods_name_both_rows():
	err = raises(
		cfg.MSG_PERIOD_OVERLAP,
		cfg.check_periods,
		[
			RAMADAN,
			P("صيف", dt.date(2027, 6, 1), dt.date(2027, 8, 31)),
			P("عيد", dt.date(2027, 3, 8), dt.date(2027, 3, 12)),
		],
	)
	assert err.field == "periods" and err.params["row"] == 3 and err.params["other"] == 1
	assert str(err) == "row 3: عيد (2027-03-08 to 2027-03-12) overlaps row 1 (رمضان 1448)"


def test_a_period_ends_on_or_after_it_starts_and_has_its_own_label():
	cfg.check_periods([P("يوم", dt.date(2027, 9, 1), dt.date(2027, 9, 1))])
	err = raises(
		cfg.MSG_PERIOD_ORDER, cfg.check_periods, [RAMADAN, P("x", dt.date(2027, 9, 2), dt.date(2027, 9, 1))]
	)
	assert err.params["row"] == 2
	assert raises(
		cfg.MSG_PERIOD_LABEL, cfg.check_periods, [P(" ", dt.date(2027, 9, 1), dt.date(2027, 9, 1))]
	).params == {"row": 1}
	err = raises(
		cfg.MSG_PERIOD_LABEL_REPEATED,
		cfg.check_periods,
		[RAMADAN, P(RAMADAN.label, dt.date(2028, 1, 1), dt.date(2028, 1, 2))],
	)
	assert err.params == {"row": 2, "label": RAMADAN.label, "other": 1}


def test_windows_of_a_period_are_checked_like_the_regular_week_and_name_their_row():
	labels = {RAMADAN.label}
	regular = [Window("Sunday", T(8), T(16))]
	# a period's windows may overlap the regular week's: they replace them on the period's days
	cfg.check_windows(
		[
			*regular,
			Window("Sunday", T(10), T(15), RAMADAN.label),
			Window("Sunday", T(20), T(23), RAMADAN.label),
		],
		periods=labels,
	)
	err = raises(
		cfg.MSG_WINDOW_OVERLAP,
		cfg.check_windows,
		[
			*regular,
			Window("Sunday", T(10), T(15), RAMADAN.label),
			Window("Sunday", T(14), T(16), RAMADAN.label),
		],
		periods=labels,
	)
	assert err.params["row"] == 3 and err.params["other"] == 2
	err = raises(
		cfg.MSG_WINDOW_ORDER,
		cfg.check_windows,
		[*regular, Window("Monday", T(15), T(10), RAMADAN.label)],
		periods=labels,
	)
	assert err.params["row"] == 2
	err = raises(
		cfg.MSG_WINDOW_PERIOD,
		cfg.check_windows,
		[*regular, Window("Monday", T(10), T(15), "رمضان 1449")],
		periods=labels,
	)
	assert err.params == {"row": 2, "period": "رمضان 1449"} and err.field == "windows"
	raises(
		cfg.MSG_NO_REGULAR_WINDOWS,
		cfg.check_windows,
		[Window("Monday", T(10), T(15), RAMADAN.label)],
		periods=labels,
	)


@given(
	st.lists(
		st.tuples(st.integers(0, 60), st.integers(0, 20)).map(
			lambda p: (dt.date(2027, 1, 1) + dt.timedelta(days=p[0]), p[1])
		),
		max_size=6,
	)
)
def test_accepted_periods_never_share_a_day(raw):
	periods = [P(f"p{i}", first, first + dt.timedelta(days=length)) for i, (first, length) in enumerate(raw)]
	try:
		cfg.check_periods(periods)
	except CoreValidationError as err:
		assert err.message == cfg.MSG_PERIOD_OVERLAP
		return
	days = [
		p.from_date + dt.timedelta(days=i) for p in periods for i in range((p.to_date - p.from_date).days + 1)
	]
	assert len(days) == len(set(days))


def test_a_time_after_another():
	cfg.check_after(T(10), T(15), "ramadan_end_time")
	err = raises(cfg.MSG_AFTER, cfg.check_after, T(15), T(10), "ramadan_end_time")
	assert err.field == "ramadan_end_time" and str(err) == "must be after 15:00"
