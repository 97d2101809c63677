from frappe.model.document import Document


class NeedCategory(Document):
	pass
