"""The escalation sweep: every case whose SLA instant has come gets its status refreshed and its due
ladder steps applied, once (a Case Escalation row whose unique key the database enforces)."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.desk.form import assign_to
from frappe.utils import now_datetime

from beneficiary_care.core import sla
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import DONE
from beneficiary_care.frappe_helpers import commit_batch, figures_stamp
from beneficiary_care.service_levels.configuration import calendar, policy_for
from beneficiary_care.service_levels.deadlines import (
	CLOCK_FIELDS,
	applied_for,
	case_times,
	periods_as_of,
	refresh,
	whole_seconds,
)

BATCH = 200


SWEEP_FIELDS = (
	*CLOCK_FIELDS,
	"subject",
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
	now = whole_seconds(now or now_datetime())
	counts = {"cases": 0, "escalations": 0, "failed": 0}
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
			applied = applied_for(doctype, [row.name for row in batch])
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


def _sweep_case(case: frappe._dict, now: dt.datetime, applied_all: dict) -> int:
	policy = policy_for(case)
	if policy is None or case.status in DONE[case.doctype]:
		frappe.db.set_value(case.doctype, case.name, "next_sla_event_on", None, update_modified=False)
		return 0
	site = calendar(policy.calendar, periods_as_of(case))
	round_ = case.reopen_count or 0
	applied = set(applied_all.get((case.name, round_), set()))
	times = case_times(case)
	due = sla.steps_due_now(site, policy, times, now, applied)
	if due:
		frappe.db.savepoint("bc_sla")  # a step that fails leaves no half-applied ladder behind
		try:
			for index in due:
				_apply_step(case, policy, index, round_, now)
				applied.add(index)
		except Exception:
			frappe.db.rollback(save_point="bc_sla")
			raise
	refresh(case, policy, site, now, applied, times)
	frappe.db.set_value(
		case.doctype,
		case.name,
		{
			"sla_status": case.sla_status,
			"next_sla_event_on": case.next_sla_event_on,
			"escalation_level": case.escalation_level,
			"response_due": case.response_due,
			"resolution_due": case.resolution_due,
			"figures_changed_on": figures_stamp(),
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
	assigned = []
	if step.action == "Assign Department Head" and users:
		current = frappe.parse_json(case.get("_assign") or "[]")
		assigned = [u for u in users if u not in current]
		if assigned:
			# Frappe tells them itself (an Assignment alert, in their language): no second alert
			assign_to.add(
				{
					"assign_to": assigned,
					"doctype": case.doctype,
					"name": case.name,
					"description": _escalation_subject(step.action, case, None),
				},
				ignore_permissions=True,
			)
	for language, recipients in _by_language([u for u in users if u not in assigned]).items():
		enqueue_create_notification(
			recipients,
			{
				"type": "Alert",
				"document_type": case.doctype,
				"document_name": case.name,
				"subject": _escalation_subject(step.action, case, language),
				"from_user": "Administrator",
			},
		)
	subject = _escalation_subject(step.action, case, None)
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


def _escalation_subject(action: str, case: frappe._dict, language: str | None) -> str:
	return _("Escalated ({0}): {1} {2} — {3}", lang=language).format(
		_(action, lang=language), _(case.doctype, lang=language), case.name, case.subject
	)


def _by_language(users: list[str]) -> dict[str | None, list[str]]:
	"""The users grouped by their language (None: the site's), so each reads the alert in theirs."""
	if not users:
		return {}
	languages = dict(
		frappe.get_all("User", filters={"name": ["in", users]}, fields=["name", "language"], as_list=True)
	)
	out: dict[str | None, list[str]] = {}
	for user in users:
		out.setdefault(languages.get(user) or None, []).append(user)
	return out


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
