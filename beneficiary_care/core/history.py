"""A document's history without the values its readers may not see.

Frappe keeps each save's changes in a Version row: `changed` ([field, old, new]), `row_changed`
([table, index, row, [[field, old, new], …]]), `added` and `removed` ([table, row as a dict]). It serves
those rows to anyone who may read the document (the form's docinfo, the timeline's «changed value of»
lines) with no field-level check, so a value behind a field level (a national ID) would reach a reader
who may not see the field itself. The history keeps that such a field changed, when and by whom, with
the value masked: a national ID by its last four digits, anything else not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from beneficiary_care.core.national_id import mask_national_id

HIDDEN = "••••"
Masker = Callable[[Any], Any]
# how a protected field's value is kept in the history; a field not named here is hidden whole
MASKS: Mapping[str, Masker] = {"national_id": mask_national_id}


def masker(fieldname: str) -> Masker:
	return MASKS.get(fieldname, _hidden)


def _hidden(value: Any) -> Any:
	return HIDDEN if value not in (None, "") else value


def mask_changes(data: Mapping[str, Any], protected: Mapping[str, Masker]) -> dict[str, Any]:
	"""A Version's data with every value of a `protected` field (fieldname → masker) masked, in the
	document's own fields and in its table rows; everything else as it was."""

	def changes(rows):
		return [
			[field, protected[field](old), protected[field](new)] if field in protected else [field, old, new]
			for field, old, new in rows
		]

	def row(values):
		if not isinstance(values, Mapping):
			return values
		return {key: protected[key](value) if key in protected else value for key, value in values.items()}

	out = dict(data)
	if out.get("changed"):
		out["changed"] = changes(out["changed"])
	if out.get("row_changed"):
		out["row_changed"] = [[*entry[:3], changes(entry[3])] for entry in out["row_changed"]]
	for key in ("added", "removed"):
		if out.get(key):
			out[key] = [[table, row(values)] for table, values in out[key]]
	return out
