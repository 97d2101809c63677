from frappe.model.document import Document


class CareDepartmentMember(Document):
	pass
