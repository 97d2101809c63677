"""Sites installed before messages to submitters existed get the default Arabic templates."""

import frappe

from beneficiary_care.setup.install import fill_message_templates


def execute():
	settings = frappe.get_single("Beneficiary Care Settings")
	fill_message_templates(settings)
	settings.flags.ignore_validate = True
	settings.save(ignore_permissions=True)
