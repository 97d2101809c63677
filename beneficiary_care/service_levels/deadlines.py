"""A case's deadlines, SLA status, times taken and next SLA instant, set on every save (from the case's
validate) and when a first response arrives without a save. The rules are core.sla's; this moves
values between the case and the core."""

from __future__ import annotations

import dataclasses
import datetime as dt

import frappe
from frappe.model.document import Document
from frappe.utils import cint, get_datetime, now_datetime

from beneficiary_care.core import sla
from beneficiary_care.core.lifecycle import CANCELLED, DONE, REOPENED
from beneficiary_care.core.zones import SiteCalendar
from beneficiary_care.framework.helpers import figures_stamp
from beneficiary_care.service_levels.configuration import calendar, policy_for, settings

RESPONSE_TIMES = ("response_working_seconds", "response_calendar_seconds")
# What a case's SLA is computed from (its policy, its clock, the calendar's periods as of when): the
# fields the sweep and the recalculation select for each case.
CLOCK_FIELDS = (
	"name",
	"status",
	"received_on",
	"sla_clock_start",
	"first_responded_on",
	"resolved_on",
	"paused_seconds",
	"paused_since",
	"reopen_count",
	"subject_category",
	"priority",
	"calendar_as_of",
	"ladder_from",
)


def whole_seconds(value) -> dt.datetime | None:
	return get_datetime(value).replace(microsecond=0) if value else None


def case_times(case: Document | frappe._dict) -> sla.CaseTimes:
	"""The case's clock fields as the core reads them."""
	return sla.CaseTimes(
		received_on=whole_seconds(case.received_on),
		clock_start=whole_seconds(case.get("sla_clock_start")),
		first_responded_on=whole_seconds(case.get("first_responded_on")),
		resolved_on=whole_seconds(case.get("resolved_on")),
		paused_seconds=int(case.get("paused_seconds") or 0),
		paused_since=whole_seconds(case.get("paused_since")),
		ladder_from=whole_seconds(case.get("ladder_from")),
	)


def periods_as_of(case: Document | frappe._dict) -> dt.datetime:
	"""The instant whose special periods the case's deadlines count (core.working_time, periods added
	later wait for a recalculation). A case whose deadlines were set before the app knew of periods
	has none stamped: it counts the periods added by the time it was received, that is none."""
	return whole_seconds(case.get("calendar_as_of") or case.received_on)


def stamp_periods_as_of(case: Document, old_status: str | None, now: dt.datetime) -> dt.datetime:
	"""When the clock first gets deadlines, and when a reopening starts a new clock, the case counts
	the special periods its calendar has now."""
	reopening = case.status == REOPENED and old_status != REOPENED
	has_deadlines = not case.is_new() and (case.response_due or case.resolution_due)
	if reopening or not (case.get("calendar_as_of") or has_deadlines):
		case.calendar_as_of = now
	return periods_as_of(case)


def apply_on_save(case: Document, old_status: str | None, now: dt.datetime | None = None) -> None:
	"""Called from the case's validate, after the lifecycle step was checked and stamped."""
	now = whole_seconds(now or now_datetime())
	if case.status == CANCELLED:
		case.update({"sla_status": "", "next_sla_event_on": None, "paused_since": None})
		return
	policy = policy_for(case)
	if policy is None:
		case.update({"sla_policy": None, "response_due": None, "resolution_due": None, "sla_status": ""})
		case.next_sla_event_on = None
		if settings().default_calendar:
			site = calendar(settings().default_calendar, case.get("calendar_as_of"))
			case.update(sla.times_taken(site, case_times(case)))
		return
	site = calendar(policy.calendar, stamp_periods_as_of(case, old_status, now))
	case.sla_policy = policy.name or None
	if not case.sla_clock_start:
		case.sla_clock_start = case.received_on
	before = case_times(case)
	times = sla.clock_on_save(site, before, status=case.status, old_status=old_status, now=now)
	# only what the step changed is written back
	for field, value in (
		("sla_clock_start", times.clock_start),
		("paused_seconds", times.paused_seconds),
		("paused_since", times.paused_since),
	):
		if value != getattr(before, "clock_start" if field == "sla_clock_start" else field):
			case.set(field, value)
	case.update(sla.times_taken(site, times))
	refresh(case, policy, site, now, times=times)
	stored = case.get_doc_before_save()  # as the database holds it now (Frappe reads it on every save)
	if stored is not None:
		# the sweep raises the level without touching `modified`: a form opened before it must not lower it
		case.escalation_level = max(cint(case.escalation_level), cint(stored.escalation_level))


def refresh(
	case: Document | frappe._dict,
	policy: sla.Policy,
	site: SiteCalendar,
	now: dt.datetime,
	applied: set[int] | None = None,
	times: sla.CaseTimes | None = None,
) -> None:
	"""Deadlines, status and next event from the case's clock (values set on `case`, not saved)."""
	if applied is None:
		inserting = getattr(case, "flags", None) is not None and case.flags.in_insert  # no step yet
		known = case.name and not inserting
		applied = applied_steps(case.doctype, case.name, case.reopen_count) if known else set()
	evaluation = sla.evaluate(
		site,
		policy,
		times or case_times(case),
		now,
		settings().at_risk_share,
		applied,
		is_done=case.status in DONE[case.doctype],
	)
	case.response_due = evaluation.response_due
	case.resolution_due = evaluation.resolution_due
	case.sla_status = evaluation.status
	case.next_sla_event_on = evaluation.next_event


def stamp_first_response(doctype: str, name: str, when: dt.datetime) -> None:
	"""A first response that did not come through a save (a staff email): stamp it and its times."""
	case = frappe.db.get_value(
		doctype,
		name,
		["name", "received_on", "subject_category", "priority", "first_responded_on", "calendar_as_of"],
		as_dict=True,
	)
	if not case or case.first_responded_on:
		return
	case.doctype, case.first_responded_on = doctype, whole_seconds(when)
	policy = policy_for(case)
	values = {"first_responded_on": case.first_responded_on, "figures_changed_on": figures_stamp()}
	if policy:
		site = calendar(policy.calendar, periods_as_of(case))
	elif settings().default_calendar:
		site = calendar(settings().default_calendar, case.calendar_as_of)
	else:
		site = None
	if site:
		times = dataclasses.replace(case_times(case), resolved_on=None)
		taken = sla.times_taken(site, times)
		values.update({field: taken[field] for field in RESPONSE_TIMES})
	frappe.db.set_value(doctype, name, values, update_modified=False)


def deadline_periods(case: Document) -> dict[str, str]:
	"""The special period each deadline of the case falls in, by fieldname (for the form's headline)."""
	policy = policy_for(case) if case.get("resolution_due") or case.get("response_due") else None
	if policy is None:
		return {}
	site = calendar(policy.calendar, periods_as_of(case))
	labels = {f: site.period_label(whole_seconds(case.get(f))) for f in ("response_due", "resolution_due")}
	return {f: label for f, label in labels.items() if label}


def applied_for(doctype: str, names: list[str]) -> dict[tuple[str, int], set[int]]:
	"""The ladder steps (0-based) applied to each of `names`, by (case, round), in one query."""
	applied: dict[tuple[str, int], set[int]] = {}
	if not names:
		return applied
	e = frappe.qb.DocType("Case Escalation")
	rows = (
		frappe.qb.from_(e)
		.select(e.reference_name, e["round"], e.step)
		.where((e.reference_doctype == doctype) & e.reference_name.isin(names))
		.run()
	)
	for name, round_, step in rows:
		applied.setdefault((name, round_ or 0), set()).add(step - 1)
	return applied


def applied_steps(doctype: str, name: str, round_: int | None) -> set[int]:
	return {
		step - 1
		for step in frappe.get_all(
			"Case Escalation",
			filters={"reference_doctype": doctype, "reference_name": name, "round": round_ or 0},
			pluck="step",
		)
	}


def ladder(case: Document, now: dt.datetime | None = None) -> list[dict]:
	"""The case's escalation ladder in its current round, for the form: each step's action, what
	triggers it, and when it was applied or falls due (core.sla.ladder). Empty without a policy."""
	policy = policy_for(case) if case.get("resolution_due") else None
	if policy is None or not policy.steps or case.status == CANCELLED:
		return []
	rows = frappe.get_all(
		"Case Escalation",
		filters={
			"reference_doctype": case.doctype,
			"reference_name": case.name,
			"round": case.reopen_count or 0,
		},
		fields=["step", "escalated_on"],
	)
	applied = {row.step - 1: whole_seconds(row.escalated_on) for row in rows}
	site = calendar(policy.calendar, periods_as_of(case))
	now = whole_seconds(now or now_datetime())
	return [dataclasses.asdict(rung) for rung in sla.ladder(site, policy, case_times(case), now, applied)]
