from frappe.model.document import Document


class SubjectCategory(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category_name: DF.Data
		default_department: DF.Link | None
		default_priority: DF.Literal["Low", "Medium", "High", "Urgent"]
		description: DF.SmallText | None
		enabled: DF.Check
		is_public: DF.Check
	# end: auto-generated types
	pass
