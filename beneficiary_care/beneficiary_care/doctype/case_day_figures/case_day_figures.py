"""Case Day Figures: rows written and read only by beneficiary_care.reporting (figures_*)."""

from frappe.model.document import Document

from beneficiary_care.reporting.indexes import add_figures_index


class CaseDayFigures(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		accepted: DF.Int
		accurate: DF.Int
		answered: DF.Int
		answered_on_time: DF.Int
		as_of: DF.Datetime | None
		case_kind: DF.Data | None
		cases: DF.Int
		committee: DF.Int
		confidential: DF.Check
		day: DF.Date | None
		decided: DF.Int
		department: DF.Data | None
		dimension: DF.Data | None
		escalated: DF.Int
		fcr: DF.Int
		reassignments: DF.Int
		resolution_calendar_seconds_count: DF.Int
		resolution_calendar_seconds_sum: DF.Float
		resolution_working_seconds_count: DF.Int
		resolution_working_seconds_sum: DF.Float
		resolved: DF.Int
		resolved_on_time: DF.Int
		responded: DF.Int
		response_calendar_seconds_count: DF.Int
		response_calendar_seconds_sum: DF.Float
		response_on_time: DF.Int
		response_working_seconds_count: DF.Int
		response_working_seconds_sum: DF.Float
		satisfied: DF.Int
		stars: DF.Float
		value: DF.Data | None
	# end: auto-generated types
	pass


def on_doctype_update() -> None:
	add_figures_index()
