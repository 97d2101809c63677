from frappe.model.document import Document


class CaseChannel(Document):
	pass
