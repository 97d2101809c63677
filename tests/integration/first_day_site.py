"""The fresh site of the first-day browser test (test_first_day_browser.py), run with the bench's Python
in the bench's sites folder:

    python first_day_site.py prepare SITE EMAIL PASSWORD   # Frappe's setup as its wizard does it, in
                                                            # Arabic, and a new System Manager
    python first_day_site.py state SITE                     # the onboarding's steps and the messages

Each prints one line, `RESULT <json>`."""

from __future__ import annotations

import json
import sys


def connect(site: str):
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	return frappe


def prepare(site: str, email: str, password: str) -> dict:
	frappe = connect(site)
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete
	from frappe.utils.password import update_password

	# what the setup wizard does when a person answers it in Arabic for a Saudi association
	setup_complete(
		{
			"language": "العربية",
			"country": "Saudi Arabia",
			"timezone": "Asia/Riyadh",
			"currency": "SAR",
			"full_name": "Administrator",
		}
	)
	frappe.set_user("Administrator")
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "مدير",
			"last_name": "النظام",
			"language": "ar",
			"send_welcome_email": 0,
		}
	).insert(ignore_permissions=True)
	user.add_roles("System Manager", "Care Manager")
	update_password(email, password)
	frappe.db.commit()
	return {
		"user": email,
		"setup_complete": bool(frappe.db.get_single_value("System Settings", "setup_complete")),
	}


def state(site: str) -> dict:
	frappe = connect(site)
	steps = frappe.get_all(
		"Onboarding Step Map", filters={"parent": "Beneficiary Care"}, pluck="step", order_by="idx"
	)
	stored = {
		row.name: {"complete": row.is_complete, "skipped": row.is_skipped}
		for row in frappe.get_all("Onboarding Step", fields=["name", "is_complete", "is_skipped"])
	}
	messages = frappe.get_all(
		"Case Message",
		fields=["reference_name", "purpose", "medium", "status", "recipient"],
		order_by="creation",
	)
	return {
		"steps": [{"step": step, **stored[step]} for step in steps],
		"messages": [dict(m) for m in messages],
		"sms_settings_url": frappe.db.get_single_value("SMS Settings", "sms_gateway_url"),
	}


if __name__ == "__main__":
	command, site, *rest = sys.argv[1:]
	result = prepare(site, *rest) if command == "prepare" else state(site)
	print("RESULT " + json.dumps(result, ensure_ascii=False, default=str))
