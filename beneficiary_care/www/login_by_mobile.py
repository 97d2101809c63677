import frappe
from frappe import _

from beneficiary_care.core.login_codes import local_path
from beneficiary_care.portal.pages import portal_context

no_cache = 1


def get_context(context):
	"""Two steps, mobile then code (portal.request_login_code, portal.verify_login_code); then the
	`redirect-to` path if it is one of this site's, else /my-cases."""
	target = local_path(frappe.form_dict.get("redirect-to"))
	if frappe.session.user != "Guest":
		frappe.local.flags.redirect_location = target
		raise frappe.Redirect(302)
	portal_context(context)
	context.title = _("Log in by mobile")
	context.target = target
	context.labels = {
		# sent here from /my-cases: say why
		"why": _("Log in to see your cases.") if target.startswith("/my-cases") else "",
		"intro": _("Type the mobile number you registered with. We will send you a code by SMS."),
		"mobile": _("Your mobile number"),
		"send": _("Send me a code"),
		"code": _("The code we sent you by SMS"),
		"log_in": _("Log in with this code"),
		"change": _("Use another mobile number"),
		"failed": _("Something went wrong. Please try again."),
	}
	return context
