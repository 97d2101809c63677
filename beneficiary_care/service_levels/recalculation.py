"""Deadlines counted again, on staff's request, with every special period a calendar has now.

A case counts the periods its calendar had when its deadlines were set (`calendar_as_of`), so a period
added later (Ramadan hours entered in Sha'ban) does not move deadlines already given. When staff ask,
the open cases on the calendar are counted again as of now: a background job in batches, each case in
its own savepoint (a failing one is logged and the rest go on), writing only the fields that changed,
with a note on the timeline of each case whose deadlines moved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import frappe
from frappe import _
from frappe.utils import format_datetime, now_datetime

from beneficiary_care.core import sla
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import DONE
from beneficiary_care.framework.helpers import each_in_savepoint, figures_stamp
from beneficiary_care.framework.versions import in_test
from beneficiary_care.service_levels.configuration import calendar, policy_for
from beneficiary_care.service_levels.deadlines import (
	CLOCK_FIELDS,
	RESPONSE_TIMES,
	applied_for,
	case_times,
	refresh,
	whole_seconds,
)

BATCH = 200
DEADLINES = ("response_due", "resolution_due")
REFRESHED = (*DEADLINES, "sla_status", "next_sla_event_on")
FIELDS = (*CLOCK_FIELDS, *REFRESHED, *RESPONSE_TIMES)


def open_cases(calendar_name: str, doctype: str) -> list[tuple[frappe._dict, sla.Policy]]:
	"""The open cases of `doctype` with deadlines on `calendar_name`, with their policies: one query."""
	table = frappe.qb.DocType(doctype)
	rows = (
		frappe.qb.from_(table)
		.select(*(table[f] for f in FIELDS))
		.where(table.status.notin(list(DONE[doctype])))
		.where(table.resolution_due.isnotnull())
		.orderby(table.name)
		.run(as_dict=True)
	)
	found = []
	for row in rows:
		row.doctype = doctype
		policy = policy_for(row)
		if policy is not None and policy.calendar == calendar_name:
			found.append((row, policy))
	return found


def _new_deadlines(case: frappe._dict, policy: sla.Policy, as_of: dt.datetime) -> dict[str, dt.datetime]:
	return dict(
		zip(DEADLINES, sla.deadlines(calendar(policy.calendar, as_of), policy, case_times(case)), strict=True)
	)


def _moves(case: frappe._dict, new: dict) -> bool:
	return any(new[f] != whole_seconds(case.get(f)) for f in DEADLINES)


def preview(calendar_name: str, as_of: dt.datetime) -> dict[str, int]:
	"""How many open cases on the calendar there are, and how many would get new deadlines."""
	as_of = whole_seconds(as_of)
	counts = {"open": 0, "changing": 0}
	for doctype in CASE_DOCTYPES:
		for case, policy in open_cases(calendar_name, doctype):
			counts["open"] += 1
			counts["changing"] += _moves(case, _new_deadlines(case, policy, as_of))
	return counts


def enqueue(calendar_name: str) -> None:
	"""The recalculation as a background job (the long queue), after this request commits."""
	frappe.enqueue(
		"beneficiary_care.service_levels.recalculation.recalculate",
		queue="long",
		enqueue_after_commit=True,
		now=in_test(),
		calendar_name=calendar_name,
		as_of=str(whole_seconds(now_datetime())),
	)


def recalculate(calendar_name: str, as_of: str | dt.datetime | None = None) -> int:
	"""Background job: every open case on the calendar counts its special periods as of `as_of` (the
	moment staff confirmed). Commits per batch; returns how many cases' deadlines moved."""
	as_of = whole_seconds(as_of or now_datetime())
	now = whole_seconds(now_datetime())
	moved = 0
	for doctype in CASE_DOCTYPES:
		cases = open_cases(calendar_name, doctype)
		for start in range(0, len(cases), BATCH):
			batch = cases[start : start + BATCH]
			applied = applied_for(doctype, [case.name for case, _policy in batch])
			moved += each_in_savepoint(
				batch,
				lambda item, applied=applied: _recalculate_case(*item, as_of, now, applied),
				savepoint="bc_recalculate",
				title=lambda item: f"Deadline recalculation failed on {item[0].doctype} {item[0].name}",
			)
	return moved


def _recalculate_case(
	case: frappe._dict, policy: sla.Policy, as_of: dt.datetime, now: dt.datetime, applied_all: dict
) -> bool:
	site = calendar(policy.calendar, as_of)
	times = case_times(case)
	fresh = frappe._dict(case)
	applied = set(applied_all.get((case.name, case.reopen_count or 0), set()))
	refresh(fresh, policy, site, now, applied, times)
	values: dict[str, object] = {
		f: fresh[f]
		for f in REFRESHED
		if fresh[f] != (whole_seconds(case[f]) if f != "sla_status" else case[f])
	}
	taken = sla.times_taken(site, dataclasses.replace(times, resolved_on=None))
	values.update({f: taken[f] for f in RESPONSE_TIMES if taken[f] != _seconds(case.get(f))})
	if values:
		values["figures_changed_on"] = figures_stamp()
	values["calendar_as_of"] = as_of
	frappe.db.set_value(case.doctype, case.name, values, update_modified=False)
	moves = _moves(case, fresh)
	if moves:
		_note(case, fresh)
	return moves


def _seconds(value) -> int | None:
	return None if value is None else int(value)


def _note(case: frappe._dict, fresh: frappe._dict) -> None:
	"""The old and new deadlines on the case's timeline."""
	changes = [
		f"{_(label)}: {_when(case.get(f))} → {_when(fresh[f])}"
		for f, label in (("response_due", "Response Due"), ("resolution_due", "Resolution Due"))
		if fresh[f] != whole_seconds(case.get(f))
	]
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": case.doctype,
			"reference_name": case.name,
			"content": _("Deadlines recalculated with the working calendar's special periods")
			+ ": "
			+ "; ".join(changes),
		}
	).insert(ignore_permissions=True)


def _when(value) -> str:
	return format_datetime(value) if value else "—"
