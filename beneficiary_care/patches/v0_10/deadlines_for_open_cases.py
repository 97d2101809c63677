"""Every open case without deadlines gets its policy and deadlines from its received date, as a case
saved now would, with the ladder steps already due passed, never applied (core.sla.passed_steps): an
open case written before the SLA engine existed (or by a release that set no deadlines on it) was
never seen by the escalation sweep, which selects by `next_sla_event_on`.

One indexed query per kind and batch, set-based writes; a second run finds nothing to do."""

import frappe
from frappe.utils import now_datetime

from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import DONE
from beneficiary_care.framework.helpers import figures_stamp
from beneficiary_care.service_levels.configuration import calendar, policy_for
from beneficiary_care.service_levels.deadlines import CLOCK_FIELDS, case_times, refresh, whole_seconds

BATCH = 1000


def execute():
	now = whole_seconds(now_datetime())
	for doctype in CASE_DOCTYPES:
		table = frappe.qb.DocType(doctype)
		last = ""
		while True:
			rows = (
				frappe.qb.from_(table)
				.select(*(table[f] for f in CLOCK_FIELDS))
				.where(table.status.notin(list(DONE[doctype])))
				.where(table.response_due.isnull() & table.resolution_due.isnull())
				.where(table.name > last)
				.orderby(table.name)
				.limit(BATCH)
				.run(as_dict=True)
			)
			if not rows:
				break
			last = rows[-1].name
			updates = {}
			for case in rows:
				case.doctype = doctype
				policy = policy_for(case)
				if policy is None:
					continue
				case.sla_clock_start = case.sla_clock_start or case.received_on
				case.calendar_as_of = case.calendar_as_of or now
				case.ladder_from = case.ladder_from or now
				site = calendar(policy.calendar, whole_seconds(case.calendar_as_of))
				refresh(case, policy, site, now, applied=set(), times=case_times(case))
				updates[case.name] = {
					"sla_policy": policy.name or None,
					"sla_clock_start": case.sla_clock_start,
					"calendar_as_of": case.calendar_as_of,
					"ladder_from": case.ladder_from,
					"response_due": case.response_due,
					"resolution_due": case.resolution_due,
					"sla_status": case.sla_status,
					"next_sla_event_on": case.next_sla_event_on,
					"figures_changed_on": figures_stamp(),
				}
			if updates:
				frappe.db.bulk_update(doctype, updates, update_modified=False)
