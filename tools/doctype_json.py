"""Small helpers to write Frappe DocType JSON the way Frappe itself writes it (indent 1, sorted keys).

Used by tools/case_doctypes.py, which keeps the fields that Complaint, Inquiry and Suggestion share in
one place. Not imported by the app at run time.
"""

from __future__ import annotations

import json
from pathlib import Path

MODULE = "Beneficiary Care"
MODULE_PATH = Path(__file__).resolve().parent.parent / "beneficiary_care" / "beneficiary_care"
STAMP = "2026-11-26 09:00:00.000000"

ALL_RIGHTS = dict(
	read=1, write=1, create=1, delete=1, report=1, export=1, import_=1, print=1, email=1, share=1
)


def field(fieldname: str, fieldtype: str, label: str | None = None, **extra) -> dict:
	out = {"fieldname": fieldname, "fieldtype": fieldtype}
	if label:
		out["label"] = label
	for key, value in extra.items():
		if isinstance(value, list):
			value = "\n".join(value)
		out[key] = value
	return out


def section(fieldname: str, label: str | None = None, **extra) -> dict:
	return field(fieldname, "Section Break", label, **extra)


def column(fieldname: str) -> dict:
	return field(fieldname, "Column Break")


def perm(role: str, permlevel: int = 0, **rights) -> dict:
	row = {"role": role}
	if permlevel:
		row["permlevel"] = permlevel
	for key, value in rights.items():
		row["import" if key == "import_" else key] = value
	return row


def doctype(name: str, fields: list[dict], permissions: list[dict], **extra) -> dict:
	doc = {
		"actions": [],
		"creation": STAMP,
		"doctype": "DocType",
		"engine": "InnoDB",
		"field_order": [f["fieldname"] for f in fields],
		"fields": fields,
		"index_web_pages_for_search": 0,
		"links": [],
		"modified": STAMP,
		"modified_by": "Administrator",
		"module": MODULE,
		"name": name,
		"owner": "Administrator",
		"permissions": permissions,
		"sort_field": "modified",
		"sort_order": "DESC",
		"states": [],
	}
	doc.update(extra)
	return doc


def scrub(name: str) -> str:
	return name.replace(" ", "_").replace("-", "_").lower()


def render(doc: dict) -> str:
	return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def path_of(name: str) -> Path:
	return MODULE_PATH / "doctype" / scrub(name) / f"{scrub(name)}.json"


def write(doc: dict) -> Path:
	path = path_of(doc["name"])
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(render(doc), encoding="utf-8")
	init = path.parent / "__init__.py"
	if not init.exists():
		init.write_text("", encoding="utf-8")
	return path
