"""The escalation sweep: every case whose SLA instant has come gets its status refreshed and its due
ladder steps applied, once (a Case Escalation row whose unique key the database enforces)."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.desk.doctype.notification_settings.notification_settings import is_notifications_enabled
from frappe.desk.form import assign_to
from frappe.utils import escape_html, now_datetime

from beneficiary_care.core import sla
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import DONE
from beneficiary_care.framework.helpers import (
	ROW_META,
	commit_batch,
	figures_stamp,
	ltr,
	notes_language,
	one_at_a_time,
	row_meta,
)
from beneficiary_care.framework.versions import in_test
from beneficiary_care.service_levels.configuration import calendar, policy_for
from beneficiary_care.service_levels.deadlines import (
	CLOCK_FIELDS,
	applied_for,
	case_times,
	periods_as_of,
	refresh,
	whole_seconds,
)

BATCH = 500
LOCK = "bc.escalation-sweep"


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
	fields the clock needs (no document is loaded); each batch is then written set-based: one bulk
	INSERT of its Case Escalation rows (their unique key refuses a step applied twice), one of their
	timeline comments, one UPDATE per hundred cases, one job for all its alerts. A batch that fails is
	rolled back and done again case by case, so that one failing case is logged and the rest go on.
	Returns counts for the log and the benchmark.

	One sweep at a time on a site: a second one (two workers, a run by hand) would select the same due
	cases, wait on the first one's Case Escalation keys, then fail on every one of them. It waits up to
	10 s for the first to end (a killed worker's lock goes with its connection), then returns: the
	first does the same work."""
	now = whole_seconds(now or now_datetime())
	counts = {"cases": 0, "escalations": 0, "failed": 0, "skipped": 0}
	with one_at_a_time(LOCK, wait=10) as held:
		if not held:
			counts["skipped"] = 1
			return counts
		# a transaction of its own from here: after waiting, this run must read what the sweep it waited
		# for committed, not the snapshot its job's first query took (InnoDB's repeatable read)
		commit_batch()
		_sweep_all(now, limit, counts)
	return counts


def _sweep_all(now: dt.datetime, limit: int | None, counts: dict) -> None:
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
			for row in batch:
				row.doctype = doctype
			applied = applied_for(doctype, [row.name for row in batch])
			frappe.db.savepoint("bc_sla_batch")
			try:
				counts["escalations"] += _sweep_rows(doctype, batch, now, applied)
				counts["cases"] += len(batch)
			except Exception:
				frappe.db.rollback(save_point="bc_sla_batch")
				for row in batch:
					frappe.db.savepoint("bc_sla")
					try:
						counts["escalations"] += _sweep_rows(doctype, [row], now, applied)
						counts["cases"] += 1
					except Exception:
						frappe.db.rollback(save_point="bc_sla")
						counts["failed"] += 1
						frappe.log_error(title=f"SLA sweep failed on {doctype} {row.name}")
			commit_batch()


def _sweep_rows(doctype: str, rows: list[frappe._dict], now: dt.datetime, applied_all: dict) -> int:
	"""Refresh and escalate `rows` (one kind), writing set-based. Returns the steps applied."""
	updates: dict[str, dict] = {}
	steps: list[tuple[frappe._dict, sla.Policy, int, int]] = []
	for case in rows:
		policy = policy_for(case)
		if policy is None or case.status in DONE[doctype]:
			updates[case.name] = {"next_sla_event_on": None}
			continue
		site = calendar(policy.calendar, periods_as_of(case))
		round_ = case.reopen_count or 0
		applied = set(applied_all.get((case.name, round_), set()))
		times = case_times(case)
		due = sla.steps_due_now(site, policy, times, now, applied)
		for index in due:
			steps.append((case, policy, index, round_))
			case.escalation_level = max(
				case.escalation_level or 0, sla.ACTION_LEVELS[policy.steps[index].action]
			)
		refresh(case, policy, site, now, applied | set(due), times)
		updates[case.name] = {
			"sla_status": case.sla_status,
			"next_sla_event_on": case.next_sla_event_on,
			"escalation_level": case.escalation_level,
			"response_due": case.response_due,
			"resolution_due": case.resolution_due,
			"figures_changed_on": figures_stamp(),
		}
	notices = _apply_steps(doctype, steps, now) if steps else []
	frappe.db.bulk_update(doctype, updates, update_modified=False)
	if notices:  # last: a batch that failed before this point told no one, and is redone case by case
		_tell(doctype, notices)
	return len(steps)


ESCALATION_FIELDS = (
	*ROW_META,
	*("reference_doctype", "reference_name", "sla_policy", "round", "step", "action", "level"),
	*("escalated_on", "trigger", "notified"),
)
COMMENT_FIELDS = (
	*ROW_META,
	*("comment_type", "reference_doctype", "reference_name", "content"),
)


def _apply_steps(doctype: str, steps: list, now: dt.datetime) -> list:
	"""The writes of a batch's steps: the Case Escalation rows and their comments, one INSERT each.
	Returns who each step must reach, for _tell."""
	stamp = now_datetime()
	people = _People([case for case, *_ in steps])
	language = notes_language()  # the timeline's notes are read by the staff, in the site's language
	escalations, comments, notices = [], [], []
	for order, (case, policy, index, round_) in enumerate(steps):
		step = policy.steps[index]
		users = people.reached(case, step.action)
		escalations.append(
			(
				*row_meta(stamp),
				doctype,
				case.name,
				policy.name or None,
				round_,
				index + 1,
				step.action,
				sla.ACTION_LEVELS[step.action],
				now,
				f"{_(step.trigger)}: {step.threshold:g}",
				"\n".join(users),
			)
		)
		subject = _escalation_subject(step.action, case, language)
		comments.append(
			(
				# a microsecond apart, so that the timeline lists a case's steps in ladder order
				*row_meta(stamp + dt.timedelta(microseconds=order)),
				"Info",
				doctype,
				case.name,
				subject + (" → " + ", ".join(ltr(user) for user in users) if users else ""),
			)
		)
		notices.append((case, step.action, users, people))
	frappe.db.bulk_insert("Case Escalation", ESCALATION_FIELDS, escalations)  # unique key: each step once
	frappe.db.bulk_insert("Comment", COMMENT_FIELDS, comments)
	return notices


NOTIFICATION_FIELDS = (
	*ROW_META,
	*("subject", "for_user", "type", "document_type", "document_name", "from_user", "read"),
)


def _tell(doctype: str, notices: list) -> None:
	"""The department heads' assignments (Frappe's assign_to, which tells them itself), then every other
	alert as a Notification Log written with the batch, in its recipient's language: a worker that
	dies after the commit loses no alert. What Frappe does when a log is inserted (the bell's push, the
	email when the user's Notification Settings allow it) runs in one job after commit."""
	stamp = now_datetime()
	logs = []
	for case, action, users, people in notices:
		assigned = _assign_head(case, action, users)
		told = people.notified([u for u in users if u not in assigned])
		for language, recipients in people.by_language(told).items():
			subject = _escalation_subject(action, case, language)
			for user in recipients:
				logs.append(
					(*row_meta(stamp), subject, user, "Alert", doctype, case.name, "Administrator", 0)
				)
	if logs:
		frappe.db.bulk_insert("Notification Log", NOTIFICATION_FIELDS, logs)
		frappe.enqueue(
			"beneficiary_care.service_levels.escalation.announce_alerts",
			names=[log[0] for log in logs],
			enqueue_after_commit=True,
			now=in_test(),
		)


def announce_alerts(names: list[str]) -> None:
	"""After the sweep's commit: for each alert, what Frappe does on inserting a Notification Log."""
	for name in names:
		try:
			frappe.get_doc("Notification Log", name).after_insert()
		except Exception:
			frappe.log_error(title=f"Escalation alert not announced: {name}")


def _assign_head(case: frappe._dict, action: str, users: list[str]) -> list[str]:
	"""The department head gets the case (Frappe tells them itself: no second alert)."""
	if action != "Assign Department Head" or not users:
		return []
	current = frappe.parse_json(case.get("_assign") or "[]")
	assigned = [u for u in users if u not in current]
	if assigned:
		assign_to.add(
			{
				"assign_to": assigned,
				"doctype": case.doctype,
				"name": case.name,
				"description": _escalation_subject(action, case, None),
			},
			ignore_permissions=True,
		)
	return assigned


class _People:
	"""Who the steps of a batch reach, read once per batch: the roles' users, the departments' heads,
	the users' languages."""

	def __init__(self, cases: list[frappe._dict]):
		departments = {c.department for c in cases if c.department}
		self.heads = (
			dict(
				frappe.get_all(
					"Care Department",
					filters={"name": ["in", list(departments)]},
					fields=["name", "head"],
					as_list=True,
				)
			)
			if departments
			else {}
		)
		self.roles: dict[str, list[str]] = {}
		self.users: dict[str, tuple[bool, str | None]] = {}  # user → (notified, language)

	def reached(self, case: frappe._dict, action: str) -> list[str]:
		"""Who a step reaches. Never the employee a confidential complaint names."""
		if action == "Notify Assignee":
			users = frappe.parse_json(case.get("_assign") or "[]")
		elif action == "Assign Department Head":
			head = self.heads.get(case.department) if case.department else None
			users = [head] if head else []
		else:
			role = "Complaints Committee" if action == "Escalate to Complaints Committee" else "Care Manager"
			if role not in self.roles:
				self.roles[role] = _enabled_users_with_role(role)
			users = self.roles[role]
		named = case.get("named_employee")
		return sorted({u for u in users if u and u != named and u != "Guest"})

	def _read(self, users: list[str]) -> None:
		unknown = [u for u in users if u not in self.users]
		if unknown:
			found = {
				row.name: row
				for row in frappe.get_all(
					"User", filters={"name": ["in", unknown]}, fields=["name", "enabled", "language"]
				)
			}
			for user in unknown:
				row = found.get(user)
				notified = bool(row and row.enabled and is_notifications_enabled(user))
				self.users[user] = (notified, row.language if row else None)

	def notified(self, users: list[str]) -> list[str]:
		"""The users Frappe would notify: enabled, with notifications on (Notification Settings)."""
		self._read(users)
		return [u for u in users if self.users[u][0]]

	def by_language(self, users: list[str]) -> dict[str | None, list[str]]:
		"""The users grouped by their language (None: the site's), so each reads the alert in theirs."""
		self._read(users)
		out: dict[str | None, list[str]] = {}
		for user in users:
			out.setdefault(self.users[user][1] or None, []).append(user)
		return out


def _escalation_subject(action: str, case: frappe._dict, language: str | None) -> str:
	return _("Escalated ({0}): {1} {2} — {3}", lang=language).format(
		_(action, lang=language), _(case.doctype, lang=language), case.name, escape_html(case.subject or "")
	)


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
