from beneficiary_care.cases.document import CaseDocument
from beneficiary_care.reporting.indexes import add_report_indexes


class Suggestion(CaseDocument):
	pass


def on_doctype_update() -> None:
	add_report_indexes("Suggestion")
