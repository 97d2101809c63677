"""The departments' Assignment Rules leave cases imported from history alone (core.routing): Frappe's
Assignment Rule runs during a Data Import too, and would give each imported case to an officer, with
an alert. Each department's rules are written again from its members."""

import frappe

from beneficiary_care.cases.routing import sync_department_rules


def execute():
	for name in frappe.get_all("Care Department", pluck="name"):
		sync_department_rules(frappe.get_doc("Care Department", name))
