from frappe.model.document import Document


class CareEscalationStep(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action: DF.Literal[
			"Notify Assignee",
			"Assign Department Head",
			"Escalate to Complaints Committee",
			"Escalate to Management",
		]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		threshold: DF.Float
		trigger: DF.Literal["Share of Resolution Time Used", "Hours After Breach"]
	# end: auto-generated types
	pass
