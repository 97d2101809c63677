from frappe.model.document import Document


class CareEscalationStep(Document):
	pass
