"""Deadlines, SLA status and the escalation ladder on cases — the adapter around core.sla.

Frappe has no SLA for arbitrary DocTypes (ERPNext's needs ERPNext and only comments on a breach;
Helpdesk removed escalation), so this is our own: on every save a case gets its policy, its response
and resolution deadlines in working time, its status, and the next instant its SLA needs a look
(`next_sla_event_on`, indexed). A scheduled sweep selects the cases whose instant has come with one
indexed query per kind, works through them in batches, applies each due ladder step once (a Case
Escalation row whose unique key the database enforces), and records the next instant.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, get_datetime, get_system_timezone, now_datetime

from beneficiary_care.core import sla
from beneficiary_care.core.configuration import EscalationStep
from beneficiary_care.core.lifecycle import CANCELLED, DONE, PAUSED
from beneficiary_care.core.working_time import Calendar
from beneficiary_care.figures import stamp

SETTINGS = "Beneficiary Care Settings"
BATCH = 200


# ------------------------------------------------------------------ configuration, per request


def _request_cache() -> dict:
	if not hasattr(frappe.local, "bc_sla_cache"):
		frappe.local.bc_sla_cache = {}
	return frappe.local.bc_sla_cache


def forget_configuration(doc=None, method=None) -> None:
	frappe.local.bc_sla_cache = {}


def calendar(name: str) -> tuple[Calendar, str]:
	"""The working calendar and its time zone."""
	cache = _request_cache()
	if ("calendar", name) not in cache:
		doc = frappe.get_cached_doc("Working Calendar", name)
		cache[("calendar", name)] = (
			Calendar.build(
				[(w.weekday, w.start_time, w.end_time) for w in doc.windows],
				[
					(
						get_datetime(h.holiday_date).date(),
						get_datetime(h.to_date).date() if h.to_date else None,
					)
					for h in doc.holidays
				],
			),
			doc.time_zone or get_system_timezone(),
		)
	return cache[("calendar", name)]


def policies() -> list[sla.Policy]:
	cache = _request_cache()
	if "policies" not in cache:
		rows = frappe.get_all(
			"Care SLA Policy",
			filters={"enabled": 1},
			fields=[
				"name",
				"case_kind",
				"subject_category",
				"priority",
				"is_default",
				"response_hours",
				"resolution_hours",
				"calendar",
			],
		)
		steps = {}
		for step in frappe.get_all(
			"Care Escalation Step",
			filters={"parenttype": "Care SLA Policy"},
			fields=["parent", "trigger", "threshold", "action"],
			order_by="parent, idx",
		):
			steps.setdefault(step.parent, []).append(
				EscalationStep(step.trigger, flt(step.threshold), step.action)
			)
		cache["policies"] = [
			sla.Policy(
				r.name,
				r.case_kind,
				r.subject_category,
				r.priority,
				bool(r.is_default),
				flt(r.response_hours),
				flt(r.resolution_hours),
				r.calendar,
				tuple(steps.get(r.name, ())),
			)
			for r in rows
		]
	return cache["policies"]


def settings() -> frappe._dict:
	cache = _request_cache()
	if "settings" not in cache:
		values = frappe.db.get_values(
			SETTINGS,
			SETTINGS,
			["at_risk_share", "inquiry_deadline_hours", "default_calendar"],
			as_dict=True,
		)[0]
		cache["settings"] = frappe._dict(
			at_risk_share=flt(values.at_risk_share or 75) / 100,
			inquiry_hours=flt(values.inquiry_deadline_hours or 24),
			default_calendar=values.default_calendar,
		)
	return cache["settings"]


def policy_for(case: Document) -> sla.Policy | None:
	chosen = sla.choose_policy(policies(), case.doctype, case.subject_category, case.priority)
	if chosen is None and case.doctype == "Inquiry" and settings().default_calendar:
		hours = settings().inquiry_hours  # inquiries are answered within the set time by default
		chosen = sla.Policy("", "Inquiry", None, None, True, hours, hours, settings().default_calendar)
	return chosen


# ------------------------------------------------------------------ time zones


class Zones:
	"""Frappe stores naive datetimes in the system time zone; a calendar counts in its own."""

	def __init__(self, calendar_zone: str):
		self.system = ZoneInfo(get_system_timezone())
		self.local = ZoneInfo(calendar_zone)
		self.same = self.system == self.local

	def to_local(self, value: dt.datetime | None) -> dt.datetime | None:
		if value is None or self.same:
			return value
		return value.replace(tzinfo=self.system).astimezone(self.local).replace(tzinfo=None)

	def to_system(self, value: dt.datetime | None) -> dt.datetime | None:
		if value is None or self.same:
			return value
		return value.replace(tzinfo=self.local).astimezone(self.system).replace(tzinfo=None)


def _dt(value) -> dt.datetime | None:
	return get_datetime(value).replace(microsecond=0) if value else None


# ------------------------------------------------------------------ on save


def clock_of(case, policy: sla.Policy, zones: Zones) -> sla.Clock:
	return sla.Clock(
		received_on=zones.to_local(_dt(case.received_on)),
		clock_start=zones.to_local(_dt(case.sla_clock_start or case.received_on)),
		response_seconds=policy.response_seconds,
		resolution_seconds=policy.resolution_seconds,
		first_responded_on=zones.to_local(_dt(case.first_responded_on)),
		resolved_on=zones.to_local(_dt(case.resolved_on)),
		paused_seconds=int(case.paused_seconds or 0),
		paused_since=zones.to_local(_dt(case.paused_since)),
	)


def apply_on_save(case: Document, old_status: str | None, now: dt.datetime | None = None) -> None:
	"""Called from the case's validate, after the lifecycle step was checked and stamped."""
	now = _dt(now or now_datetime())
	if case.status == CANCELLED:
		case.update({"sla_status": "", "next_sla_event_on": None, "paused_since": None})
		return
	policy = policy_for(case)
	if policy is None:
		case.update({"sla_policy": None, "response_due": None, "resolution_due": None, "sla_status": ""})
		case.next_sla_event_on = None
		if settings().default_calendar:
			cal, zone = calendar(settings().default_calendar)
			stamp_times(case, cal, Zones(zone))
		return
	cal, zone = calendar(policy.calendar)
	zones = Zones(zone)
	case.sla_policy = policy.name or None
	if not case.sla_clock_start:
		case.sla_clock_start = case.received_on
	# the clock of the case follows its status
	if case.status == "Reopened" and old_status != "Reopened":
		case.update({"sla_clock_start": now, "paused_seconds": 0, "paused_since": None})
	if case.status in PAUSED and not case.paused_since:
		case.paused_since = now
	elif case.status not in PAUSED and case.paused_since:
		waited = cal.working_seconds(zones.to_local(_dt(case.paused_since)), zones.to_local(now))
		case.paused_seconds = int(case.paused_seconds or 0) + waited
		case.paused_since = None
	stamp_times(case, cal, zones)
	refresh(case, policy, cal, zones, now)


def stamp_times(case, cal: Calendar, zones: Zones) -> None:
	"""Times taken, stamped once the first response and the resolution happen, so reports average
	and take medians in SQL: working time (less waiting on the beneficiary) and calendar time."""
	received = zones.to_local(_dt(case.received_on))
	responded = zones.to_local(_dt(case.first_responded_on))
	resolved = zones.to_local(_dt(case.resolved_on))
	case.response_working_seconds = cal.working_seconds(received, responded) if responded else None
	case.response_calendar_seconds = int((responded - received).total_seconds()) if responded else None
	if resolved:
		waited = int(case.paused_seconds or 0)
		case.resolution_working_seconds = max(0, cal.working_seconds(received, resolved) - waited)
		case.resolution_calendar_seconds = int((resolved - received).total_seconds())
	else:
		case.resolution_working_seconds = case.resolution_calendar_seconds = None


def refresh(case, policy: sla.Policy, cal: Calendar, zones: Zones, now: dt.datetime, applied=None) -> None:
	"""Deadlines, status and next event from the case's clock (values set on `case`, not saved)."""
	clock = clock_of(case, policy, zones)
	local_now = zones.to_local(now)
	if applied is None:
		applied = applied_steps(case.doctype, case.name, case.reopen_count) if case.name else set()
	case.response_due = zones.to_system(sla.response_due(cal, clock))
	case.resolution_due = zones.to_system(sla.resolution_due(cal, clock))
	case.sla_status = sla.status(cal, clock, local_now, settings().at_risk_share)
	if case.status in DONE[case.doctype]:
		case.next_sla_event_on = None
	else:
		event = sla.next_event(cal, clock, local_now, settings().at_risk_share, policy.steps, applied)
		case.next_sla_event_on = zones.to_system(event)


def stamp_first_response(doctype: str, name: str, when: dt.datetime) -> None:
	"""A first response that did not come through a save (a staff email): stamp it and its times."""
	case = frappe.db.get_value(
		doctype,
		name,
		["name", "received_on", "subject_category", "priority", "first_responded_on"],
		as_dict=True,
	)
	if not case or case.first_responded_on:
		return
	case.doctype, case.first_responded_on = doctype, _dt(when)
	policy = policy_for(case)
	name_of_calendar = policy.calendar if policy else settings().default_calendar
	values = {"first_responded_on": case.first_responded_on, "figures_changed_on": stamp()}
	if name_of_calendar:
		cal, zone = calendar(name_of_calendar)
		zones = Zones(zone)
		received, responded = zones.to_local(_dt(case.received_on)), zones.to_local(case.first_responded_on)
		values["response_working_seconds"] = cal.working_seconds(received, responded)
		values["response_calendar_seconds"] = int((responded - received).total_seconds())
	frappe.db.set_value(doctype, name, values, update_modified=False)


def applied_steps(doctype: str, name: str, round_: int | None) -> set[int]:
	return {
		step - 1
		for step in frappe.get_all(
			"Case Escalation",
			filters={"reference_doctype": doctype, "reference_name": name, "round": round_ or 0},
			pluck="step",
		)
	}


# ------------------------------------------------------------------ the sweep


SWEEP_FIELDS = (
	"name",
	"status",
	"subject",
	"received_on",
	"sla_clock_start",
	"first_responded_on",
	"resolved_on",
	"paused_seconds",
	"paused_since",
	"reopen_count",
	"subject_category",
	"priority",
	"department",
	"sla_status",
	"next_sla_event_on",
	"escalation_level",
	"response_due",
	"resolution_due",
	"_assign",
)


def sweep(now: dt.datetime | None = None, limit: int | None = None) -> dict:
	"""Scheduled every few minutes: every case whose SLA instant has come gets its status refreshed
	and its due ladder steps applied, once. One indexed query per kind selects the cases with the
	fields the clock needs (no document is loaded); a case costs one UPDATE, plus the writes of the
	steps it escalates. Returns counts for the log and the benchmark."""
	now = _dt(now or now_datetime())
	counts = {"cases": 0, "escalations": 0, "failed": 0}
	from beneficiary_care.case_document import CASE_DOCTYPES
	from beneficiary_care.lifecycle_jobs import commit_batch

	for doctype in CASE_DOCTYPES:
		table = frappe.qb.DocType(doctype)
		fields = [*SWEEP_FIELDS, "named_employee"] if doctype == "Complaint" else list(SWEEP_FIELDS)
		query = (
			frappe.qb.from_(table)
			.select(*(table[f] for f in fields))
			.where(table.next_sla_event_on <= now)
			.orderby(table.next_sla_event_on)
		)
		rows = (query.limit(limit) if limit else query).run(as_dict=True)
		for start in range(0, len(rows), BATCH):
			batch = rows[start : start + BATCH]
			applied = _applied_for(doctype, [row.name for row in batch])
			for row in batch:
				row.doctype = doctype
				try:
					counts["escalations"] += _sweep_case(row, now, applied)
					counts["cases"] += 1
				except Exception:
					counts["failed"] += 1
					frappe.log_error(title=f"SLA sweep failed on {doctype} {row.name}")
			commit_batch()
	return counts


def _applied_for(doctype: str, names: list[str]) -> dict[tuple[str, int], set[int]]:
	applied: dict[tuple[str, int], set[int]] = {}
	for row in frappe.get_all(
		"Case Escalation",
		filters={"reference_doctype": doctype, "reference_name": ["in", names]},
		fields=["reference_name", "round", "step"],
	):
		applied.setdefault((row.reference_name, row.round), set()).add(row.step - 1)
	return applied


def _sweep_case(case: frappe._dict, now: dt.datetime, applied_all: dict) -> int:
	policy = policy_for(case)
	if policy is None or case.status in DONE[case.doctype]:
		frappe.db.set_value(case.doctype, case.name, "next_sla_event_on", None, update_modified=False)
		return 0
	cal, zone = calendar(policy.calendar)
	zones = Zones(zone)
	round_ = case.reopen_count or 0
	applied = set(applied_all.get((case.name, round_), set()))
	clock = clock_of(case, policy, zones)
	due = (
		sla.due_steps(
			policy.steps, applied, sla.used(cal, clock, zones.to_local(now)), clock.resolution_seconds
		)
		if clock.paused_since is None
		else []
	)
	if due:
		frappe.db.savepoint("bc_sla")  # a step that fails leaves no half-applied ladder behind
		try:
			for index in due:
				_apply_step(case, policy, index, round_, now)
				applied.add(index)
		except Exception:
			frappe.db.rollback(save_point="bc_sla")
			raise
	refresh(case, policy, cal, zones, now, applied)
	frappe.db.set_value(
		case.doctype,
		case.name,
		{
			"sla_status": case.sla_status,
			"next_sla_event_on": case.next_sla_event_on,
			"escalation_level": case.escalation_level,
			"response_due": case.response_due,
			"resolution_due": case.resolution_due,
			"figures_changed_on": stamp(),
		},
		update_modified=False,
	)
	return len(due)


def _apply_step(case: frappe._dict, policy: sla.Policy, index: int, round_: int, now: dt.datetime) -> None:
	step = policy.steps[index]
	level = sla.ACTION_LEVELS[step.action]
	users = _escalation_users(case, step.action)
	frappe.get_doc(
		{
			"doctype": "Case Escalation",
			"reference_doctype": case.doctype,
			"reference_name": case.name,
			"sla_policy": policy.name or None,
			"round": round_,
			"step": index + 1,
			"action": step.action,
			"level": level,
			"escalated_on": now,
			"trigger": f"{_(step.trigger)}: {step.threshold:g}",
			"notified": "\n".join(users),
		}
	).insert(ignore_permissions=True)  # the unique key refuses a second application
	if step.action == "Assign Department Head" and users:
		from frappe.desk.form import assign_to

		current = frappe.parse_json(case.get("_assign") or "[]")
		missing = [u for u in users if u not in current]
		if missing:
			assign_to.add(
				{
					"assign_to": missing,
					"doctype": case.doctype,
					"name": case.name,
					"description": case.subject,
				},
				ignore_permissions=True,
			)
	subject = _("Escalated ({0}): {1} {2} — {3}").format(
		_(step.action), _(case.doctype), case.name, case.subject
	)
	if users:
		from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

		enqueue_create_notification(
			users,
			{
				"type": "Alert",
				"document_type": case.doctype,
				"document_name": case.name,
				"subject": subject,
				"from_user": "Administrator",
			},
		)
	case.escalation_level = max(case.escalation_level or 0, level)
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": case.doctype,
			"reference_name": case.name,
			"content": subject + (" → " + ", ".join(users) if users else ""),
		}
	).insert(ignore_permissions=True)


def _escalation_users(case: frappe._dict, action: str) -> list[str]:
	"""Who a step reaches. Never the employee a confidential complaint names."""
	if action == "Notify Assignee":
		users = frappe.parse_json(case.get("_assign") or "[]")
	elif action == "Assign Department Head":
		head = frappe.db.get_value("Care Department", case.department, "head") if case.department else None
		users = [head] if head else []
	else:
		role = "Complaints Committee" if action == "Escalate to Complaints Committee" else "Care Manager"
		users = _enabled_users_with_role(role)
	named = case.get("named_employee")
	return sorted({u for u in users if u and u != named and u != "Guest"})


def _enabled_users_with_role(role: str) -> list[str]:
	HasRole, User = frappe.qb.DocType("Has Role"), frappe.qb.DocType("User")
	return (
		frappe.qb.from_(HasRole)
		.join(User)
		.on(User.name == HasRole.parent)
		.select(User.name)
		.distinct()
		.where((HasRole.role == role) & (HasRole.parenttype == "User") & (User.enabled == 1))
		.run(pluck=True)
	)
