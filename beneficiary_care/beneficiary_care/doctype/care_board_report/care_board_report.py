# Copyright (c) 2026, beneficiary_care developers
# For license information, please see license.txt
"""One issued report to the board (issue 11): rules in board.document, the PDF in board.pdf."""

from frappe.model.document import Document

from beneficiary_care.board import document, pdf


class CareBoardReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		auto_drafted: DF.Check
		decision_number: DF.Data | None
		executive_summary: DF.LongText | None
		figures: DF.JSON | None
		figures_taken_on: DF.Datetime | None
		fiscal_year: DF.Int
		from_date: DF.Date | None
		generated_summary: DF.LongText | None
		language: DF.Literal["ar", "en"]
		meeting_date: DF.Date | None
		naming_series: DF.Literal["BR-.YYYY.-"]
		pdf_file: DF.Attach | None
		pdf_sha256: DF.Data | None
		period_index: DF.Int
		preamble: DF.TextEditor | None
		recommendations: DF.TextEditor | None
		report_kind: DF.Literal["Quarter", "Four Months", "Half-Year", "Year", "Special"]
		return_comment: DF.SmallText | None
		sent_to_board_on: DF.Datetime | None
		special_subject: DF.Data | None
		title: DF.Data | None
		to_date: DF.Date | None
		version: DF.Int
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		document.before_insert(self)

	def validate(self):
		document.validate(self)

	def before_submit(self):
		pdf.store(self)
