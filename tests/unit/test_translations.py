"""Every user-facing string of the app has an Arabic translation, with the same placeholders."""

import re

import pytest

from tools import translations

PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


@pytest.fixture(scope="module")
def arabic() -> dict[str, str]:
	return translations.read_po(translations.AR_PO)


@pytest.fixture(scope="module")
def msgids() -> list[str]:
	return translations.collect()


def test_the_collector_sees_every_kind_of_string(msgids):
	# a DocType name, a label, a Select option, a description, a workspace card, a _() literal in a
	# controller and a core message template
	for expected in (
		"Complaint",
		"Received On",
		"Awaiting Beneficiary",
		"Cancelled or spam cases are left out of every figure and counted on their own line.",
		"Organisation and Deadlines",
		"is required for a confidential complaint",
		"must be 10 digits, got {value}",
	):
		assert expected in msgids


def test_every_string_is_translated(arabic, msgids):
	missing = [m for m in msgids if not arabic.get(m, "").strip()]
	assert not missing, f"{len(missing)} strings without Arabic; run python -m tools.translations --missing"


def test_translations_keep_every_placeholder(arabic):
	for msgid, msgstr in arabic.items():
		if msgstr:
			assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


def test_translations_are_arabic(arabic):
	for msgid, msgstr in arabic.items():
		if msgstr and re.search("[A-Za-z]{3,}", PLACEHOLDER.sub("", msgid)):
			assert re.search("[\u0600-\u06ff]", msgstr), msgid


def test_po_round_trip(tmp_path):
	entries = {'a "quoted"\nline': "سطر\t«مقتبس»", "back\\slash": "شرطة"}
	path = tmp_path / "x.po"
	path.write_text(translations.render_po(entries), encoding="utf-8")
	assert translations.read_po(path) == entries


def test_committed_pot_lists_exactly_the_collected_strings(msgids):
	assert sorted(translations.read_po(translations.POT)) == msgids
