from frappe import _

from beneficiary_care.cases import history
from beneficiary_care.cases.document import CaseDocument
from beneficiary_care.core import history_import
from beneficiary_care.core.lifecycle import acceptance
from beneficiary_care.framework.validation import throw_for_field
from beneficiary_care.reporting.indexes import add_report_indexes


class Complaint(CaseDocument):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acceptance: DF.Literal["", "Accepted", "Rejected"]
		beneficiary: DF.Link | None
		beneficiary_name: DF.Data | None
		beneficiary_national_id: DF.Data | None
		calendar_as_of: DF.Datetime | None
		cancellation_reason: DF.SmallText | None
		channel: DF.Link
		channel_as_written: DF.Data | None
		closed_on: DF.Datetime | None
		contact_name: DF.Data | None
		department: DF.Link | None
		description: DF.Text
		duplicate_of: DF.Link | None
		email: DF.Data | None
		escalation_level: DF.Int
		figures_changed_on: DF.Datetime | None
		first_contact_resolution: DF.Check
		first_responded_on: DF.Datetime | None
		is_anonymous: DF.Check
		is_confidential: DF.Check
		is_historical: DF.Check
		is_justified: DF.Literal["", "Justified", "Not Justified"]
		ladder_from: DF.Datetime | None
		last_assignee: DF.Link | None
		legacy_reference: DF.Data | None
		mobile: DF.Data | None
		named_employee: DF.Link | None
		naming_series: DF.Literal["CMP-.YYYY.-"]
		need_category: DF.Link | None
		next_sla_event_on: DF.Datetime | None
		paused_seconds: DF.Duration | None
		paused_since: DF.Datetime | None
		priority: DF.Literal["Low", "Medium", "High", "Urgent"]
		reassignment_count: DF.Int
		received_on: DF.Datetime
		rejection_reason: DF.SmallText | None
		reopen_count: DF.Int
		reply_by_whatsapp: DF.Check
		resolution: DF.TextEditor | None
		resolution_calendar_seconds: DF.Duration | None
		resolution_due: DF.Datetime | None
		resolution_working_seconds: DF.Duration | None
		resolved_on: DF.Datetime | None
		response_calendar_seconds: DF.Duration | None
		response_due: DF.Datetime | None
		response_working_seconds: DF.Duration | None
		root_cause: DF.Link | None
		sla_clock_start: DF.Datetime | None
		sla_policy: DF.Link | None
		sla_status: DF.Literal["", "On Track", "At Risk", "Breached", "Met", "Missed"]
		status: DF.Literal[
			"New",
			"Accepted",
			"Rejected",
			"In Progress",
			"Awaiting Beneficiary",
			"Resolved",
			"Closed",
			"Reopened",
			"Cancelled",
		]
		subject: DF.Data
		subject_category: DF.Link | None

	# end: auto-generated types
	def validate(self) -> None:
		super().validate()
		# the acceptance KPI counts decided complaints: rejected, or accepted once taken up
		if history.is_from_history(self):
			self.acceptance = history_import.acceptance(
				self.status, answer=self.resolution, rejection_reason=self.rejection_reason
			)
		else:
			self.acceptance = acceptance(self.status, self.acceptance)
		self.validate_confidentiality()

	def validate_confidentiality(self) -> None:
		if self.is_confidential and not self.named_employee:
			throw_for_field(self, "named_employee", _("is required for a confidential complaint"))
		if not self.is_confidential:
			self.named_employee = None


def on_doctype_update() -> None:
	add_report_indexes("Complaint")
