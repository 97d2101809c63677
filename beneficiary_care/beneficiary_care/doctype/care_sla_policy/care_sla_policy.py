import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from beneficiary_care.core.configuration import EscalationStep, check_escalation_steps, check_sla_targets
from beneficiary_care.framework.validation import core_errors, throw_for_field


class CareSLAPolicy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from beneficiary_care.beneficiary_care.doctype.care_escalation_step.care_escalation_step import (
			CareEscalationStep,
		)

		calendar: DF.Link
		case_kind: DF.Literal["Complaint", "Inquiry", "Suggestion"]
		enabled: DF.Check
		escalation_steps: DF.Table[CareEscalationStep]
		is_default: DF.Check
		policy_name: DF.Data
		priority: DF.Literal["", "Low", "Medium", "High", "Urgent"]
		resolution_hours: DF.Float
		response_hours: DF.Float
		subject_category: DF.Link | None

	# end: auto-generated types
	def validate(self) -> None:
		with core_errors(self):
			check_sla_targets(flt(self.response_hours), flt(self.resolution_hours))
			check_escalation_steps(
				[EscalationStep(s.trigger, flt(s.threshold), s.action) for s in self.escalation_steps]
			)
		self.validate_single_default()

	def validate_single_default(self) -> None:
		if not (self.is_default and self.enabled):
			return
		other = frappe.db.get_value(
			"Care SLA Policy",
			{"case_kind": self.case_kind, "is_default": 1, "enabled": 1, "name": ("!=", self.name)},
			"name",
		)
		if other:
			throw_for_field(
				self, "is_default", _("{0} is already the default policy for this kind").format(other)
			)
