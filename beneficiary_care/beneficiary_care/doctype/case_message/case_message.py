import frappe
from frappe.model.document import Document


class CaseMessage(Document):
	pass


def on_doctype_update():
	# The retry sweep selects by status and due time (beneficiary_care.messaging.retry_due).
	frappe.db.add_index("Case Message", ["status", "next_attempt_on"])
