"""The gateway timeout's default went from 15 to 45 seconds (longer than a slow gateway's 30 s, so that
its late answer is heard rather than sent again; a run now waits for it at most once). A site still on
the old default takes the new one; a value someone chose is kept."""

import frappe

from beneficiary_care.framework.helpers import SETTINGS


def execute():
	if frappe.db.get_single_value(SETTINGS, "sms_timeout_seconds") in (None, 0, 15):
		frappe.db.set_single_value(SETTINGS, "sms_timeout_seconds", 45)
