"""Case Day Figures: rows written and read only by beneficiary_care.reporting (figures_*)."""

from frappe.model.document import Document

from beneficiary_care.reporting.indexes import add_figures_index


class CaseDayFigures(Document):
	pass


def on_doctype_update() -> None:
	add_figures_index()
