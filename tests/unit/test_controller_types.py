"""Every DocType controller carries Frappe's generated `DF` type block (hooks.py asks for it with
`export_python_type_annotations`), and the block names exactly the fields of its DocType JSON: a field
added to the JSON without the block regenerated (saving the DocType in developer mode) fails here."""

import json
import re
from pathlib import Path

import pytest

DOCTYPES = Path(__file__).resolve().parents[2] / "beneficiary_care" / "beneficiary_care" / "doctype"
LAYOUT = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Image", "Fold", "Heading"}
BLOCK = re.compile(r"# begin: auto-generated types(.*?)# end: auto-generated types", re.S)


def doctype_folders() -> list[Path]:
	return sorted(p for p in DOCTYPES.iterdir() if (p / f"{p.name}.json").exists())


def test_there_are_doctypes_to_check():
	assert len(doctype_folders()) >= 20


@pytest.mark.parametrize("folder", doctype_folders(), ids=lambda p: p.name)
def test_the_type_block_names_every_field(folder):
	meta = json.loads((folder / f"{folder.name}.json").read_text())
	fields = {f["fieldname"] for f in meta["fields"] if f["fieldtype"] not in LAYOUT}
	if meta.get("istable"):
		fields |= {"parent", "parentfield", "parenttype"}
	if meta.get("is_submittable"):
		fields.add("amended_from")
	block = BLOCK.search((folder / f"{folder.name}.py").read_text())
	assert block, f"{folder.name}.py has no generated type block"
	typed = set(re.findall(r"^\s+(\w+): DF\.", block.group(1), re.M))
	assert typed == fields
