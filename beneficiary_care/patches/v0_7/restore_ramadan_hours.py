"""Sites installed before this patch may hold the install's time as their Ramadan hours (Frappe v15 sets
every Time field of a new document to the current time: setup/install.py, restore_time_defaults).
A value with seconds is such a time, never one staff typed in the desk: put the default back."""

import frappe
from frappe.utils import get_time

from beneficiary_care.frappe_helpers import SETTINGS


def execute():
	meta = frappe.get_meta(SETTINGS)
	for df in meta.get("fields", {"fieldtype": "Time"}):
		value = frappe.db.get_single_value(SETTINGS, df.fieldname)
		if df.default and value and (get_time(value).second or get_time(value).microsecond):
			frappe.db.set_single_value(SETTINGS, df.fieldname, df.default)
