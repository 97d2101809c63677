"""Sites installed before survey links existed get the default survey messages (empty ones only)."""

import frappe

from beneficiary_care.setup.install import fill_message_templates


def execute():
	settings = frappe.get_single("Beneficiary Care Settings")
	fill_message_templates(settings)
	settings.flags.ignore_validate = True
	settings.save(ignore_permissions=True)
