"""The SLA policies, working calendars and settings, read once per request (a save or a sweep)."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.model.document import Document
from frappe.utils import flt, get_datetime, get_system_timezone

from beneficiary_care.core import sla
from beneficiary_care.core.configuration import EscalationStep
from beneficiary_care.core.working_time import Calendar, periods_in_force
from beneficiary_care.core.zones import SiteCalendar, Zones
from beneficiary_care.framework.helpers import settings_values


def _request_cache() -> dict:
	if not hasattr(frappe.local, "bc_sla_cache"):
		frappe.local.bc_sla_cache = {}
	return frappe.local.bc_sla_cache


def forget_configuration(doc: Document | None = None, method: str | None = None) -> None:
	"""on_update of a policy, a calendar or the settings: a request that edits one, then saves a case,
	uses the new values."""
	frappe.local.bc_sla_cache = {}


def calendar(name: str, as_of: dt.datetime | str | None = None) -> SiteCalendar:
	"""The working calendar, seen from the site's time zone, with the special periods added up to
	`as_of` (each period row keeps when it was added; None: every period). A case passes the instant
	its deadlines were set, so a period added later does not move them until staff recalculate. One
	calendar is built per request for each set of periods."""
	cache = _request_cache()
	if ("calendar doc", name) not in cache:
		doc = frappe.get_cached_doc("Working Calendar", name)
		added = [(p.name, get_datetime(p.added_on) if p.added_on else None) for p in doc.periods]
		cache[("calendar doc", name)] = (doc, added)
	doc, added = cache[("calendar doc", name)]
	included = periods_in_force(added, get_datetime(as_of) if as_of else None)
	key = ("calendar", name, included)
	if key not in cache:
		cache[key] = _site_calendar(doc, set(included))
	return cache[key]


def _site_calendar(doc: Document, included: set[str]) -> SiteCalendar:
	regular = [(w.weekday, w.start_time, w.end_time) for w in doc.windows if not w.period]
	periods = [
		(
			p.label,
			get_datetime(p.from_date).date(),
			get_datetime(p.to_date).date(),
			[(w.weekday, w.start_time, w.end_time) for w in doc.windows if w.period == p.label],
		)
		for p in doc.periods
		if p.name in included
	]
	holidays = [
		(get_datetime(h.holiday_date).date(), get_datetime(h.to_date).date() if h.to_date else None)
		for h in doc.holidays
	]
	return SiteCalendar(
		Calendar.build(regular, holidays, periods),
		Zones(get_system_timezone(), doc.time_zone or get_system_timezone()),
	)


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
