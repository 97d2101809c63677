"""Sites installed before WhatsApp: the «واتساب» channel, and the kind question, the reply to «إيقاف»
and the four template names in the settings (where still empty). WhatsApp itself stays off until the
association enters its number's settings."""

import frappe

from beneficiary_care.setup import starting_data
from beneficiary_care.setup.install import fill_message_templates


def execute():
	for record in starting_data.records("case_channel"):
		if record["code"] == "whatsapp" and not frappe.db.exists("Case Channel", {"code": "whatsapp"}):
			frappe.get_doc(record).insert(ignore_permissions=True)
	settings = frappe.get_single("Beneficiary Care Settings")
	fill_message_templates(settings)
	settings.flags.ignore_validate = True
	settings.save(ignore_permissions=True)
