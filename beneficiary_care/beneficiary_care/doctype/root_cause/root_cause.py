from frappe.model.document import Document


class RootCause(Document):
	pass
