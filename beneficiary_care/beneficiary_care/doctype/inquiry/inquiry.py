from beneficiary_care.case_document import CaseDocument


class Inquiry(CaseDocument):
	pass
