from frappe.model.document import Document


class SurveyInvitation(Document):
	pass
