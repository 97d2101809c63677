"""Case Day Figures: rows written and read only by beneficiary_care/figures.py."""

import frappe
from frappe.model.document import Document


class CaseDayFigures(Document):
	pass


def on_doctype_update():
	# the reports read a breakdown of one case kind over a span of days
	frappe.db.add_index("Case Day Figures", ["dimension", "case_kind", "day"])
