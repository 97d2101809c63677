import frappe
from frappe.model.document import Document


class CaseEscalation(Document):
	pass


def on_doctype_update():
	# Each ladder step is applied once per case and round: the database refuses a second one.
	frappe.db.add_unique(
		"Case Escalation", ["reference_doctype", "reference_name", "round", "step"], "unique_step"
	)
