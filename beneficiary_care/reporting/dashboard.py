"""Number cards on the workspace (Frappe's Number Card, type Custom): figures across the three case
kinds, which a Document Type card cannot add up. Each is one aggregate query per kind. And the
workspace's charts (Dashboard Chart, type Custom): Frappe's own Count and Group By charts, through a
chart source so that they read from the site's replica like the reports (frappe_helpers.reads_replica).
"""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get_chart_config, get_group_by_chart_config
from frappe.query_builder.functions import Count
from frappe.utils import add_months, get_datetime, get_first_day, getdate, now_datetime
from frappe.utils.dashboard import cache_source
from pypika.terms import LiteralValue

from beneficiary_care.core.periods import PeriodKind, date_range, period_containing
from beneficiary_care.core.shares import rate
from beneficiary_care.framework.helpers import reads_replica
from beneficiary_care.framework.permissions import case_query_conditions
from beneficiary_care.reporting.counting import survey_counts
from beneficiary_care.reporting.population import fiscal_start_month, kinds, population


def _count(period, extra=None) -> int:
	total = 0
	for doctype in kinds({}):
		table, query = population(doctype, period, {})
		if extra is not None:
			query = query.where(extra(table))
		total += query.select(Count(table.name)).run()[0][0]
	return total


def _month(offset: int):
	first = get_first_day(add_months(getdate(now_datetime()), offset))
	return date_range(first, get_first_day(add_months(first, 1)) - dt.timedelta(days=1))


@frappe.whitelist()
@reads_replica
def received_this_month(filters: dict | str | None = None) -> dict:
	return {"value": _count(_month(0)), "fieldtype": "Int"}


@frappe.whitelist()
@reads_replica
def received_last_month(filters: dict | str | None = None) -> dict:
	return {"value": _count(_month(-1)), "fieldtype": "Int"}


@frappe.whitelist()
@reads_replica
def csat_this_quarter(filters: dict | str | None = None) -> dict | str:
	"""CSAT of the quarter's cases; "—" before any survey is answered (KPIS.md: a rate over nothing
	is not 0 %). Frappe's number card shows a plain string as it is."""
	quarter = period_containing(getdate(now_datetime()), PeriodKind.QUARTER, fiscal_start_month())
	satisfied, answered, *_rest = survey_counts(quarter, {})
	value = rate(satisfied, answered)
	if value is None:
		return "—"
	return {"value": float(value), "fieldtype": "Percent"}


@frappe.whitelist()
@reads_replica
def breaches_this_week(filters: dict | str | None = None) -> dict:
	"""Cases whose resolution deadline fell this week (Sunday to Saturday) and was missed."""
	today = getdate(now_datetime())
	sunday = today - dt.timedelta(days=(today.weekday() + 1) % 7)
	week_start = dt.datetime.combine(sunday, dt.time())
	total = 0
	for doctype in kinds({}):
		table = frappe.qb.DocType(doctype)
		query = (
			frappe.qb.from_(table)
			.select(Count(table.name))
			.where(table.resolution_due >= week_start)
			.where(table.resolution_due < now_datetime())
			.where(table.sla_status.isin(["Breached", "Missed"]))
		)
		condition = case_query_conditions(frappe.session.user, doctype)
		if condition:
			query = query.where(LiteralValue(f"({condition})"))
		total += query.run()[0][0]
	return {"value": total, "fieldtype": "Int"}


@frappe.whitelist()
@reads_replica
def open_breached(filters: dict | str | None = None) -> dict:
	"""Open cases past a deadline now."""
	total = 0
	for doctype in kinds({}):
		table = frappe.qb.DocType(doctype)
		query = frappe.qb.from_(table).select(Count(table.name)).where(table.sla_status == "Breached")
		condition = case_query_conditions(frappe.session.user, doctype)
		if condition:
			query = query.where(LiteralValue(f"({condition})"))
		total += query.run()[0][0]
	return {"value": total, "fieldtype": "Int"}


def _chart(chart_name, filters, from_date, to_date, timespan, time_interval, grouped: bool) -> dict | None:
	"""What Frappe's dashboard_chart.get builds for a Count (time series) or Group By chart, from the
	chart's stored document type, fields and filters."""
	chart = frappe.get_doc("Dashboard Chart", chart_name)
	filters = frappe.parse_json(filters) or frappe.parse_json(chart.filters_json) or []
	filters.append([chart.document_type, "docstatus", "<", 2, False])  # as Frappe: not cancelled
	if grouped:
		return get_group_by_chart_config(chart, filters)
	return get_chart_config(
		chart,
		filters,
		timespan or chart.timespan,
		time_interval or chart.time_interval,
		get_datetime(from_date) if from_date else None,
		get_datetime(to_date) if to_date else None,
	)


@frappe.whitelist()
@cache_source  # Frappe's chart cache (Redis); it stamps last_synced_on after the switch back
@reads_replica
def cases_over_time(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: int | str | None = None,
	filters: str | list | dict | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: int | str | None = None,
	refresh: int | str | None = None,
) -> dict | None:
	"""Source «Care Cases Over Time»: cases per period of the chart's date field."""
	return _chart(chart_name, filters, from_date, to_date, timespan, time_interval, grouped=False)


@frappe.whitelist()
@cache_source
@reads_replica
def cases_grouped(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: int | str | None = None,
	filters: str | list | dict | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: int | str | None = None,
	refresh: int | str | None = None,
) -> dict | None:
	"""Source «Care Cases Grouped»: cases counted by the chart's Group By field."""
	return _chart(chart_name, filters, from_date, to_date, timespan, time_interval, grouped=True)
