from frappe.model.document import Document


class WorkingCalendarWindow(Document):
	pass
