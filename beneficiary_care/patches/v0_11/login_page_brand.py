"""The staff login page says "Login to {app name}": the association's name, not Frappe's (sites
installed before Website Settings' app name was set with the rest of the association's face)."""

from beneficiary_care.portal.pages import show_association


def execute():
	show_association()
