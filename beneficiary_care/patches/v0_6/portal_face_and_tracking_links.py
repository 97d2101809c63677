"""Sites installed before the portal wore the association's face: the Website Settings (name, logo,
footer, home page), Arabic enabled, the short answer SMS, and the tracking link in acknowledgements
that still read as the app first wrote them (an association's own wording is left as it is)."""

import frappe

from beneficiary_care.portal.pages import show_association
from beneficiary_care.setup import install, starting_data

# the acknowledgements as installed before they carried the tracking link
OLD_ACKNOWLEDGEMENT_SMS = (
	"{{ association }}: شكراً لتواصلك معنا. استلمنا {{ kind }} برقم {{ doc.name }}، وسنرد عليك في أقرب وقت."
)
OLD_ACKNOWLEDGEMENT_EMAIL_END = "وسنرد عليك في أقرب وقت.</p>"


def execute():
	defaults = starting_data.message_templates()
	settings = frappe.get_single("Beneficiary Care Settings")
	if (settings.acknowledgement_sms or "").strip() == OLD_ACKNOWLEDGEMENT_SMS:
		settings.acknowledgement_sms = defaults["acknowledgement_sms"]
	email = (settings.acknowledgement_email or "").strip()
	if email.endswith(OLD_ACKNOWLEDGEMENT_EMAIL_END) and "track_link" not in email:
		settings.acknowledgement_email = defaults["acknowledgement_email"]
	install.fill_message_templates(settings)  # the short answer SMS, where empty
	settings.flags.ignore_permissions = True
	settings.save()
	install.enable_arabic()
	show_association(first_time=True)
