"""The three case DocTypes are generated from one description and share what they should."""

import json

from tools import case_doctypes
from tools.doctype_json import path_of


def load(name: str) -> dict:
	return json.loads(path_of(name).read_text(encoding="utf-8"))


def test_committed_json_matches_the_description():
	assert case_doctypes.main(["--check"]) == 0


def test_shared_fields_are_identical_in_the_three_kinds():
	docs = {k.name: load(k.name) for k in case_doctypes.KINDS}
	shared = [
		"received_on",
		"channel",
		"beneficiary",
		"mobile",
		"email",
		"subject_category",
		"need_category",
		"root_cause",
		"priority",
		"department",
		"first_contact_resolution",
		"reassignment_count",
		"reopen_count",
		"response_due",
		"resolution_due",
		"first_responded_on",
		"resolved_on",
		"sla_status",
		"escalation_level",
		"cancellation_reason",
	]
	for fieldname in shared:
		variants = {
			json.dumps(next(f for f in d["fields"] if f["fieldname"] == fieldname), sort_keys=True)
			for d in docs.values()
		}
		assert len(variants) == 1, fieldname


def test_complaint_only_fields_and_yearly_series():
	complaint, inquiry = load("Complaint"), load("Inquiry")
	only = {
		"acceptance",
		"rejection_reason",
		"is_justified",
		"is_confidential",
		"named_employee",
		"is_anonymous",
	}
	assert only <= set(complaint["field_order"])
	assert not only & set(inquiry["field_order"])
	series = {
		k.name: next(f for f in load(k.name)["fields"] if f["fieldname"] == "naming_series")["options"]
		for k in case_doctypes.KINDS
	}
	assert series == {"Complaint": "CMP-.YYYY.-", "Inquiry": "INQ-.YYYY.-", "Suggestion": "SUG-.YYYY.-"}


def test_every_kind_can_be_cancelled_with_a_reason():
	for kind in case_doctypes.KINDS:
		assert "Cancelled" in kind.statuses and kind.statuses[0] == "New"
