"""Sites installed before survey campaigns existed get the default campaign message (if empty)."""

from beneficiary_care.patches.v0_4.survey_message_templates import execute as fill_empty_templates


def execute():
	fill_empty_templates()
