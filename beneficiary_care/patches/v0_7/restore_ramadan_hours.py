"""Sites installed before this patch may hold the install's time as their Ramadan hours (Frappe v15 sets
every Time field of a new document to the current time: setup/install.py, restore_time_defaults).
A value with seconds is such a time, never one staff typed in the desk: put the default back."""

import frappe

from beneficiary_care.framework.helpers import SETTINGS
from beneficiary_care.setup.install import unset_time_fields


def execute():
	meta = frappe.get_meta(SETTINGS)
	for fieldname in unset_time_fields():
		frappe.db.set_single_value(SETTINGS, fieldname, meta.get_field(fieldname).default)
