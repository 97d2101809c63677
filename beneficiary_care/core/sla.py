"""Service levels: which policy applies, the case's deadlines and status, and the escalation ladder.

All clock arithmetic is in working seconds on the policy's calendar (core.working_time), excluding the
time the case waited on the beneficiary. A step of the ladder is due when the share of the resolution
time it names has been used, or when the working hours it names have passed since the breach; each
step is applied once per case (the caller records which were applied).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from beneficiary_care.core.configuration import HOURS_AFTER_BREACH_TRIGGER, SHARE_TRIGGER, EscalationStep
from beneficiary_care.core.working_time import Calendar, due, elapsed

ON_TRACK, AT_RISK, BREACHED, MET, MISSED = "On Track", "At Risk", "Breached", "Met", "Missed"

# The rung each action puts the case on (Escalation Level on the case).
ACTION_LEVELS = {
	"Notify Assignee": 1,
	"Assign Department Head": 2,
	"Escalate to Complaints Committee": 3,
	"Escalate to Management": 4,
}


@dataclass(frozen=True)
class Policy:
	name: str
	kind: str
	subject_category: str | None
	priority: str | None
	is_default: bool
	response_hours: float
	resolution_hours: float
	calendar: str
	steps: tuple[EscalationStep, ...] = ()

	@property
	def response_seconds(self) -> int:
		return round(self.response_hours * 3600)

	@property
	def resolution_seconds(self) -> int:
		return round(self.resolution_hours * 3600)


def choose_policy(
	policies: Iterable[Policy], kind: str, subject_category: str | None, priority: str | None
) -> Policy | None:
	"""The most specific policy for the case: one naming its category beats one naming its priority,
	which beats the kind's default; a policy naming another category or priority never applies."""
	best, best_score = None, -1.0
	for policy in policies:
		if policy.kind != kind:
			continue
		if policy.subject_category and policy.subject_category != subject_category:
			continue
		if policy.priority and policy.priority != priority:
			continue
		score = 2 * bool(policy.subject_category) + bool(policy.priority) + 0.5 * policy.is_default
		if score > best_score or (score == best_score and best and policy.name < best.name):
			best, best_score = policy, score
	return best


@dataclass(frozen=True)
class Clock:
	"""What the SLA of one open or finished case depends on."""

	received_on: dt.datetime
	clock_start: dt.datetime  # received_on, or the moment it was reopened
	response_seconds: int
	resolution_seconds: int
	first_responded_on: dt.datetime | None = None
	resolved_on: dt.datetime | None = None
	paused_seconds: int = 0  # working seconds of closed pauses since clock_start
	paused_since: dt.datetime | None = None


def response_due(calendar: Calendar, clock: Clock) -> dt.datetime:
	return due(calendar, clock.received_on, clock.response_seconds)


def resolution_due(calendar: Calendar, clock: Clock) -> dt.datetime:
	return due(calendar, clock.clock_start, clock.resolution_seconds, clock.paused_seconds)


def used(calendar: Calendar, clock: Clock, now: dt.datetime) -> int:
	return elapsed(calendar, clock.clock_start, now, clock.paused_seconds, clock.paused_since)


def status(calendar: Calendar, clock: Clock, now: dt.datetime, at_risk_share: float) -> str:
	"""On Track / At Risk / Breached while open; Met / Missed once resolved."""
	if clock.resolved_on is not None:
		return MET if clock.resolved_on <= resolution_due(calendar, clock) else MISSED
	if clock.first_responded_on is None and now > response_due(calendar, clock):
		return BREACHED
	spent = used(calendar, clock, now)
	if spent >= clock.resolution_seconds:
		return BREACHED
	if spent >= clock.resolution_seconds * at_risk_share:
		return AT_RISK
	return ON_TRACK


def step_threshold_seconds(step: EscalationStep, resolution_seconds: int) -> int:
	"""Working seconds of clock use at which a step falls due."""
	if step.trigger == SHARE_TRIGGER:
		return round(resolution_seconds * step.threshold / 100)
	if step.trigger == HOURS_AFTER_BREACH_TRIGGER:
		return resolution_seconds + round(step.threshold * 3600)
	raise ValueError(f"unknown escalation trigger {step.trigger!r}")


def due_steps(
	steps: Sequence[EscalationStep], applied: set[int], spent: int, resolution_seconds: int
) -> list[int]:
	"""Indexes (0-based, in ladder order) of the steps due now and not yet applied."""
	return [
		i
		for i, step in enumerate(steps)
		if i not in applied and spent >= step_threshold_seconds(step, resolution_seconds)
	]


def next_event(
	calendar: Calendar,
	clock: Clock,
	now: dt.datetime,
	at_risk_share: float,
	steps: Sequence[EscalationStep] = (),
	applied: set[int] = frozenset(),
) -> dt.datetime | None:
	"""When the case's SLA next needs a look: `now` if a ladder step is due and not applied; else the
	next instant at which its status changes (response deadline, at risk, breach) or a step falls due;
	None when nothing will (resolved, or nothing left to watch).

	While the case waits on the beneficiary its resolution clock stands still: only the response
	deadline can still pass; the instants are computed again when it resumes.
	"""
	if clock.resolved_on is not None:
		return None
	instants: list[dt.datetime] = []
	if clock.first_responded_on is None:
		response = response_due(calendar, clock)
		if response > now:
			instants.append(response)
	if clock.paused_since is None:
		spent = used(calendar, clock, now)
		for index, step in enumerate(steps):
			if index not in applied and step_threshold_seconds(step, clock.resolution_seconds) <= spent:
				return now
		marks = [round(clock.resolution_seconds * at_risk_share), clock.resolution_seconds]
		marks += [
			step_threshold_seconds(step, clock.resolution_seconds)
			for index, step in enumerate(steps)
			if index not in applied
		]
		instants += [due(calendar, clock.clock_start, m, clock.paused_seconds) for m in marks if m > spent]
	return min(instants) if instants else None
