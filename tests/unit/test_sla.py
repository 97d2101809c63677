import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import sla
from beneficiary_care.core.configuration import HOURS_AFTER_BREACH_TRIGGER, SHARE_TRIGGER, EscalationStep
from beneficiary_care.core.working_time import Calendar
from beneficiary_care.core.zones import SiteCalendar, Zones

T = dt.datetime
H = 3600
CAL = Calendar.build(
	[(d, "08:00", "16:00") for d in ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday")]
)
LADDER = (
	EscalationStep(SHARE_TRIGGER, 50, "Notify Assignee"),
	EscalationStep(SHARE_TRIGGER, 75, "Assign Department Head"),
	EscalationStep(SHARE_TRIGGER, 100, "Escalate to Complaints Committee"),
	EscalationStep(HOURS_AFTER_BREACH_TRIGGER, 16, "Escalate to Management"),
)


def policy(name, kind="Complaint", category=None, priority=None, default=False):
	return sla.Policy(name, kind, category, priority, default, 8, 40, "cal")


def test_most_specific_policy_wins_and_mismatches_never_apply():
	policies = [
		policy("default", default=True),
		policy("urgent", priority="Urgent"),
		policy("conduct", category="سلوك"),
		policy("conduct-urgent", category="سلوك", priority="Urgent"),
		policy("inquiry", kind="Inquiry", default=True),
	]
	assert sla.choose_policy(policies, "Complaint", "سلوك", "Urgent").name == "conduct-urgent"
	assert sla.choose_policy(policies, "Complaint", "سلوك", "Low").name == "conduct"
	assert sla.choose_policy(policies, "Complaint", "أخرى", "Urgent").name == "urgent"
	assert sla.choose_policy(policies, "Complaint", None, "Medium").name == "default"
	assert sla.choose_policy(policies, "Inquiry", None, None).name == "inquiry"
	assert sla.choose_policy(policies, "Suggestion", None, None) is None


def clock(**kw):
	base = dict(
		received_on=T(2026, 3, 1, 8, 0),  # Sunday 08:00
		clock_start=T(2026, 3, 1, 8, 0),
		response_seconds=8 * H,
		resolution_seconds=40 * H,
	)
	return sla.Clock(**{**base, **kw})


def test_status_moves_on_track_at_risk_breached():
	c = clock(first_responded_on=T(2026, 3, 1, 9, 0))
	assert sla.resolution_due(CAL, c) == T(2026, 3, 5, 16, 0)  # Thursday 16:00
	assert sla.status(CAL, c, T(2026, 3, 3, 8, 0), 0.75) == sla.ON_TRACK  # 16 h used
	assert sla.status(CAL, c, T(2026, 3, 4, 16, 0), 0.75) == sla.AT_RISK  # 32 h = 80 %
	assert sla.status(CAL, c, T(2026, 3, 8, 8, 1), 0.75) == sla.BREACHED


def test_unanswered_past_the_response_deadline_is_breached():
	c = clock()
	assert sla.response_due(CAL, c) == T(2026, 3, 1, 16, 0)
	assert sla.status(CAL, c, T(2026, 3, 1, 15, 0), 0.75) == sla.ON_TRACK
	assert sla.status(CAL, c, T(2026, 3, 2, 8, 30), 0.75) == sla.BREACHED


def test_met_or_missed_once_resolved():
	assert sla.status(CAL, clock(resolved_on=T(2026, 3, 5, 16, 0)), T(2026, 4, 1), 0.75) == sla.MET
	assert sla.status(CAL, clock(resolved_on=T(2026, 3, 8, 9, 0)), T(2026, 4, 1), 0.75) == sla.MISSED


def test_waiting_on_the_beneficiary_stops_the_clock():
	c = clock(first_responded_on=T(2026, 3, 1, 9), paused_since=T(2026, 3, 2, 8, 0))  # 8 h used
	later = T(2026, 3, 12, 8, 0)
	assert sla.used(CAL, c, later) == 8 * H
	assert sla.status(CAL, c, later, 0.75) == sla.ON_TRACK
	assert sla.next_event(CAL, c, later, 0.75, LADDER) is None


def test_ladder_steps_fall_due_in_order_and_each_once():
	total = 40 * H
	assert sla.due_steps(LADDER, set(), 19 * H, total) == []
	assert sla.due_steps(LADDER, set(), 20 * H, total) == [0]
	assert sla.due_steps(LADDER, {0}, 31 * H, total) == [1]
	assert sla.due_steps(LADDER, {0, 1}, 40 * H, total) == [2]
	assert sla.due_steps(LADDER, {0, 1, 2}, 55 * H, total) == []
	assert sla.due_steps(LADDER, {0, 1, 2}, 56 * H, total) == [3]
	assert sla.due_steps(LADDER, set(), 60 * H, total) == [0, 1, 2, 3]  # a sweep that was late


def test_next_event_is_the_next_mark_or_now_when_a_step_is_due():
	c = clock(first_responded_on=T(2026, 3, 1, 9, 0))
	now = T(2026, 3, 1, 10, 0)
	assert sla.next_event(CAL, c, now, 0.75, LADDER) == T(2026, 3, 3, 12, 0)  # 50 % = 20 h
	assert sla.next_event(CAL, c, T(2026, 3, 3, 12, 0), 0.75, LADDER) == T(2026, 3, 3, 12, 0)
	assert sla.next_event(CAL, c, T(2026, 3, 3, 12, 0), 0.75, LADDER, {0}) == T(
		2026, 3, 4, 14, 0
	)  # 30 h at risk
	unanswered = clock()
	assert sla.next_event(CAL, unanswered, now, 0.75) == T(2026, 3, 1, 16, 0)
	assert sla.next_event(CAL, clock(resolved_on=now), now, 0.75, LADDER) is None


moments = st.datetimes(min_value=T(2026, 3, 1, 8), max_value=T(2026, 4, 30))


@given(moments, moments)
def test_status_never_goes_back_while_the_clock_runs(a, b):
	c = clock(first_responded_on=T(2026, 3, 1, 9, 0))
	order = [sla.ON_TRACK, sla.AT_RISK, sla.BREACHED]
	early, late = sorted((a, b))
	assert order.index(sla.status(CAL, c, early, 0.75)) <= order.index(sla.status(CAL, c, late, 0.75))


@given(moments)
def test_next_event_is_never_in_the_past(now):
	c = clock(first_responded_on=T(2026, 3, 1, 9, 0))
	event = sla.next_event(CAL, c, now, 0.75, LADDER)
	assert event is None or event >= now.replace(microsecond=0)


# ------------------------------------------------------------------ the ladder as the form shows it

LADDER_POLICY = sla.Policy("p", "Complaint", None, None, True, 8, 40, "cal", LADDER)


def site(zone="Asia/Riyadh"):
	return SiteCalendar(CAL, Zones(zone, "Asia/Riyadh"))


def test_the_ladder_shows_applied_steps_when_and_the_rest_when_they_fall_due():
	times = sla.CaseTimes(received_on=T(2026, 3, 1, 8, 0), first_responded_on=T(2026, 3, 1, 9, 0))
	applied = {0: T(2026, 3, 3, 12, 5), 1: T(2026, 3, 4, 14, 1)}
	rungs = sla.ladder(site(), LADDER_POLICY, times, T(2026, 3, 4, 15, 0), applied)
	assert [(r.step, r.state, r.at) for r in rungs] == [
		(1, sla.APPLIED, T(2026, 3, 3, 12, 5)),
		(2, sla.APPLIED, T(2026, 3, 4, 14, 1)),
		(3, sla.UPCOMING, T(2026, 3, 5, 16, 0)),  # 40 working hours: Thursday 16:00
		(4, sla.UPCOMING, T(2026, 3, 9, 16, 0)),  # 16 working hours after the breach: Monday 16:00
	]
	assert [r.level for r in rungs] == [1, 2, 3, 4]
	assert rungs[3].trigger == HOURS_AFTER_BREACH_TRIGGER and rungs[3].threshold == 16


def test_a_step_the_sweep_has_not_applied_yet_is_due_now():
	times = sla.CaseTimes(received_on=T(2026, 3, 1, 8, 0))
	rungs = sla.ladder(site(), LADDER_POLICY, times, T(2026, 3, 3, 12, 0), {})
	assert [r.state for r in rungs] == [sla.DUE, sla.UPCOMING, sla.UPCOMING, sla.UPCOMING]
	assert rungs[0].at is None


def test_the_ladder_waits_with_the_clock_and_is_not_reached_once_resolved():
	paused = sla.CaseTimes(received_on=T(2026, 3, 1, 8, 0), paused_since=T(2026, 3, 2, 8, 0))
	rungs = sla.ladder(site(), LADDER_POLICY, paused, T(2026, 3, 20, 8, 0), {})
	assert {r.state for r in rungs} == {sla.STOPPED} and all(r.at is None for r in rungs)
	resolved = sla.CaseTimes(received_on=T(2026, 3, 1, 8, 0), resolved_on=T(2026, 3, 4, 8, 0))
	rungs = sla.ladder(site(), LADDER_POLICY, resolved, T(2026, 3, 20, 8, 0), {0: T(2026, 3, 3, 12, 0)})
	assert [r.state for r in rungs] == [sla.APPLIED] + [sla.NOT_REACHED] * 3


def test_steps_passed_in_history_are_shown_passed():
	times = sla.CaseTimes(received_on=T(2026, 3, 1, 8, 0), ladder_from=T(2026, 3, 4, 15, 0))
	rungs = sla.ladder(site(), LADDER_POLICY, times, T(2026, 3, 4, 15, 0), {})
	assert [r.state for r in rungs] == [sla.PASSED, sla.PASSED, sla.UPCOMING, sla.UPCOMING]


def test_a_site_in_utc_reads_the_instants_in_its_own_zone():
	# the calendar keeps Riyadh hours; a site whose system zone is UTC reads them three hours earlier
	times = sla.CaseTimes(received_on=T(2026, 3, 1, 5, 0), first_responded_on=T(2026, 3, 1, 6, 0))
	rungs = sla.ladder(site("UTC"), LADDER_POLICY, times, T(2026, 3, 1, 6, 0), {})
	assert rungs[2].at == T(2026, 3, 5, 13, 0)


@given(moments)
def test_upcoming_steps_fall_due_after_now_and_in_ladder_order(now):
	times = sla.CaseTimes(received_on=T(2026, 3, 1, 8, 0), first_responded_on=T(2026, 3, 1, 9, 0))
	rungs = sla.ladder(site(), LADDER_POLICY, times, now, {})
	upcoming = [r.at for r in rungs if r.state == sla.UPCOMING]
	assert all(at > now for at in upcoming) and upcoming == sorted(upcoming)
	states = [r.state for r in rungs]  # the due steps come first
	assert states == sorted(states, key=lambda s: s != sla.DUE)
