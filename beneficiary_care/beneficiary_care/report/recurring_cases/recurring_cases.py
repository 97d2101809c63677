"""The special reports of the association (ثالثاً/٣): a complaint that recurs — from the same person,
on the same subject, or naming the same employee — past the thresholds in Beneficiary Care Settings.
Each row lists its cases. Counting is GROUP BY … HAVING in SQL; only Care Manager, the Complaints
Committee and System Manager run it (it names employees)."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.query_builder.functions import Count, GroupConcat, IfNull
from frappe.utils import cint, flt

from beneficiary_care.core.periods import Period, PeriodKind
from beneficiary_care.core.recurrence import Thresholds, rising_categories
from beneficiary_care.frappe_helpers import settings_values
from beneficiary_care.reporting import counting, population

HISTORY_PERIODS = 4


def thresholds() -> Thresholds:
	values = settings_values(
		[
			"recurrence_person_count",
			"recurrence_window_days",
			"recurrence_category_factor",
			"recurrence_employee_count",
		],
	)
	return Thresholds(
		cint(values.recurrence_person_count) or 3,
		cint(values.recurrence_window_days) or 90,
		flt(values.recurrence_category_factor) or 2.0,
		cint(values.recurrence_employee_count) or 2,
	)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	period, _previous = population.periods(filters)
	limits = thresholds()
	end = min(period.end, population.now().date() + dt.timedelta(days=1))
	window = Period(end - dt.timedelta(days=limits.window_days), end, PeriodKind.RANGE)
	data = []

	c, query = population.population("Complaint", window, filters)
	who = IfNull(c.beneficiary, c.mobile)
	for person, count, names in (
		query.select(who, Count(c.name), GroupConcat(c.name))
		.where(who.isnotnull())
		.groupby(who)
		.having(Count(c.name) >= limits.person_count)
		.orderby(Count(c.name), order=frappe.qb.desc)
		.run()
	):
		data.append(
			_row(
				_("Same Person"),
				person,
				count,
				_("{0}+ complaints in {1} days").format(limits.person_count, limits.window_days),
				names,
			)
		)

	c, query = population.population("Complaint", window, filters)
	for employee, count, names in (
		query.select(c.named_employee, Count(c.name), GroupConcat(c.name))
		.where(c.named_employee.isnotnull())
		.groupby(c.named_employee)
		.having(Count(c.name) >= limits.employee_count)
		.run()
	):
		data.append(
			_row(
				_("Same Employee"),
				employee,
				count,
				_("{0}+ complaints in {1} days").format(limits.employee_count, limits.window_days),
				names,
			)
		)

	current = counting.counts_by("subject_category", period, filters, ("Complaint",))
	history = [
		counting.counts_by("subject_category", _earlier(period, k), filters, ("Complaint",))
		for k in range(1, HISTORY_PERIODS + 1)
	]
	for rise in rising_categories(current, history, limits.category_factor):
		c, query = population.population("Complaint", period, filters)
		names = query.select(GroupConcat(c.name)).where(c.subject_category == rise.category).run()[0][0]
		detail = (
			_("new this period")
			if rise.factor is None
			else _("{0} × the mean of the previous {1} periods ({2})").format(
				rise.factor, HISTORY_PERIODS, rise.previous_mean
			)
		)
		data.append(_row(_("Same Subject"), rise.category, rise.current, detail, names))
	return columns(), data


def _earlier(period: Period, k: int) -> Period:
	days = dt.timedelta(days=period.days)
	return Period(period.start - days * k, period.start - days * (k - 1), PeriodKind.RANGE)


def _row(kind: str, key: str, count: int, why: str, names: str | None) -> dict:
	return {
		"kind": kind,
		"key": key,
		"count": count,
		"why": why,
		"cases": ", ".join(sorted((names or "").split(","))),
	}


def columns() -> list[dict]:
	return [
		{"fieldname": "kind", "label": _("Recurrence"), "fieldtype": "Data", "width": 130},
		{"fieldname": "key", "label": _("Who or What"), "fieldtype": "Data", "width": 220},
		{"fieldname": "count", "label": _("Complaints"), "fieldtype": "Int", "width": 100},
		{"fieldname": "why", "label": _("Threshold"), "fieldtype": "Data", "width": 280},
		{"fieldname": "cases", "label": _("Cases"), "fieldtype": "Data", "width": 400},
	]
