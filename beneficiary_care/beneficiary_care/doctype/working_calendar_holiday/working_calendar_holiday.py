from frappe.model.document import Document


class WorkingCalendarHoliday(Document):
	pass
