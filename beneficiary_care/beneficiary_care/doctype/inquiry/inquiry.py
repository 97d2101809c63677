from beneficiary_care.case_document import CaseDocument


class Inquiry(CaseDocument):
	pass


def on_doctype_update():
	from beneficiary_care.case_document import add_report_indexes

	add_report_indexes("Inquiry")
