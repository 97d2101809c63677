"""The SLA policies, working calendars and settings, read once per request (a save or a sweep)."""

from __future__ import annotations

import frappe
from frappe.model.document import Document
from frappe.utils import flt, get_datetime, get_system_timezone

from beneficiary_care.core import sla
from beneficiary_care.core.configuration import EscalationStep
from beneficiary_care.core.working_time import Calendar
from beneficiary_care.core.zones import SiteCalendar, Zones
from beneficiary_care.frappe_helpers import settings_values


def _request_cache() -> dict:
	if not hasattr(frappe.local, "bc_sla_cache"):
		frappe.local.bc_sla_cache = {}
	return frappe.local.bc_sla_cache


def forget_configuration(doc: Document | None = None, method: str | None = None) -> None:
	"""on_update of a policy, a calendar or the settings: a request that edits one, then saves a case,
	uses the new values."""
	frappe.local.bc_sla_cache = {}


def calendar(name: str) -> SiteCalendar:
	"""The working calendar, seen from the site's time zone."""
	cache = _request_cache()
	if ("calendar", name) not in cache:
		doc = frappe.get_cached_doc("Working Calendar", name)
		cache[("calendar", name)] = SiteCalendar(
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
			Zones(get_system_timezone(), doc.time_zone or get_system_timezone()),
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
		values = settings_values(["at_risk_share", "inquiry_deadline_hours", "default_calendar"])
		cache["settings"] = frappe._dict(
			at_risk_share=flt(values.at_risk_share or 75) / 100,
			inquiry_hours=flt(values.inquiry_deadline_hours or 24),
			default_calendar=values.default_calendar,
		)
	return cache["settings"]


def policy_for(case: Document | frappe._dict) -> sla.Policy | None:
	chosen = sla.choose_policy(policies(), case.doctype, case.subject_category, case.priority)
	if chosen is None and case.doctype == "Inquiry" and settings().default_calendar:
		hours = settings().inquiry_hours  # inquiries are answered within the set time by default
		chosen = sla.Policy("", "Inquiry", None, None, True, hours, hours, settings().default_calendar)
	return chosen
