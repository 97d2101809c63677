"""The case's clock as the site stores it: time zones between the site and the calendar, the clock
after each save (pauses, reopening), times taken, and what the case shows (core.zones, core.sla)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import sla
from beneficiary_care.core.configuration import SHARE_TRIGGER, EscalationStep
from beneficiary_care.core.working_time import Calendar
from beneficiary_care.core.zones import SiteCalendar, Zones

T = dt.datetime
H = 3600
CAL = Calendar.build(
	[(d, "08:00", "16:00") for d in ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday")]
)
RIYADH = SiteCalendar(CAL, Zones("Asia/Riyadh", "Asia/Riyadh"))
# a site kept in UTC whose association works on Riyadh time (UTC+3, no daylight saving)
UTC_SITE = SiteCalendar(CAL, Zones("UTC", "Asia/Riyadh"))
POLICY = sla.Policy(
	"p",
	"Complaint",
	None,
	None,
	True,
	8,
	40,
	"cal",
	(EscalationStep(SHARE_TRIGGER, 50, "Notify Assignee"), EscalationStep(SHARE_TRIGGER, 100, "Escalate")),
)

moments = st.datetimes(min_value=T(2026, 1, 1), max_value=T(2026, 12, 31)).map(
	lambda m: m.replace(microsecond=0)
)


@given(moments)
def test_zones_convert_there_and_back(moment):
	zones = Zones("UTC", "Asia/Riyadh")
	assert zones.to_local(moment) == moment + dt.timedelta(hours=3)
	assert zones.to_system(zones.to_local(moment)) == moment
	assert Zones("Asia/Riyadh", "Asia/Riyadh").to_local(moment) == moment
	assert zones.to_local(None) is None and zones.to_system(None) is None


@given(moments, st.integers(0, 200 * H))
def test_a_site_in_another_zone_gets_the_same_working_time(start, seconds):
	"""The same instants, stored in UTC by one site and in Riyadh time by another, are the same
	working time on the Riyadh calendar."""
	end = start + dt.timedelta(seconds=seconds)
	utc = dt.timedelta(hours=3)
	assert UTC_SITE.working_seconds(start - utc, end - utc) == RIYADH.working_seconds(start, end)


def test_deadlines_come_back_in_the_site_zone():
	received = T(2026, 3, 1, 9, 0)  # Sunday 09:00 in Riyadh
	times = sla.CaseTimes(received)
	riyadh = sla.evaluate(RIYADH, POLICY, times, received, 0.75, set(), is_done=False)
	utc_times = sla.CaseTimes(received - dt.timedelta(hours=3))
	utc = sla.evaluate(UTC_SITE, POLICY, utc_times, received - dt.timedelta(hours=3), 0.75, set(), False)
	assert riyadh.response_due == T(2026, 3, 2, 9, 0)  # 8 working hours: 7 on Sunday, 1 on Monday
	assert utc.response_due == riyadh.response_due - dt.timedelta(hours=3)
	assert utc.resolution_due == riyadh.resolution_due - dt.timedelta(hours=3)
	assert (riyadh.status, utc.status) == (sla.ON_TRACK, sla.ON_TRACK)
	assert utc.next_event == riyadh.next_event - dt.timedelta(hours=3)


def test_waiting_on_the_beneficiary_stops_and_resuming_counts_the_wait():
	received = T(2026, 3, 1, 8, 0)  # Sunday
	times = sla.CaseTimes(received)
	paused = sla.clock_on_save(
		RIYADH, times, status="Awaiting Beneficiary", old_status="In Progress", now=T(2026, 3, 1, 10, 0)
	)
	assert paused.paused_since == T(2026, 3, 1, 10, 0) and paused.paused_seconds == 0
	still = sla.clock_on_save(
		RIYADH,
		paused,
		status="Awaiting Beneficiary",
		old_status="Awaiting Beneficiary",
		now=T(2026, 3, 1, 11, 0),
	)
	assert still == paused  # a save while waiting changes nothing
	resumed = sla.clock_on_save(
		RIYADH, paused, status="In Progress", old_status="Awaiting Beneficiary", now=T(2026, 3, 2, 9, 0)
	)
	# Sunday 10:00–16:00 and Monday 08:00–09:00: 7 working hours waited
	assert resumed.paused_since is None and resumed.paused_seconds == 7 * H
	assert resumed.clock_start == received
	before = sla.evaluate(RIYADH, POLICY, times, received, 0.75, set(), False).resolution_due
	after = sla.evaluate(RIYADH, POLICY, resumed, received, 0.75, set(), False).resolution_due
	assert RIYADH.working_seconds(before, after) == 7 * H  # the deadline moved by the wait


def test_a_reopening_starts_a_new_clock():
	times = sla.CaseTimes(T(2026, 3, 1, 8, 0), paused_seconds=3 * H, resolved_on=T(2026, 3, 2, 8, 0))
	reopened = sla.clock_on_save(
		RIYADH, times, status="Reopened", old_status="Closed", now=T(2026, 3, 5, 9, 0)
	)
	assert (reopened.clock_start, reopened.paused_seconds, reopened.paused_since) == (
		T(2026, 3, 5, 9, 0),
		0,
		None,
	)
	again = sla.clock_on_save(
		RIYADH, reopened, status="Reopened", old_status="Reopened", now=T(2026, 3, 5, 10)
	)
	assert again.clock_start == T(2026, 3, 5, 9, 0)  # saving it again is not a second reopening


def test_times_taken_working_less_the_wait_and_calendar():
	times = sla.CaseTimes(
		T(2026, 3, 1, 15, 0),
		first_responded_on=T(2026, 3, 2, 9, 0),
		resolved_on=T(2026, 3, 3, 10, 0),
		paused_seconds=2 * H,
	)
	taken = sla.times_taken(RIYADH, times)
	assert taken == {
		"response_working_seconds": 2 * H,  # Sunday 15–16, Monday 08–09
		"response_calendar_seconds": 18 * H,
		"resolution_working_seconds": (1 + 8 + 2) * H - 2 * H,
		"resolution_calendar_seconds": 43 * H,
	}
	assert sla.times_taken(RIYADH, sla.CaseTimes(T(2026, 3, 1, 15, 0))) == dict.fromkeys(taken)


@given(moments, st.integers(0, 100 * H), st.integers(0, 100 * H))
def test_times_taken_do_not_depend_on_the_site_zone(received, to_response, to_resolution):
	responded = received + dt.timedelta(seconds=to_response)
	resolved = responded + dt.timedelta(seconds=to_resolution)
	utc = dt.timedelta(hours=3)
	riyadh = sla.times_taken(RIYADH, sla.CaseTimes(received, None, responded, resolved))
	shifted = sla.times_taken(UTC_SITE, sla.CaseTimes(received - utc, None, responded - utc, resolved - utc))
	assert riyadh == shifted
	assert riyadh["resolution_working_seconds"] >= riyadh["response_working_seconds"]


def test_steps_due_now_none_while_waiting():
	received = T(2026, 3, 1, 8, 0)
	half = T(2026, 3, 3, 12, 0)  # 20 of 40 working hours used
	assert sla.steps_due_now(RIYADH, POLICY, sla.CaseTimes(received), half, set()) == [0]
	assert sla.steps_due_now(RIYADH, POLICY, sla.CaseTimes(received), half, {0}) == []
	waiting = sla.CaseTimes(received, paused_since=T(2026, 3, 2, 8, 0))
	assert sla.steps_due_now(RIYADH, POLICY, waiting, half, set()) == []


def test_a_finished_case_needs_no_further_look():
	received = T(2026, 3, 1, 8, 0)
	done = sla.CaseTimes(received, first_responded_on=T(2026, 3, 1, 9), resolved_on=T(2026, 3, 1, 10))
	evaluation = sla.evaluate(RIYADH, POLICY, done, T(2026, 3, 1, 11), 0.75, set(), is_done=True)
	assert evaluation.next_event is None and evaluation.status == sla.MET
