"""Routing a case to its department with Frappe's Assignment Rule: the rules' conditions, and which
changes count as a reassignment (the "accurate from the first assignment" KPI counts against them)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from beneficiary_care.core.lifecycle import CANCELLED

CLOSED_FOR_ASSIGNMENT = ("Closed", CANCELLED)


def _literal(value: str) -> str:
	"""A Python string literal for a value inside a safe_eval condition (quotes and backslashes escaped)."""
	return json.dumps(value, ensure_ascii=False)


def assign_condition(department: str, has_confidential_flag: bool) -> str:
	"""Assign open cases of `department`; confidential complaints never go to a department's queue, nor
	cases imported from history (Frappe's Assignment Rule runs during a Data Import too)."""
	condition = (
		f"department == {_literal(department)} and status not in {CLOSED_FOR_ASSIGNMENT!r}"
		" and not is_historical"
	)
	if has_confidential_flag:
		condition += " and not is_confidential"
	return condition


def unassign_condition(department: str, has_confidential_flag: bool) -> str:
	condition = f"department != {_literal(department)}"
	if has_confidential_flag:
		condition += " or is_confidential"
	return condition


def close_condition() -> str:
	return f"status in {CLOSED_FOR_ASSIGNMENT!r}"


@dataclass(frozen=True)
class AssigneeChange:
	"""A new assignment arriving on a case: does it move the case to someone else?"""

	previous: str | None  # who held the case before (last assignee), if anyone
	new: str
	still_assigned: frozenset[str]  # users with an open assignment on the case besides `new`
	moved_department_now: bool  # the same save moved the case to another department (counted there)

	@property
	def is_reassignment(self) -> bool:
		if self.moved_department_now or not self.previous or self.previous == self.new:
			return False
		return self.previous not in self.still_assigned


def department_move_counts(old_department: str | None, new_department: str | None) -> bool:
	"""Moving a routed case to another department counts once; the first routing does not."""
	return bool(old_department) and old_department != new_department
