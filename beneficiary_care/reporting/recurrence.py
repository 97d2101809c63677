"""The special reports' recurrences (seed ثالثاً/٣): complaints from the same person, naming the same
employee, or on a subject above its usual level, past the thresholds in Beneficiary Care Settings.
GROUP BY … HAVING in SQL. The desk report (Recurring Cases) lists them with their cases; the board's
report counts them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import frappe
from frappe.query_builder.functions import Count, GroupConcat, IfNull
from frappe.utils import cint, flt
from pypika.functions import NullIf

from beneficiary_care.core.periods import Period, PeriodKind
from beneficiary_care.core.recurrence import CategoryRise, Thresholds, rising_categories
from beneficiary_care.framework.helpers import settings_values
from beneficiary_care.reporting import counting, population

HISTORY_PERIODS = 4


@dataclass(frozen=True)
class Recurrence:
	key: str  # the person (beneficiary or mobile), the employee or the subject
	count: int
	cases: list[str]
	rise: CategoryRise | None = None  # for a subject: how far above its mean


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


def window(period: Period, limits: Thresholds) -> Period:
	"""The last `window_days` of the period (up to today)."""
	end = min(period.end, population.now().date() + dt.timedelta(days=1))
	return Period(end - dt.timedelta(days=limits.window_days), end, PeriodKind.RANGE)


def _cases(names: str | None) -> list[str]:
	return sorted(n for n in (names or "").split(",") if n)


def same_person(period: Period, filters: dict, limits: Thresholds) -> list[Recurrence]:
	c, query = population.population("Complaint", window(period, limits), filters)
	who = IfNull(NullIf(c.beneficiary, ""), NullIf(c.mobile, ""))  # a cleared link is '', not NULL
	rows = (
		query.select(who, Count(c.name), GroupConcat(c.name))
		.where(who.isnotnull())
		.groupby(who)
		.having(Count(c.name) >= limits.person_count)
		.orderby(Count(c.name), order=frappe.qb.desc)
		.run()
	)
	return [Recurrence(person, int(count), _cases(names)) for person, count, names in rows]


def same_employee(period: Period, filters: dict, limits: Thresholds) -> list[Recurrence]:
	c, query = population.population("Complaint", window(period, limits), filters)
	rows = (
		query.select(c.named_employee, Count(c.name), GroupConcat(c.name))
		.where(NullIf(c.named_employee, "").isnotnull())
		.groupby(c.named_employee)
		.having(Count(c.name) >= limits.employee_count)
		.run()
	)
	return [Recurrence(employee, int(count), _cases(names)) for employee, count, names in rows]


def rising_subjects(
	period: Period, filters: dict, limits: Thresholds, with_cases: bool = True
) -> list[Recurrence]:
	current = counting.counts_by("subject_category", period, filters, ("Complaint",))
	history = [
		counting.counts_by("subject_category", _earlier(period, k), filters, ("Complaint",))
		for k in range(1, HISTORY_PERIODS + 1)
	]
	out = []
	for rise in rising_categories(current, history, limits.category_factor):
		names = None
		if with_cases:
			c, query = population.population("Complaint", period, filters)
			names = query.select(GroupConcat(c.name)).where(c.subject_category == rise.category).run()[0][0]
		out.append(Recurrence(rise.category, rise.current, _cases(names), rise))
	return out


def _earlier(period: Period, k: int) -> Period:
	days = dt.timedelta(days=period.days)
	return Period(period.start - days * k, period.start - days * (k - 1), PeriodKind.RANGE)
