"""The association's starting data, read from beneficiary_care/fixtures/starting_data/*.json.

One JSON file per DocType, each a list of records in Frappe's document form, in the order they are
inserted (which is the order of the association's report: demo data and reports follow it). install.py
inserts them once, at install, and only where missing; after that the records belong to the
association, and migrate never restores or overwrites them (beneficiary_care/fixtures/README.md).

Framework-free (no frappe import), so the unit tier, the demo and the benchmarks can read it too.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
DIR = PACKAGE / "fixtures" / "starting_data"
DOCTYPES = PACKAGE / "beneficiary_care" / "doctype"

# The files inserted as documents, in install order: what a record links to comes first (the SLA
# policies name the calendar).
DOCUMENT_FILES = (
	"case_channel",
	"subject_category",
	"need_category",
	"root_cause",
	"beneficiary_category",
	"working_calendar",
	"care_sla_policy",
)
# The single Beneficiary Care Settings: fields that install fills only where they are still empty.
SETTINGS_FILE = "beneficiary_care_settings"
FILES = (*DOCUMENT_FILES, SETTINGS_FILE)


def _stem(file: str) -> str:
	return file.removesuffix(".json")


@functools.cache
def _load(stem: str) -> list[dict]:
	with (DIR / f"{stem}.json").open(encoding="utf-8") as f:
		return json.load(f)


def records(file: str) -> list[dict]:
	"""The records of one file ("case_channel" or "case_channel.json"), in file order; a fresh copy the
	caller may change."""
	return copy.deepcopy(_load(_stem(file)))


@functools.cache
def doctype_definition(doctype: str) -> dict:
	"""The app's DocType JSON (beneficiary_care/beneficiary_care/doctype/<doctype>/<doctype>.json)."""
	scrubbed = doctype.strip().lower().replace(" ", "_").replace("-", "_")
	with (DOCTYPES / scrubbed / f"{scrubbed}.json").open(encoding="utf-8") as f:
		return json.load(f)


def name_of(record: dict) -> str:
	"""The name Frappe gives the record: its naming field (autoname "field:…"), or the DocType's own
	name for a single."""
	doctype = record["doctype"]
	definition = doctype_definition(doctype)
	if definition.get("issingle"):
		return doctype
	autoname = definition.get("autoname") or ""
	if not autoname.startswith("field:"):
		raise ValueError(f"{doctype} is not named by a field ({autoname!r}); its records need a name")
	return record[autoname.removeprefix("field:")]


def names(file: str) -> list[str]:
	"""The names of a file's records, in file order."""
	return [name_of(record) for record in records(file)]


def channel_codes() -> list[str]:
	"""The intake channels' codes, in file order."""
	return [record["code"] for record in records("case_channel")]


def escalation_actions(policy: str) -> list[str]:
	"""The actions of an SLA policy's escalation ladder, in order."""
	for record in records("care_sla_policy"):
		if name_of(record) == policy:
			return [step["action"] for step in record.get("escalation_steps", [])]
	raise KeyError(policy)


def settings() -> dict:
	"""The starting values of the single Beneficiary Care Settings."""
	(record,) = records(SETTINGS_FILE)
	return record


# The board report's starting texts (the association's own preamble); not messages to submitters.
BOARD_TEXTS = ("board_preamble", "board_recommendations")
# What WhatsApp says in a conversation that is not a case yet (Jinja: association only).
CONVERSATION_TEXTS = ("whatsapp_kind_question", "whatsapp_stop_reply")


def starting_texts() -> dict[str, str]:
	"""Every text field of the settings that starts with a default: the messages and the board's."""
	return {
		field: value
		for field, value in settings().items()
		if field not in ("doctype", "association_name") and isinstance(value, str)
	}


def starting_tables() -> dict[str, list[dict]]:
	"""The settings' tables that start with rows: the WhatsApp templates."""
	return {field: value for field, value in settings().items() if isinstance(value, list)}


def message_templates() -> dict[str, str]:
	"""Template field → default Arabic message (Jinja: doc, kind, association, answer, reason, link)."""
	return {
		field: value
		for field, value in starting_texts().items()
		if field not in BOARD_TEXTS and field not in CONVERSATION_TEXTS
	}


def conversation_texts() -> dict[str, str]:
	"""Field → default Arabic text WhatsApp sends before there is a case (Jinja: association)."""
	return {field: starting_texts()[field] for field in CONVERSATION_TEXTS}


def dated_holidays(rows: Iterable[dict], years: Iterable[int]) -> list[dict]:
	"""A calendar's holiday rows, each fixed-date one ("month"/"day" instead of "holiday_date") made into
	one dated row per year: the rows that have a date first, then year by year the fixed ones in order."""
	rows, years = list(rows), list(years)
	dated = [row for row in rows if "month" not in row and "day" not in row]
	fixed = [row for row in rows if "month" in row or "day" in row]
	for year in years:
		for row in fixed:
			values = {key: value for key, value in row.items() if key not in ("month", "day")}
			dated.append({**values, "holiday_date": dt.date(year, row["month"], row["day"])})
	return dated


# The calendar install makes the settings' default_calendar: the first (and only) Working Calendar.
CALENDAR_NAME = names("working_calendar")[0]
# How messages to submitters name the association until it writes its own name in the settings.
ASSOCIATION_NAME = settings()["association_name"]
