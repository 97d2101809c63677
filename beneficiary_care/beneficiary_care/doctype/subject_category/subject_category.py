from frappe.model.document import Document


class SubjectCategory(Document):
	pass
