from frappe import _
from frappe.model.document import Document

from beneficiary_care.validation import throw_for_field


class CareDepartment(Document):
	def validate(self) -> None:
		seen: dict[str, int] = {}
		for row in self.members:
			if row.user in seen:
				throw_for_field(
					self,
					"members",
					_("row {0}: {1} is already a member in row {2}").format(
						row.idx, row.user, seen[row.user]
					),
				)
			seen[row.user] = row.idx
