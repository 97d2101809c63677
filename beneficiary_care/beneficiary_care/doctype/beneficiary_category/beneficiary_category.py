from frappe.model.document import Document


class BeneficiaryCategory(Document):
	pass
