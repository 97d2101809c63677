from frappe import _

no_cache = 1


def get_context(context):
	context.no_breadcrumbs = True
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
