"""The portal's landing page, the site's home page for guests: submit, track, my cases, common
questions, contact."""

from frappe import _

from beneficiary_care.portal.faq import published_articles
from beneficiary_care.portal.pages import portal_context

no_cache = 1


def get_context(context):
	portal_context(context)
	context.title = _("Beneficiary Services")
	context.actions = [
		("/submit-case", _("Submit a Case"), _("A complaint, an inquiry or a suggestion, in a few minutes.")),
		("/track", _("Track a Case"), _("Its status and the answer, with your reference number and mobile.")),
		("/my-cases", _("My Cases"), _("Every case you registered, after a code sent to your mobile.")),
	]
	context.questions = published_articles()
	context.labels = {
		"questions": _("Common Questions"),
		"contact": _("Contact Us"),
		"phone": _("Phone"),
		"email": _("Email"),
		"address": _("Address"),
	}
	return context
