from urllib.parse import quote

import frappe
from frappe import _
from frappe.utils import strip_html

from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import ANSWERED
from beneficiary_care.portal.pages import portal_context

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		# beneficiaries have no password: they log in by a code sent to their mobile, then come back
		login = "/login-by-mobile?redirect-to=/my-cases"
		if frappe.form_dict.get("_lang"):
			login += "&_lang=" + quote(str(frappe.form_dict._lang)[:10])
		frappe.local.flags.redirect_location = login
		raise frappe.Redirect(302)  # not 301: browsers would keep sending guests' and users' visits there
	portal_context(context)
	context.title = _("My Cases")
	cases = []
	for doctype in CASE_DOCTYPES:
		# the permission hooks keep a beneficiary to the cases of their own file
		for row in frappe.get_list(
			doctype,
			fields=["name", "subject", "status", "received_on", "resolution"],
			order_by="received_on desc",
			limit_page_length=100,
		):
			answered = row.status in ANSWERED[doctype] or row.status == "Closed"
			cases.append(
				{
					"kind": _(doctype),
					"name": row.name,
					"subject": row.subject,
					"status": _(row.status),
					"received_on": row.received_on,
					"answer": strip_html(row.resolution or "") if answered else "",
				}
			)
	context.cases = sorted(cases, key=lambda c: c["received_on"], reverse=True)
	context.labels = {
		"none": _("You have no cases yet."),
		"answer": _("Answer"),
		"received": _("Received On"),
	}
	return context
