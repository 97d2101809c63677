import re

import frappe
from frappe import _

from beneficiary_care.portal.pages import portal_context

no_cache = 1
REFERENCE = re.compile(r"[A-Za-z]{3}-\d{4}-\d{1,10}")


def get_context(context):
	portal_context(context)
	# a link from the acknowledgement carries the reference (/track?ref=CMP-2026-00001); the mobile is
	# still asked for. Anything that is not a reference fills in nothing.
	ref = str(frappe.form_dict.get("ref") or "").strip()
	context.reference = ref.upper() if REFERENCE.fullmatch(ref) else ""
	context.title = _("Track a Case")
	context.labels = {
		"reference": _("Reference number"),
		"mobile": _("The mobile you registered with"),
		"show": _("Show"),
		"status": _("Status"),
		"answer": _("Answer"),
		"reason": _("Reason"),
	}
	return context
