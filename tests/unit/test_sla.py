import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import sla
from beneficiary_care.core.configuration import HOURS_AFTER_BREACH_TRIGGER, SHARE_TRIGGER, EscalationStep
from beneficiary_care.core.working_time import Calendar

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
