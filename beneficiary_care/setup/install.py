"""Install and migrate hooks: roles, the association's starting data, compiled translations."""

from __future__ import annotations

import datetime as dt

import frappe
from babel.messages.pofile import read_po
from frappe.gettext.translate import get_locales, get_mo_path, get_po_path, write_binary
from frappe.translate import clear_cache
from frappe.utils import get_time, getdate

from beneficiary_care.framework.helpers import SETTINGS
from beneficiary_care.framework.versions import show_onboarding
from beneficiary_care.portal.pages import show_association
from beneficiary_care.reporting import indexes
from beneficiary_care.setup import first_day, starting_data, workflow

MODULE = "Beneficiary Care"

APP = "beneficiary_care"

# Role → desk access. The portal role must never open the desk. Frappe creates any role named in a
# DocPerm with desk access when the DocTypes sync, so these are made first (before_install) and kept
# right on every migrate.
ROLES = {
	"Care Officer": 1,
	"Department Staff": 1,
	"Department Head": 1,
	"Complaints Committee": 1,
	"Care Manager": 1,
	"Board Member": 1,  # reads approved board reports, nothing else (board.issue)
	"Care Beneficiary": 0,
}


def before_install() -> None:
	ensure_roles()


def after_install() -> None:
	ensure_roles()
	insert_seed_data()
	show_sla_in_lists()
	enable_arabic()
	show_association(first_time=True)
	workflow.ensure_workflow()
	compile_translations()
	show_onboarding(MODULE, first_day.ONBOARDING)


def enable_arabic() -> None:
	"""Guests' pages are Arabic only where Arabic is an enabled language (portal/pages.py)."""
	if frappe.db.exists("Language", "ar"):
		frappe.db.set_value("Language", "ar", "enabled", 1)


def after_migrate() -> None:
	ensure_roles()
	workflow.ensure_workflow()
	compile_translations()
	ensure_report_indexes()
	show_onboarding(MODULE, first_day.ONBOARDING)


def ensure_report_indexes() -> None:
	"""Frappe runs on_doctype_update only when a DocType's JSON changed; the reports' composite
	indexes are checked on every migrate (adding one that exists does nothing)."""
	indexes.ensure_report_indexes()


def ensure_roles() -> None:
	for role, desk_access in ROLES.items():
		if frappe.db.exists("Role", role):
			if frappe.db.get_value("Role", role, "desk_access") != desk_access:
				frappe.db.set_value("Role", role, "desk_access", desk_access)
		else:
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": desk_access}).insert(
				ignore_permissions=True
			)


def _insert_missing(doctype: str, name: str, values: dict) -> None:
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)


def insert_seed_data(today: dt.date | None = None) -> None:
	"""The starting data's channels, categories, needs, root causes, calendar, SLA policies and settings
	(beneficiary_care/fixtures/starting_data/): each record only where missing, file by file in order.
	The calendar's fixed-date holidays are dated for this year and the next."""
	today = today or getdate()
	years = (today.year, today.year + 1)
	for file in starting_data.DOCUMENT_FILES:
		for record in starting_data.records(file):
			if record["doctype"] == "Working Calendar":
				record["holidays"] = starting_data.dated_holidays(record.get("holidays", []), years)
			_insert_missing(record["doctype"], starting_data.name_of(record), record)

	unsaved_times = unset_time_fields()
	settings = frappe.get_single("Beneficiary Care Settings")
	if not settings.default_calendar:
		settings.default_calendar = starting_data.CALENDAR_NAME
	restore_time_defaults(settings, unsaved_times)
	fill_message_templates(settings)
	settings.save(ignore_permissions=True)


def unset_time_fields() -> list[str]:
	"""The settings' Time fields that no one has set: empty, or holding the instant Frappe's installer
	saved the settings at (init_singles, before the app's after_install). That instant has seconds or
	microseconds; a time typed in the desk has neither."""
	fields = []
	for df in frappe.get_meta(SETTINGS).get("fields", {"fieldtype": "Time"}):
		value = frappe.db.get_single_value(SETTINGS, df.fieldname)
		if df.default and (not value or get_time(value).second or get_time(value).microsecond):
			fields.append(df.fieldname)
	return fields


def restore_time_defaults(settings, fieldnames: list[str]) -> None:
	"""Frappe v15 fills every Time field of a new document with the current time, whatever its default
	(frappe/model/create_new.py, set_dynamic_default_values): the Ramadan hours would be the install's
	minute. Put the DocType's defaults back in the fields no one set (unset_time_fields)."""
	meta = frappe.get_meta(SETTINGS)
	for fieldname in fieldnames:
		settings.set(fieldname, meta.get_field(fieldname).default)


def show_sla_in_lists() -> None:
	"""Case lists show six columns (Frappe's default is four), so the SLA status fits beside the
	reference, subject, received date and status. Only where the site has no list settings yet."""
	for doctype in ("Complaint", "Inquiry", "Suggestion"):
		if not frappe.db.exists("List View Settings", doctype):
			frappe.get_doc({"doctype": "List View Settings", "name": doctype, "total_fields": "6"}).insert(
				ignore_permissions=True
			)


def fill_message_templates(settings) -> None:
	"""The default Arabic messages to submitters and the board report's preamble, where still empty."""
	if not settings.association_name:
		settings.association_name = starting_data.ASSOCIATION_NAME
	for fieldname, template in starting_data.starting_texts().items():
		if not (settings.get(fieldname) or "").strip():
			settings.set(fieldname, template)
	for fieldname, rows in starting_data.starting_tables().items():
		if not settings.get(fieldname):
			for row in rows:
				settings.append(fieldname, row)


def compile_translations() -> None:
	"""Build the app's .mo files from locale/*.po, so Arabic works right after install or migrate
	(bench build does this too; a site set up without a build would otherwise stay in English)."""
	for locale in get_locales(APP):
		po_path, mo_path = get_po_path(APP, locale), get_mo_path(APP, locale)
		if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
			continue
		with open(po_path, "rb") as f:
			write_binary(APP, read_po(f), locale)
	clear_cache()
