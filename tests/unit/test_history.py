"""A document's history keeps that a hidden field changed, never its value (core.history): the shapes
of Frappe's Version data (changed, row_changed, added, removed), a national ID by its last four digits,
other hidden fields not at all, and every other value as it was."""

import json

from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.history import HIDDEN, mask_changes, masker
from beneficiary_care.core.national_id import luhn_check_digit

PROTECTED = {"national_id": masker("national_id"), "salary": masker("salary")}


def national_id(nine: str) -> str:
	return nine + str(luhn_check_digit(nine))


ids = st.from_regex(r"[12][0-9]{8}", fullmatch=True).map(national_id)
plain = st.text(alphabet="abcdefسارة ", max_size=12) | st.none()  # no digits: cannot be an ID
changes = st.one_of(
	st.tuples(st.just("national_id"), ids, ids),
	st.tuples(st.sampled_from(["full_name", "mobile"]), plain, plain),
)


def test_a_corrected_id_keeps_its_change_and_only_the_last_four_digits():
	data = {
		"changed": [["national_id", "1000000008", "1234567897"], ["full_name", "سارة", "سارة علي"]],
		"added": [],
		"removed": [],
		"row_changed": [],
		"data_import": None,
		"updater_reference": None,
	}
	masked = mask_changes(data, PROTECTED)
	assert masked["changed"] == [
		["national_id", "******0008", "******7897"],
		["full_name", "سارة", "سارة علي"],
	]
	assert {k: v for k, v in masked.items() if k != "changed"} == {
		k: v for k, v in data.items() if k != "changed"
	}
	assert data["changed"][0][1] == "1000000008"  # the caller's data is left as it was


def test_another_hidden_field_is_hidden_whole_and_an_empty_value_stays_empty():
	masked = mask_changes({"changed": [["salary", "", 9000], ["salary", None, "x"]]}, PROTECTED)
	assert masked["changed"] == [["salary", "", HIDDEN], ["salary", None, HIDDEN]]


@given(
	st.lists(changes, max_size=5),
	st.lists(st.tuples(st.sampled_from(["members", "notes"]), ids, plain), max_size=4),
	st.lists(st.tuples(ids, ids), max_size=3),
)
def test_no_full_id_survives_anywhere_in_the_history_and_nothing_else_changes(changed, rows, row_changes):
	data = {
		"changed": [list(c) for c in changed],
		"added": [[table, {"national_id": an_id, "note": other}] for table, an_id, other in rows],
		"removed": [[table, {"national_id": an_id}] for table, an_id, _ in rows],
		"row_changed": [
			["members", i, f"row{i}", [["national_id", old, new]]] for i, (old, new) in enumerate(row_changes)
		],
	}
	masked = mask_changes(data, PROTECTED)
	text = json.dumps(masked)
	hidden = [c[1:] for c in changed if c[0] == "national_id"] + [(r[1],) for r in rows] + row_changes
	for an_id in {i for group in hidden for i in group}:
		assert an_id not in text
		assert an_id[-4:] in text  # its last four digits stay, so staff see which ID it was
	# the shape and every value of an unprotected field are as they were
	assert [c[0] for c in masked["changed"]] == [c[0] for c in changed]
	assert [c for c in masked["changed"] if c[0] != "national_id"] == [
		c for c in data["changed"] if c[0] != "national_id"
	]
	assert [r[1]["note"] for r in masked["added"]] == [r[1]["note"] for r in data["added"]]
	assert [e[:3] for e in masked["row_changed"]] == [e[:3] for e in data["row_changed"]]
