"""The words of the messages to submitters: which settings hold each purpose's templates, the mail
subjects, the tracking link, and the templates rendered (compiled once per worker) with an answer too
long for an SMS swapped for the short one. No sending here: messaging writes and delivers."""

from __future__ import annotations

import functools

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_url, strip_html

from beneficiary_care.core.sms import segments

# purpose → (SMS template field, email template field)
TEMPLATES = {
	"Acknowledgement": ("acknowledgement_sms", "acknowledgement_email"),
	"Answer": ("answer_sms", "answer_email"),
	"Decision": ("decision_sms", "answer_email"),
	"Survey": ("survey_sms", "survey_email"),
	"Campaign Survey": ("campaign_sms", None),
	"Login Code": ("login_code_sms", None),
}
# An answer or a decision whose SMS would be longer than `max_sms_segments` goes as this short message
# with the tracking link instead; the whole answer is read on /track (and in the email).
SHORT_ANSWER_SMS = "answer_short_sms"
LONG_OUTCOMES = ("Answer", "Decision")
DEFAULT_MAX_SEGMENTS = 3

ANSWER_LIMIT = 1000  # characters of an answer put in a message (past the SMS limit, the short one goes)


def subject_template(purpose: str) -> str:
	"""The mail subject, in Arabic (messages to submitters are sent in Arabic)."""
	return {
		"Acknowledgement": _("We received your {kind} {name}", lang="ar"),
		"Answer": _("The answer to your {kind} {name}", lang="ar"),
		"Decision": _("The decision on your {kind} {name}", lang="ar"),
		"Survey": _("How did we do on your {kind} {name}?", lang="ar"),
	}[purpose]


def track_link(reference: str) -> str:
	"""The case's tracking page with its reference filled in (the mobile is still asked for)."""
	return get_url(f"/track?ref={reference}")


def render(source: str, context: dict) -> str:
	"""A message template from the settings, as frappe.render_template renders it (Frappe's Jinja
	environment of this request; no dunder access), but compiled once per worker and site: Frappe
	compiles the source on every call, about 3 ms for an SMS, on every registration. Only the compiled
	code is kept; each call binds it to this request's environment and globals."""
	from frappe.utils.jinja import (
		get_jenv,
	)  # here: a delivery job renders nothing (see messaging.sms.send_sms)
	from jinja2 import TemplateError

	if ".__" in source:
		frappe.throw(_("Illegal template"))
	env = get_jenv()
	try:
		template = env.template_class.from_code(
			env, _compiled(frappe.local.site, source), env.make_globals(None)
		)
		return template.render(context)
	except TemplateError:
		frappe.throw(_("The message template could not be rendered: {0}").format(frappe.get_traceback()))


@functools.lru_cache(maxsize=256)
def _compiled(site: str, source: str):
	from frappe.utils.jinja import get_jenv

	return get_jenv().compile(source)


def short_if_long(text: str, config: Document, context: dict) -> str:
	limit = cint(config.get("max_sms_segments")) or DEFAULT_MAX_SEGMENTS
	short = (config.get(SHORT_ANSWER_SMS) or "").strip()
	if segments(text) <= limit or not short or not context.get("track_link"):
		return text
	return render(short, context).strip()


def plain(html: str | None, limit: int) -> str:
	text = " ".join(strip_html(html or "").split())
	return text if len(text) <= limit else text[: limit - 1] + "…"
