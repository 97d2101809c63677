from frappe.model.document import Document


class NeedCategory(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		enabled: DF.Check
		is_public: DF.Check
		need_name: DF.Data
	# end: auto-generated types
	pass
