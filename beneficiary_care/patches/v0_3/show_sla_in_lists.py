"""Sites installed before the SLA status was a list column get room for it."""

from beneficiary_care.setup.install import show_sla_in_lists


def execute():
	show_sla_in_lists()
