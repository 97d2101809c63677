from beneficiary_care.case_document import CaseDocument


class Suggestion(CaseDocument):
	pass
