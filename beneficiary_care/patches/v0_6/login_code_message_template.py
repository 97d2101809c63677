"""Sites installed before login by mobile existed get the default login code message (if empty)."""

from beneficiary_care.patches.v0_4.survey_message_templates import execute as fill_empty_templates


def execute():
	fill_empty_templates()
