"""Routing with Frappe's own Assignment Rule, kept in sync with each Care Department.

Each department keeps one rule per case kind ("<Kind>: <department>"): its active members, round robin
or load balancing as the department chooses; confidential complaints never enter a department's
queue. A rule with no active member is disabled (Frappe's round robin fails on an empty list).
Reassignments are counted here for the accuracy KPI.
"""

from __future__ import annotations

import frappe
from frappe.cache_manager import clear_doctype_map
from frappe.model.document import Document

from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.routing import (
	AssigneeChange,
	assign_condition,
	close_condition,
	unassign_condition,
)
from beneficiary_care.core.working_time import WEEKDAYS
from beneficiary_care.framework.helpers import figures_stamp


def rule_name(doctype: str, department: str) -> str:
	return f"{doctype}: {department}"


def sync_department_rules(department: Document, method: str | None = None) -> None:
	"""Care Department on_update: create or refresh its Assignment Rules."""
	users = [m.user for m in department.members if m.is_active]
	for doctype in CASE_DOCTYPES:
		confidential = doctype == "Complaint"
		name = rule_name(doctype, department.name)
		values = {
			"document_type": doctype,
			"priority": 1,
			"disabled": int(not (department.enabled and users)),
			"description": "{{ name }}: {{ subject }}",  # rendered with the case's fields as names
			"assign_condition": assign_condition(department.name, confidential),
			"unassign_condition": unassign_condition(department.name, confidential),
			"close_condition": close_condition(),
			"rule": department.assignment_rule_type or "Round Robin",
		}
		if frappe.db.exists("Assignment Rule", name):
			rule = frappe.get_doc("Assignment Rule", name)
			rule.update(values)
		else:
			rule = frappe.get_doc({"doctype": "Assignment Rule", "__newname": name, **values})
			rule.set("assignment_days", [{"day": day} for day in WEEKDAYS])
		if [u.user for u in rule.users] != users:
			rule.set("users", [{"user": u} for u in users])
		rule.save(ignore_permissions=True)
	forget_rule_maps_when_settled()


def remove_department_rules(department: Document, method: str | None = None) -> None:
	for doctype in CASE_DOCTYPES:
		frappe.delete_doc_if_exists("Assignment Rule", rule_name(doctype, department.name), force=True)
	forget_rule_maps_when_settled()


def forget_rule_maps() -> None:
	"""Frappe's cached lists of each case kind's Assignment Rules (get_doctype_map): a Redis hash on v15,
	Frappe's client cache on v16, which also keeps a copy in each process's memory."""
	for doctype in CASE_DOCTYPES:
		clear_doctype_map("Assignment Rule", doctype)
		clear_doctype_map("Assignment Rule", f"due_date_rules_for_{doctype}")


def forget_rule_maps_when_settled() -> None:
	"""A rule's save forgets the cached list at once, but the next case saved in the same transaction,
	or another process, reads it again before the commit: the list would keep the rules of a transaction
	rolled back, or those before one committed, until the rules next change. Forget it again then."""
	frappe.db.after_commit.add(forget_rule_maps)
	frappe.db.after_rollback.add(forget_rule_maps)


def department_rules_on_rename(doc: Document, method: str, old: str, new: str, merge: bool = False) -> None:
	remove_department_rules(frappe._dict(name=old))
	sync_department_rules(doc)


# ------------------------------------------------------------------ reassignments


def _open_assignees(doctype: str, name: str, exclude: str | None = None) -> frozenset[str]:
	users = frappe.get_all(
		"ToDo",
		filters={"reference_type": doctype, "reference_name": name, "status": "Open"},
		pluck="allocated_to",
	)
	return frozenset(u for u in users if u != exclude)


def on_todo_insert(todo: Document, method: str | None = None) -> None:
	"""A case got an assignee: count a reassignment when it moved from someone else."""
	if todo.reference_type not in CASE_DOCTYPES or todo.status != "Open":
		return
	previous = frappe.db.get_value(todo.reference_type, todo.reference_name, "last_assignee")
	change = AssigneeChange(
		previous=previous,
		new=todo.allocated_to,
		still_assigned=_open_assignees(todo.reference_type, todo.reference_name, exclude=todo.allocated_to),
		moved_department_now=(todo.reference_type, todo.reference_name)
		in frappe.flags.get("bc_department_moves", set()),
	)
	if change.still_assigned and previous in change.still_assigned:
		return  # a co-assignee joins; the case is still with its holder
	values = {"last_assignee": todo.allocated_to, "figures_changed_on": figures_stamp()}
	if change.is_reassignment:
		count = frappe.db.get_value(todo.reference_type, todo.reference_name, "reassignment_count") or 0
		values["reassignment_count"] = count + 1
	frappe.db.set_value(todo.reference_type, todo.reference_name, values, update_modified=False)


def on_todo_update(todo: Document, method: str | None = None) -> None:
	"""The last assignee's assignment was cancelled while someone else still holds the case."""
	if todo.reference_type not in CASE_DOCTYPES or todo.status != "Cancelled":
		return
	before = todo.get_doc_before_save()
	if not before or before.status == "Cancelled":
		return
	case = frappe.db.get_value(
		todo.reference_type, todo.reference_name, ["last_assignee", "reassignment_count"], as_dict=True
	)
	if not case or case.last_assignee != todo.allocated_to:
		return
	others = _open_assignees(todo.reference_type, todo.reference_name, exclude=todo.allocated_to)
	if others:
		frappe.db.set_value(
			todo.reference_type,
			todo.reference_name,
			{
				"last_assignee": sorted(others)[0],
				"reassignment_count": (case.reassignment_count or 0) + 1,
				"figures_changed_on": figures_stamp(),
			},
			update_modified=False,
		)
