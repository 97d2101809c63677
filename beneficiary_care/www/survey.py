import frappe
from frappe import _

from beneficiary_care.core import surveys, tokens
from beneficiary_care.messaging.surveys import state_message, survey_state
from beneficiary_care.portal.pages import portal_context

no_cache = 1  # one page per link: never served from the page cache


def get_context(context):
	token = frappe.form_dict.get("token") or ""
	state, invitation = survey_state(token)
	portal_context(context)
	context.title = _("Satisfaction Survey")
	context.token = token if state == tokens.VALID else ""
	context.state_message = "" if state == tokens.VALID else state_message(state)
	context.reference = (invitation.reference_name or "") if invitation and state == tokens.VALID else ""
	context.questions = [
		("overall_rating", _("Overall, how satisfied are you?")),
		("answer_quality_rating", _("The quality of the answer")),
		("procedure_clarity_rating", _("The clarity of the procedure")),
		("time_taken_rating", _("The time it took")),
		("staff_conduct_rating", _("The conduct of our staff")),
	]
	context.low_score = surveys.LOW_SCORE
	context.labels = {
		"yes": _("Yes"),
		"no": _("No"),
		"met": _("Did the answer meet your need?"),
		"comment": _("Anything you would like to tell us?"),
		"why": _("Please tell us what went wrong"),
		"send": _("Send"),
		"required": _("Please rate your overall satisfaction."),
	}
	return context
