"""The association's starting data (beneficiary_care/fixtures/starting_data/*.json) against its report,
the app's DocTypes and the message renderer."""

import ast
import datetime as dt
import json
import types
from pathlib import Path

import jinja2
import pytest

from beneficiary_care.core import configuration as cfg
from beneficiary_care.core.working_time import Calendar
from beneficiary_care.setup import starting_data as sd

T = dt.time
FIXTURES = sd.PACKAGE / "fixtures"
WORKING_WEEK = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"]


def fields_of(doctype: str) -> dict[str, dict]:
	return {f["fieldname"]: f for f in sd.doctype_definition(doctype)["fields"]}


def options(field: dict) -> list[str]:
	return (field.get("options") or "").split("\n")


def rows(record: dict):
	"""The record and each of its child rows, with the DocType each should be."""
	yield record["doctype"], record
	for fieldname, field in fields_of(record["doctype"]).items():
		if field["fieldtype"] == "Table":
			for row in record.get(fieldname, []):
				yield field["options"], row


def every_record():
	for file in sd.FILES:
		yield from sd.records(file)


# ------------------------------------------------------------------ files


def test_no_json_file_directly_in_fixtures():
	"""bench migrate imports and overwrites every *.json directly in fixtures/ (fixtures/README.md)."""
	assert FIXTURES.is_dir()
	assert [p.name for p in FIXTURES.iterdir() if p.name.endswith(".json")] == []


def test_every_file_parses_and_is_installed():
	on_disk = {p.stem for p in sd.DIR.glob("*.json")}
	assert on_disk == set(sd.FILES), "a file the installer would not insert, or one it misses"
	for path in sd.DIR.glob("*.json"):
		data = json.loads(path.read_text(encoding="utf-8"))
		assert isinstance(data, list) and data, path.name
		assert all(isinstance(record, dict) for record in data), path.name


def test_each_file_holds_records_of_its_doctype():
	for file in sd.FILES:
		for record in sd.records(file):
			doctype = record.get("doctype")
			assert doctype, file
			assert doctype.lower().replace(" ", "_") == file
			assert sd.doctype_definition(doctype)["name"] == doctype


def test_child_rows_name_their_table_doctype():
	for record in every_record():
		for doctype, row in rows(record):
			assert row.get("doctype") == doctype, (record["doctype"], row)


def test_every_value_is_a_field_of_the_doctype_and_fits_it():
	for record in every_record():
		for doctype, row in rows(record):
			fields = fields_of(doctype)
			extra = {"month", "day"} if doctype == "Working Calendar Holiday" else set()
			assert set(row) - {"doctype"} - extra <= set(fields), (doctype, set(row) - set(fields))
			for fieldname, value in row.items():
				field = fields.get(fieldname)
				if field is None:
					continue
				if field["fieldtype"] == "Select":
					assert value in options(field), (doctype, fieldname, value)
				if field["fieldtype"] == "Check":
					assert value in (0, 1), (doctype, fieldname, value)
				if field["fieldtype"] == "Link":
					target = field["options"]
					assert value in sd.names(target.lower().replace(" ", "_")), (doctype, fieldname, value)
			for fieldname, field in fields.items():
				if field.get("reqd") and "default" not in field and fieldname != "holiday_date":
					assert row.get(fieldname) not in (None, "", []), (doctype, fieldname)


def test_no_record_name_or_unique_value_repeats():
	for file in sd.DOCUMENT_FILES:
		names = sd.names(file)
		assert len(names) == len(set(names)), file
		records = sd.records(file)
		for fieldname, field in fields_of(records[0]["doctype"]).items():
			if field.get("unique"):
				values = [r[fieldname] for r in records if r.get(fieldname)]
				assert len(values) == len(set(values)), (file, fieldname)


def test_records_are_a_fresh_copy():
	first = sd.records("working_calendar")
	first[0]["holidays"].clear()
	first[0]["calendar_name"] = "changed"
	again = sd.records("working_calendar.json")
	assert again[0]["holidays"] and again[0]["calendar_name"] == sd.CALENDAR_NAME


# ------------------------------------------------------------------ the association's report


def test_eight_intake_channels():
	assert sd.channel_codes() == [
		"in_person",
		"phone",
		"website",
		"email",
		"social_media",
		"whatsapp",
		"government",
		"other",
	]
	assert len(sd.names("case_channel")) == 8


def test_six_subjects_needs_root_causes_and_beneficiary_categories():
	assert len(sd.names("subject_category")) == 6
	assert len(sd.names("root_cause")) == 6
	assert len(sd.names("beneficiary_category")) == 6
	# table 3's order: the demo's H1 2023 counts 85 / 100 / 42 / 60 / 36 / 0 follow it
	assert sd.names("need_category") == [
		"فتح ملف جديد",
		"مساعدة زواج وسداد فاتورة كهرباء",
		"مساعدة عاجلة (تفريج كربة)",
		"أسباب إغلاق ملف مستفيد",
		"صيانة وترميم",
		"أخرى",
	]


def test_calendar_is_sunday_to_thursday_eight_to_four_in_riyadh():
	(calendar,) = sd.records("working_calendar")
	assert sd.name_of(calendar) == sd.CALENDAR_NAME
	assert cfg.check_time_zone(calendar["time_zone"]) == "Asia/Riyadh"
	windows = [
		cfg.Window(w["weekday"], T.fromisoformat(w["start_time"]), T.fromisoformat(w["end_time"]))
		for w in calendar["windows"]
	]
	cfg.check_windows(windows)
	assert sorted((w.weekday, w.start, w.end) for w in windows) == sorted(
		(day, T(8), T(16)) for day in WORKING_WEEK
	)
	week = Calendar.build((w["weekday"], w["start_time"], w["end_time"]) for w in calendar["windows"])
	assert week.week_seconds == 5 * 8 * 3600
	assert week.day_total(dt.date(2026, 3, 13)) == 0  # a Friday
	assert week.day_total(dt.date(2026, 3, 15)) == 8 * 3600  # a Sunday


def test_fixed_holidays_are_dated_for_the_install_year_and_the_next():
	(calendar,) = sd.records("working_calendar")
	holidays = sd.dated_holidays(calendar["holidays"], (2025, 2026))
	assert [(h["holiday_date"], h["description"]) for h in holidays] == [
		(dt.date(2025, 2, 22), "يوم التأسيس"),
		(dt.date(2025, 9, 23), "اليوم الوطني"),
		(dt.date(2026, 2, 22), "يوم التأسيس"),
		(dt.date(2026, 9, 23), "اليوم الوطني"),
	]
	for row in holidays:
		assert set(row) <= set(fields_of("Working Calendar Holiday")) | {"doctype"}
	cfg.check_holidays((h["holiday_date"], h.get("to_date")) for h in holidays)
	week = Calendar.build(
		((w["weekday"], w["start_time"], w["end_time"]) for w in calendar["windows"]),
		((h["holiday_date"], h.get("to_date")) for h in holidays),
	)
	assert week.day_total(dt.date(2026, 9, 23)) == 0  # National Day 2026, a Wednesday
	assert week.day_total(dt.date(2026, 9, 24)) == 8 * 3600


def test_dated_holidays_keep_dated_rows_and_leave_the_input_alone():
	given = [
		{"holiday_date": dt.date(2026, 3, 20), "to_date": dt.date(2026, 3, 23), "description": "عيد الفطر"},
		{"month": 9, "day": 23, "description": "اليوم الوطني"},
	]
	out = sd.dated_holidays(given, [2030])
	assert out == [given[0], {"holiday_date": dt.date(2030, 9, 23), "description": "اليوم الوطني"}]
	assert given[1] == {"month": 9, "day": 23, "description": "اليوم الوطني"}


def test_four_sla_policies_with_the_reports_targets():
	policies = {
		(p["case_kind"], p.get("priority") or ""): (
			p["response_hours"],
			p["resolution_hours"],
			p["is_default"],
		)
		for p in sd.records("care_sla_policy")
	}
	assert policies == {
		("Inquiry", ""): (24, 24, 1),
		("Complaint", ""): (8, 40, 1),
		("Complaint", "Urgent"): (2, 16, 0),
		("Suggestion", ""): (40, 80, 1),
	}
	for p in sd.records("care_sla_policy"):
		assert p["calendar"] == sd.CALENDAR_NAME
		cfg.check_sla_targets(p["response_hours"], p["resolution_hours"])
		cfg.check_escalation_steps(
			[
				cfg.EscalationStep(s["trigger"], s["threshold"], s["action"])
				for s in p.get("escalation_steps", [])
			]
		)


def test_complaint_escalation_ladder():
	assert sd.escalation_actions("الشكاوى - افتراضي") == [
		"Notify Assignee",
		"Assign Department Head",
		"Escalate to Complaints Committee",
		"Escalate to Management",
	]
	with pytest.raises(KeyError):
		sd.escalation_actions("no such policy")


def test_name_of_uses_the_doctypes_naming():
	assert sd.name_of({"doctype": "Root Cause", "cause_name": "x"}) == "x"
	assert sd.name_of({"doctype": "Beneficiary Care Settings"}) == "Beneficiary Care Settings"
	with pytest.raises(ValueError):
		sd.name_of({"doctype": "Working Calendar Window", "weekday": "Sunday"})


# ------------------------------------------------------------------ messages


def template_fields_messaging_reads() -> set[str]:
	"""The settings fields that messaging renders, as beneficiary_care/messaging/texts.py names them
	(read without importing Frappe)."""
	tree = ast.parse((sd.PACKAGE / "messaging" / "texts.py").read_text(encoding="utf-8"))
	fields: set[str] = set()
	for node in tree.body:
		names = {getattr(t, "id", None) for t in node.targets} if isinstance(node, ast.Assign) else set()
		if "TEMPLATES" in names:
			fields |= {f for pair in ast.literal_eval(node.value).values() for f in pair if f}
		if "SHORT_ANSWER_SMS" in names:
			fields.add(ast.literal_eval(node.value))
	assert fields, "messaging.texts.TEMPLATES not found"
	return fields


def case(doctype: str, status: str, contact_name: str) -> types.SimpleNamespace:
	"""A case with every field of its DocType, as the templates see a Document."""
	values = {f: "" for f in fields_of(doctype)}
	values.update(name="CMP-2026-00042", status=status, contact_name=contact_name, subject="تأخر الدعم")
	values["resolution"] = "<p>تم تحويل الدعم.</p>"
	return types.SimpleNamespace(**values)


def render(template: str, **context) -> str:
	env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
	return env.from_string(template).render(**context).strip()


def test_every_template_messaging_reads_has_an_arabic_default():
	templates = sd.message_templates()
	assert set(templates) == template_fields_messaging_reads()
	assert all(value.strip() for value in templates.values())
	assert sd.ASSOCIATION_NAME == "الجمعية"


@pytest.mark.parametrize("doctype", ["Complaint", "Inquiry", "Suggestion"])
def test_case_templates_render_for_every_status(doctype):
	association = "جمعية البر"
	for fieldname, template in sd.message_templates().items():
		if fieldname in ("campaign_sms", "login_code_sms"):  # about no case (tested below)
			continue
		for status in options(fields_of(doctype)["status"]):
			for contact in ("", "سارة"):
				doc = case(doctype, status, contact)
				text = render(
					template,
					doc=doc,
					kind="شكوى",
					association=association,
					answer="تم تحويل الدعم.",
					reason="لا تنطبق الشروط",
					link="https://example.org/survey?token=t",
					track_link="https://example.org/track?ref=CMP-2026-00042",
				)
				assert doc.name in text and "{" not in text and "}" not in text, (fieldname, status)
				assert association in text or fieldname == "survey_email", fieldname
				if fieldname.endswith("_email") and contact:
					assert contact in text or fieldname == "survey_email"


def test_decision_and_answer_messages_follow_the_status():
	templates = sd.message_templates()
	context = {"kind": "مقترح", "association": "الجمعية", "answer": "جواب", "reason": "سبب", "link": ""}
	context["track_link"] = ""
	rejected = render(templates["decision_sms"], doc=case("Complaint", "Rejected", ""), **context)
	adopted = render(templates["decision_sms"], doc=case("Suggestion", "Adopted", ""), **context)
	declined = render(templates["decision_sms"], doc=case("Suggestion", "Declined", ""), **context)
	assert "سبب" in rejected and "اعتماده" in adopted and "جواب" in declined
	assert "اعتماده" not in declined and "سبب" not in adopted
	answer = render(templates["answer_email"], doc=case("Complaint", "Resolved", ""), **context)
	assert "تم تحويل الدعم." in answer and "سبب" not in answer


def test_campaign_message_needs_no_case():
	text = render(
		sd.message_templates()["campaign_sms"],
		association="الجمعية",
		link="https://example.org/survey?token=t",
		campaign="SC-0001",
	)
	assert text.startswith("الجمعية:") and text.endswith("https://example.org/survey?token=t")


def test_what_whatsapp_says_before_there_is_a_case_names_the_association_only():
	texts = sd.conversation_texts()
	assert set(texts) == {"whatsapp_kind_question", "whatsapp_stop_reply"}
	for text in texts.values():
		rendered = render(text, association="جمعية البر")
		assert rendered.startswith("جمعية البر:") and "{" not in rendered
	assert "رسائل نصية" in render(texts["whatsapp_stop_reply"], association="جمعية البر")


def test_the_four_whatsapp_templates_start_in_the_settings():
	rows = sd.starting_tables()["whatsapp_templates"]
	assert [(r["purpose"], r["template_name"], r["language_code"]) for r in rows] == [
		("Acknowledgement", "bc_acknowledgement", "ar"),
		("Answer", "bc_answer", "ar"),
		("Decision", "bc_decision", "ar"),
		("Survey", "bc_survey", "ar"),
	]


def test_login_code_message_holds_the_code_and_its_lifetime():
	text = render(sd.message_templates()["login_code_sms"], association="جمعية البر", code="048213")
	assert text.startswith("رمز الدخول إلى خدمات جمعية البر: 048213 ")
	assert "10 دقائق" in text and "{" not in text


def test_loader_imports_no_frappe():
	tree = ast.parse(Path(sd.__file__).read_text(encoding="utf-8"))
	modules = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			modules.update(alias.name.split(".")[0] for alias in node.names)
		elif isinstance(node, ast.ImportFrom):
			modules.add((node.module or "").split(".")[0])
	assert "json" in modules and "frappe" not in modules


def test_the_acknowledgement_and_the_short_answer_carry_the_tracking_link():
	templates = sd.message_templates()
	link = "https://example.org/track?ref=CMP-2026-00042"
	context = {
		"kind": "شكوى",
		"association": "الجمعية",
		"answer": "",
		"reason": "",
		"link": "",
		"track_link": link,
	}
	for fieldname in ("acknowledgement_sms", "acknowledgement_email", "answer_short_sms"):
		assert link in render(templates[fieldname], doc=case("Complaint", "New", ""), **context), fieldname
