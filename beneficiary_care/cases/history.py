"""Cases brought in from the association's earlier records with Frappe's Data Import (Insert or Update,
CSV or XLSX, the desk's Data Import page or `bench data-import`).

A row saved while Frappe's importer runs (`frappe.flags.in_import`) is a case from history when it is
new, or when it was imported before (`is_historical`). Such a case:
- may carry any status the lifecycle knows, with the dates of its steps from the sheet
  (core.history_import checks and completes them), and what that status needs in the desk;
- sends nothing (acknowledgement, answer, decision, survey), and takes no assignment: the
  departments' Assignment Rules skip it (core.routing);
- gets its deadlines from its received date, with the ladder steps already due passed, never applied
  (`ladder_from`, core.sla.passed_steps): an open one escalates at the steps still ahead of it;
- takes its reference in the series of the year it was received (CMP-2024-00001), and keeps the old
  system's number in `legacy_reference`: a row whose number was imported before updates that case.

The rules are core.history_import's; this module moves values between the row and the core.
"""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.model import no_value_fields
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import cstr, get_datetime

from beneficiary_care.core import history_import
from beneficiary_care.core.arabic import normalize_arabic
from beneficiary_care.core.cases import normalize_contact
from beneficiary_care.core.national_id import validate_national_id
from beneficiary_care.framework.validation import core_errors, throw_for_field

# The case's dates a row brings, read-only in the form but written by an import.
DATE_FIELDS = tuple(history_import.DATE_FIELDS)
# Never copied from a row onto a case imported before: the naming, and what the app computes.
NOT_FROM_ROW = frozenset({"naming_series", "is_historical", "ladder_from"})


def is_from_history(case: Document) -> bool:
	"""The case is being written by Frappe's Data Import as part of the association's history."""
	if case.flags.from_history is None:
		case.flags.from_history = bool(frappe.flags.in_import) and (
			case.is_new() or bool(case.get("is_historical"))
		)
	return case.flags.from_history


def name_in_year_series(case: Document) -> None:
	"""autoname: a case from history takes the next reference of the year it was received."""
	series = case.naming_series or frappe.get_meta(case.doctype).get_field("naming_series").default
	year = get_datetime(case.received_on or frappe.utils.now_datetime()).year
	case.name = make_autoname(history_import.series_for_year(series, year) + ".#####", "", case)


def read_import_columns(case: Document) -> None:
	"""The sheet's channel as written (its name or code) and the beneficiary file by national ID, turned
	into the case's links; neither is kept on the case."""
	written = cstr(case.get("channel_as_written")).strip()
	if written:
		case.channel = _channel_named(case, written)
	national_id = cstr(case.get("beneficiary_national_id")).strip()
	if national_id:
		with core_errors(case):
			national_id = validate_national_id(national_id, field="beneficiary_national_id")
		file = frappe.db.get_value("Beneficiary", {"national_id": national_id}, "name")
		if not file:
			throw_for_field(
				case,
				"beneficiary_national_id",
				_("no beneficiary file has the national ID ending in {0}").format(national_id[-4:]),
			)
		case.beneficiary = file
	case.channel_as_written = None
	case.beneficiary_national_id = None


def _channel_named(case: Document, written: str) -> str:
	wanted = normalize_arabic(written).casefold()
	channels = frappe.get_all("Case Channel", fields=["name", "code", "enabled"])
	for channel in channels:
		if wanted in (normalize_arabic(channel.name).casefold(), cstr(channel.code).casefold()):
			return channel.name
	throw_for_field(
		case,
		"channel_as_written",
		_("no channel is named {0}; the channels are: {1}").format(
			frappe.bold(written), ", ".join(c.name for c in channels)
		),
	)


def prepare(case: Document, now: dt.datetime) -> None:
	"""validate, before the rest: the row's dates checked and completed, its counters, its ladder."""
	case.is_historical = 1
	dates = history_import.HistoricalDates(**{field: _datetime(case.get(field)) for field in DATE_FIELDS})
	with core_errors(case):
		dates = history_import.check_dates(case.doctype, case.status, dates, now)
	for field in DATE_FIELDS:
		case.set(field, getattr(dates, field))
	case.reopen_count = history_import.reopen_count(case.status, case.reopen_count)
	if not case.ladder_from:
		case.ladder_from = now


def check_outcome(case: Document) -> None:
	with core_errors(case):
		history_import.check_outcome(
			case.doctype,
			case.status,
			answer=case.resolution,
			rejection_reason=case.get("rejection_reason"),
		)


def imported_before(case: Document) -> str | None:
	"""The case a new row's old-system number was imported as before, if any."""
	reference = cstr(case.get("legacy_reference")).strip()
	if not (frappe.flags.in_import and case.is_new() and reference):
		return None
	return frappe.db.get_value(case.doctype, {"legacy_reference": reference}, "name")


def update_from_row(row: Document, name: str) -> Document:
	"""An Insert import's row for a case imported before: the row's values on that case, saved only if
	one differs (so the same sheet imported twice changes nothing). Returns the row, named as the case,
	for the import's log."""
	case = frappe.get_doc(row.doctype, name)
	# the row as the case would store it: its import columns read, its contact normalised
	read_import_columns(row)
	with core_errors(row):
		row.mobile, row.email = normalize_contact(row.mobile, row.email)
	changed = False
	for df in case.meta.fields:
		field = df.fieldname
		if df.fieldtype in no_value_fields or field in NOT_FROM_ROW:
			continue
		if df.read_only and field not in DATE_FIELDS:
			continue
		value = row.get(field)
		if value in (None, "") or _same(df.fieldtype, value, case.get(field)):
			continue
		case.set(field, value)
		changed = True
	if changed:
		case.flags.updater_reference = row.flags.updater_reference
		case.save()
	row.name = case.name
	return row


def _same(fieldtype: str, a, b) -> bool:
	if fieldtype in ("Datetime", "Date"):
		return bool(b) and get_datetime(a) == get_datetime(b)
	if fieldtype in ("Int", "Check"):
		return int(a or 0) == int(b or 0)
	return cstr(a).strip() == cstr(b).strip()


def _datetime(value) -> dt.datetime | None:
	return get_datetime(value).replace(microsecond=0) if value else None
