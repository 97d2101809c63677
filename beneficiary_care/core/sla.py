"""Service levels: which policy applies, the case's deadlines and status, and the escalation ladder.

All clock arithmetic is in working seconds on the policy's calendar (core.working_time), excluding the
time the case waited on the beneficiary. A step of the ladder is due when the share of the resolution
time it names has been used, or when the working hours it names have passed since the breach; each
step is applied once per case (the caller records which were applied).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from beneficiary_care.core.configuration import HOURS_AFTER_BREACH_TRIGGER, SHARE_TRIGGER, EscalationStep
from beneficiary_care.core.lifecycle import PAUSED, REOPENED
from beneficiary_care.core.working_time import Calendar, due, elapsed
from beneficiary_care.core.zones import SiteCalendar

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
	ladder_from: dt.datetime | None = None  # steps due before this instant passed unapplied (history)


def passed_steps(calendar: Calendar, clock: Clock, steps: Sequence[EscalationStep]) -> set[int]:
	"""The ladder steps that fell due before the ladder started (a case imported from history with its
	deadlines long past): they have passed and are never applied, now or later. None once the clock
	started after that instant (a reopening begins a new round with the whole ladder)."""
	if clock.ladder_from is None or clock.ladder_from <= clock.clock_start:
		return set()
	spent = used(calendar, clock, clock.ladder_from)
	return {
		index
		for index, step in enumerate(steps)
		if step_threshold_seconds(step, clock.resolution_seconds) <= spent
	}


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
	applied = set(applied) | passed_steps(calendar, clock, steps)
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


# ------------------------------------------------------------------ a case's clock, as stored on it


@dataclass(frozen=True)
class CaseTimes:
	"""The instants of a case as the site stores them (naive, in the site's time zone, whole seconds)."""

	received_on: dt.datetime
	clock_start: dt.datetime | None = None  # None: the clock started when the case was received
	first_responded_on: dt.datetime | None = None
	resolved_on: dt.datetime | None = None
	paused_seconds: int = 0
	paused_since: dt.datetime | None = None
	ladder_from: dt.datetime | None = None  # set when imported from history (see passed_steps)


@dataclass(frozen=True)
class Evaluation:
	"""Deadlines, status and the next instant the case needs a look, in the site's time zone."""

	response_due: dt.datetime
	resolution_due: dt.datetime
	status: str
	next_event: dt.datetime | None


def clock_of(site: SiteCalendar, policy: Policy, times: CaseTimes) -> Clock:
	"""The case's clock in the calendar's own time zone."""
	return Clock(
		received_on=site.local(times.received_on),
		clock_start=site.local(times.clock_start or times.received_on),
		response_seconds=policy.response_seconds,
		resolution_seconds=policy.resolution_seconds,
		first_responded_on=site.local(times.first_responded_on),
		resolved_on=site.local(times.resolved_on),
		paused_seconds=int(times.paused_seconds or 0),
		paused_since=site.local(times.paused_since),
		ladder_from=site.local(times.ladder_from),
	)


def clock_on_save(
	site: SiteCalendar, times: CaseTimes, *, status: str, old_status: str | None, now: dt.datetime
) -> CaseTimes:
	"""The clock after a save that puts the case in `status`: a reopening starts a new clock; waiting
	on the beneficiary stops it; resuming adds the working time waited to the pauses."""
	clock_start = times.clock_start or times.received_on
	paused_seconds, paused_since = int(times.paused_seconds or 0), times.paused_since
	if status == REOPENED and old_status != REOPENED:
		clock_start, paused_seconds, paused_since = now, 0, None
	if status in PAUSED and not paused_since:
		paused_since = now
	elif status not in PAUSED and paused_since:
		paused_seconds += site.working_seconds(paused_since, now)
		paused_since = None
	return dataclasses.replace(
		times, clock_start=clock_start, paused_seconds=paused_seconds, paused_since=paused_since
	)


def times_taken(site: SiteCalendar, times: CaseTimes) -> dict[str, int | None]:
	"""The times taken once the first response and the resolution happen, so that reports average and
	take medians in SQL: working time (less the waits on the beneficiary) and calendar time."""
	received = times.received_on
	responded, resolved = times.first_responded_on, times.resolved_on
	taken: dict[str, int | None] = {
		"response_working_seconds": site.working_seconds(received, responded) if responded else None,
		"response_calendar_seconds": _calendar_seconds(site, received, responded) if responded else None,
		"resolution_working_seconds": None,
		"resolution_calendar_seconds": None,
	}
	if resolved:
		waited = int(times.paused_seconds or 0)
		taken["resolution_working_seconds"] = max(0, site.working_seconds(received, resolved) - waited)
		taken["resolution_calendar_seconds"] = _calendar_seconds(site, received, resolved)
	return taken


def _calendar_seconds(site: SiteCalendar, start: dt.datetime, end: dt.datetime) -> int:
	# measured on the calendar's wall clock, as staff read it
	return int((site.local(end) - site.local(start)).total_seconds())


def deadlines(site: SiteCalendar, policy: Policy, times: CaseTimes) -> tuple[dt.datetime, dt.datetime]:
	"""(response due, resolution due) in the site's time zone, from the case's clock."""
	clock = clock_of(site, policy, times)
	return site.site(response_due(site.calendar, clock)), site.site(resolution_due(site.calendar, clock))


def evaluate(
	site: SiteCalendar,
	policy: Policy,
	times: CaseTimes,
	now: dt.datetime,
	at_risk_share: float,
	applied: set[int],
	is_done: bool,
) -> Evaluation:
	"""What the case shows and when it needs the next look (the sweep's index), from its clock."""
	clock = clock_of(site, policy, times)
	local_now = site.local(now)
	upcoming = (
		None if is_done else next_event(site.calendar, clock, local_now, at_risk_share, policy.steps, applied)
	)
	response, resolution = deadlines(site, policy, times)
	return Evaluation(
		response_due=response,
		resolution_due=resolution,
		status=status(site.calendar, clock, local_now, at_risk_share),
		next_event=site.site(upcoming),
	)


def steps_due_now(
	site: SiteCalendar, policy: Policy, times: CaseTimes, now: dt.datetime, applied: set[int]
) -> list[int]:
	"""The ladder steps due at `now` and not yet applied; none while the case waits on the beneficiary."""
	clock = clock_of(site, policy, times)
	if clock.paused_since is not None:
		return []
	applied = set(applied) | passed_steps(site.calendar, clock, policy.steps)
	return due_steps(
		policy.steps, applied, used(site.calendar, clock, site.local(now)), clock.resolution_seconds
	)


# ------------------------------------------------------------------ the ladder as the form shows it

APPLIED, PASSED, DUE, UPCOMING, STOPPED, NOT_REACHED = (
	"Applied",
	"Passed",
	"Due Now",
	"Upcoming",
	"Clock Stopped",
	"Not Reached",
)
RUNG_STATES = (APPLIED, PASSED, DUE, UPCOMING, STOPPED, NOT_REACHED)  # the form translates them


@dataclass(frozen=True)
class Rung:
	"""One step of a case's escalation ladder in this round: what it does, and when it was or will be
	applied (`at`, in the site's time zone; None when no instant can be told)."""

	step: int  # 1-based, in ladder order
	action: str
	level: int
	trigger: str
	threshold: float
	state: str
	at: dt.datetime | None


def ladder(
	site: SiteCalendar,
	policy: Policy,
	times: CaseTimes,
	now: dt.datetime,
	applied: dict[int, dt.datetime],
) -> list[Rung]:
	"""Every step of the policy's ladder for the case's current round, with `applied` (0-based step →
	when it was applied): applied; passed (imported from history after it fell due); due now (the
	sweep has yet to apply it); upcoming with the instant it falls due; waiting while the clock is
	stopped (the instant moves with the wait); not reached once the case is resolved."""
	clock = clock_of(site, policy, times)
	passed = passed_steps(site.calendar, clock, policy.steps)
	spent = used(site.calendar, clock, site.local(now))
	rungs = []
	for index, step in enumerate(policy.steps):
		threshold = step_threshold_seconds(step, clock.resolution_seconds)
		at = applied.get(index)
		if at is not None:
			state = APPLIED
		elif index in passed:
			state = PASSED
		elif clock.resolved_on is not None:
			state = NOT_REACHED
		elif spent >= threshold:
			state = DUE
		elif clock.paused_since is not None:
			state = STOPPED
		else:
			state = UPCOMING
			at = site.site(due(site.calendar, clock.clock_start, threshold, clock.paused_seconds))
		rungs.append(
			Rung(index + 1, step.action, ACTION_LEVELS[step.action], step.trigger, step.threshold, state, at)
		)
	return rungs
