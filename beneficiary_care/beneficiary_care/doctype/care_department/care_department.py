from frappe import _
from frappe.model.document import Document

from beneficiary_care.framework.validation import throw_for_field


class CareDepartment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from beneficiary_care.beneficiary_care.doctype.care_department_member.care_department_member import (
			CareDepartmentMember,
		)

		assignment_rule_type: DF.Literal["Round Robin", "Load Balancing"]
		department_name: DF.Data
		enabled: DF.Check
		head: DF.Link | None
		head_name: DF.Data | None
		members: DF.Table[CareDepartmentMember]

	# end: auto-generated types
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
