"""The cases a report counts: the period from the filters, and the population of one case kind received
in it, narrowed by the filters and by what the user may read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import frappe
from frappe.utils import cint, getdate, now_datetime
from pypika.terms import LiteralValue

from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import CANCELLED
from beneficiary_care.core.periods import (
	Period,
	PeriodKind,
	date_range,
	fiscal_period,
	same_period_previous_year,
)
from beneficiary_care.framework.helpers import SETTINGS, setting
from beneficiary_care.framework.permissions import case_query_conditions
from beneficiary_care.framework.validation import core_errors


def fiscal_start_month() -> int:
	return cint(setting("fiscal_year_start_month")) or 1


def period_from_filters(filters: dict) -> Period:
	kind = PeriodKind(filters.get("period") or "Year")
	if kind is PeriodKind.RANGE:
		return date_range(getdate(filters.get("from_date")), getdate(filters.get("to_date")))
	year = cint(filters.get("fiscal_year")) or now_datetime().year
	return fiscal_period(kind, year, cint(filters.get("period_number")) or 1, fiscal_start_month())


def periods(filters: dict) -> tuple[Period, Period]:
	with core_errors(SETTINGS):
		current = period_from_filters(filters)
	return current, same_period_previous_year(current)


def kinds(filters: dict) -> tuple[str, ...]:
	kind = filters.get("case_kind")
	return (kind,) if kind in CASE_DOCTYPES else CASE_DOCTYPES


def population(doctype: str, period: Period, filters: dict, include_cancelled: bool = False):
	"""The cases of `doctype` received in `period` (by their opening time, half-open range, so the
	last day's afternoon counts), narrowed by the filters and by what the user may read."""
	table = frappe.qb.DocType(doctype)
	query = (
		frappe.qb.from_(table)
		.where(table.received_on >= period.start_datetime())
		.where(table.received_on < period.end_datetime())
	)
	if not include_cancelled:
		query = query.where(table.status != CANCELLED)
	for fieldname in ("department", "channel", "subject_category", "need_category"):
		if filters.get(fieldname):
			query = query.where(table[fieldname] == filters[fieldname])
	condition = None if counts_everything() else case_query_conditions(frappe.session.user, doctype)
	if condition:
		query = query.where(LiteralValue(f"({condition})"))
	return table, query


@contextmanager
def counting_everything() -> Iterator[None]:
	"""Count every case, whatever the user may read: the board's report (reporting.board_figures), which
	holds counts only, must not depend on who pressed the button."""
	before = frappe.flags.get("bc_count_everything")
	frappe.flags.bc_count_everything = True
	try:
		yield
	finally:
		frappe.flags.bc_count_everything = before


def counts_everything() -> bool:
	return bool(frappe.flags.get("bc_count_everything"))


def now() -> dt.datetime:
	return now_datetime()
