import frappe
from frappe.model.document import Document


class CaseEscalation(Document):
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
		escalated_on: DF.Datetime | None
		level: DF.Int
		notified: DF.SmallText | None
		reference_doctype: DF.Link
		reference_name: DF.DynamicLink
		round: DF.Int
		sla_policy: DF.Link | None
		step: DF.Int
		trigger: DF.Data | None
	# end: auto-generated types
	pass


def on_doctype_update():
	# Each ladder step is applied once per case and round: the database refuses a second one.
	frappe.db.add_unique(
		"Case Escalation", ["reference_doctype", "reference_name", "round", "step"], "unique_step"
	)
