"""The association's history through Frappe's own Data Import: every kind and status, the dates each
status implies, nothing sent, assigned or escalated; bad rows refused with their row and field while
the good rows come in; the same sheet imported twice changes nothing; the sample sheets.

The import runs as the desk's "Start Import" job runs it (data_import.start_import, CSV and XLSX). That
job commits after each good row and rolls back a bad one; here each commit is a savepoint and each
rollback returns to it, so the test's own rollback removes everything afterwards."""

from tests.integration import require_site

require_site()

import csv
import datetime as dt
import io
import json
from pathlib import Path

import frappe
import pytest
from frappe.core.doctype.data_import.data_import import start_import
from frappe.core.doctype.data_import.exporter import Exporter
from frappe.utils import get_datetime, now_datetime
from frappe.utils.xlsxutils import make_xlsx

from beneficiary_care.core.phone import normalize_saudi_mobile
from beneficiary_care.reporting.figures_rollup import refresh as refresh_figures
from beneficiary_care.service_levels import escalation
from tests.integration import helpers
from tests.integration.test_routing import department, staff

SAMPLE = Path(frappe.get_app_path("beneficiary_care", "fixtures", "history_sample"))
T = dt.datetime


@pytest.fixture
def imports(monkeypatch):
	"""Frappe's import job with its commits kept inside the test's transaction."""
	db = frappe.db
	real_rollback = db.rollback
	db.savepoint("bc_import")
	monkeypatch.setattr(db, "commit", lambda: db.savepoint("bc_import"))
	monkeypatch.setattr(
		db, "rollback", lambda save_point=None: real_rollback(save_point=save_point or "bc_import")
	)
	yield run_import
	# the importer ends by unmuting mail (importer.py, after_import); the tests after this one send
	# nothing, and a mail sent in a test commits
	assert not frappe.flags.in_import
	frappe.flags.mute_emails = True


def run_import(doctype, rows, *, file_type="csv", update=False, lang="en"):
	"""Import `rows` (a header row, then data) into `doctype` through a Data Import; returns its log,
	one entry per row: (row number, success, case name, messages)."""
	if file_type == "csv":
		text = io.StringIO()
		csv.writer(text).writerows(rows)
		content = text.getvalue().encode()
	else:
		content = make_xlsx(rows, "Sheet1").getvalue()
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"history-{frappe.generate_hash(length=6)}.{file_type}",
			"content": content,
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": doctype,
			"import_type": "Update Existing Records" if update else "Insert New Records",
			"import_file": file.file_url,
			"mute_emails": 1,
		}
	).insert()
	frappe.db.set_value("User", frappe.session.user, "language", lang)
	frappe.local.lang = lang  # the import job runs in its user's language
	frappe.cache.hdel("data_import_column_header_map", doctype)  # Frappe caches it in one language
	frappe.db.savepoint("bc_import")  # as the job would find it: the Data Import committed
	start_import(data_import.name)
	data_import.reload()
	assert data_import.status != "Error" or not json.loads(data_import.template_warnings or "[]"), (
		data_import.template_warnings
	)
	log = frappe.get_all(
		"Data Import Log",
		filters={"data_import": data_import.name},
		fields=["row_indexes", "success", "docname", "messages", "exception"],
		order_by="log_index",
	)
	return [
		(
			json.loads(e.row_indexes)[0],
			bool(e.success),
			e.docname,
			_message_text(e.messages) or (e.exception or "").strip().splitlines()[-1:],
		)
		for e in log
	]


def _message_text(messages) -> str:
	out = []
	messages = json.loads(messages or "[]")
	if isinstance(messages, str):  # a good row's log holds json.dumps("[]")
		messages = json.loads(messages)
	for m in messages:
		m = json.loads(m) if isinstance(m, str) else m
		out.append(frappe.utils.strip_html(m.get("message", "")) if isinstance(m, dict) else str(m))
	return " ".join(out)


CASE_HEADER = [
	"Previous System Reference",
	"Received On",
	"Channel as Written",
	"Submitter Name",
	"Mobile",
	"Subject",
	"Description",
	"Status",
	"Resolution",
	"Rejection Reason",
	"Cancellation Reason",
	"First Responded On",
	"Resolved On",
	"Closed On",
	"Department",
	"Beneficiary National ID",
]


def row(
	ref,
	received,
	status,
	*,
	channel="phone",
	answer="",
	reason="",
	cancel="",
	responded="",
	resolved="",
	closed="",
	dept="",
	national_id="",
):
	return [
		ref,
		received,
		channel,
		"سعد إبراهيم",
		helpers.mobile(),
		f"حالة سابقة {ref}",
		"وصف الحالة في النظام السابق.",
		status,
		answer,
		reason,
		cancel,
		responded,
		resolved,
		closed,
		dept,
		national_id,
	]


def header_for(doctype):
	labels = {"Inquiry": "Answer", "Suggestion": "Response to Submitter"}
	header = [labels.get(doctype, h) if h == "Resolution" else h for h in CASE_HEADER]
	if doctype != "Complaint":
		header[header.index("Rejection Reason")] = "Need"  # no rejection on these kinds: left empty
	return header


# every status of every kind, with the dates the status implies
R, A, C = "2024-03-03 09:00:00", "2024-03-10 11:00:00", "2024-03-20 08:00:00"
EVERY_STATUS = {
	"Complaint": [
		("New", {}),
		("Accepted", {"responded": "2024-03-04 10:00:00"}),
		("Rejected", {"reason": "خارج نطاق الجمعية", "resolved": A}),
		("In Progress", {"responded": "2024-03-04 10:00:00"}),
		("Awaiting Beneficiary", {"responded": "2024-03-04 10:00:00"}),
		("Resolved", {"answer": "تم الحل", "resolved": A}),
		("Closed", {"answer": "تم الحل", "responded": "2024-03-04 10:00:00", "resolved": A, "closed": C}),
		("Reopened", {"responded": "2024-03-04 10:00:00"}),
		("Cancelled", {"cancel": "مكررة"}),
	],
	"Inquiry": [
		("New", {}),
		("Answered", {"answer": "الإجابة", "resolved": A}),
		("Closed", {"answer": "الإجابة", "resolved": A}),
		("Reopened", {}),
		("Cancelled", {"cancel": "مكررة"}),
	],
	"Suggestion": [
		("New", {}),
		("Under Study", {}),
		("Adopted", {"answer": "اعتمد", "resolved": A}),
		("Declined", {"answer": "لم يعتمد", "resolved": A}),
		("Closed", {"answer": "اعتمد", "resolved": A, "closed": C}),
		("Cancelled", {"cancel": "مكررة"}),
	],
}


def sheet(doctype, tag, dept=""):
	rows = [header_for(doctype)]
	for i, (status, values) in enumerate(EVERY_STATUS[doctype]):
		r = row(f"{tag}-{doctype[0]}{i}", R, status, dept=dept, **values)
		if doctype != "Complaint":
			r[CASE_HEADER.index("Rejection Reason")] = ""
		rows.append(r)
	return rows


def sent_for(doctype, names):
	"""Every message, mail, alert, assignment and escalation the cases caused."""
	return {
		"case messages": frappe.db.count(
			"Case Message", {"reference_doctype": doctype, "reference_name": ("in", names)}
		),
		"mails": frappe.db.count(
			"Email Queue", {"reference_doctype": doctype, "reference_name": ("in", names)}
		),
		"alerts": frappe.db.count(
			"Notification Log", {"document_type": doctype, "document_name": ("in", names)}
		),
		"assignments": frappe.db.count("ToDo", {"reference_type": doctype, "reference_name": ("in", names)}),
		"escalations": frappe.db.count(
			"Case Escalation", {"reference_doctype": doctype, "reference_name": ("in", names)}
		),
		"survey invitations": frappe.db.count(
			"Survey Invitation", {"reference_doctype": doctype, "reference_name": ("in", names)}
		),
	}


NOTHING = dict.fromkeys(
	["case messages", "mails", "alerts", "assignments", "escalations", "survey invitations"], 0
)


@pytest.mark.parametrize("doctype", ["Complaint", "Inquiry", "Suggestion"])
@pytest.mark.parametrize("file_type", ["csv", "xlsx"])
def test_every_status_comes_in_with_its_own_dates_and_nothing_is_sent_assigned_or_escalated(
	imports, doctype, file_type
):
	members = staff(f"hist{doctype[0]}{file_type}", 2, "Department Staff")
	dept = department(f"اختبار السجل {doctype} {file_type}", members).name
	log = imports(doctype, sheet(doctype, f"T{file_type}", dept), file_type=file_type)
	assert [ok for _, ok, _, _ in log] == [True] * len(EVERY_STATUS[doctype]), log
	names = [name for _, _, name, _ in log]
	now = now_datetime()
	for name, (status, values) in zip(names, EVERY_STATUS[doctype], strict=True):
		case = frappe.get_doc(doctype, name)
		assert case.status == status
		assert case.is_historical == 1
		assert case.name.startswith(f"{case.naming_series.split('.')[0]}2024-"), (
			case.name
		)  # its year's series
		assert case.received_on == get_datetime(R)
		if values.get("resolved"):
			assert case.resolved_on == get_datetime(values["resolved"])
			assert case.first_responded_on == get_datetime(values.get("responded") or values["resolved"])
			assert (
				case.resolution_calendar_seconds
				== (get_datetime(values["resolved"]) - get_datetime(R)).total_seconds()
			)
		else:
			assert case.resolved_on is None
		if status == "Closed":
			assert case.closed_on == get_datetime(values.get("closed") or values["resolved"])
		else:
			assert case.closed_on is None
		if values.get("answer"):
			assert values["answer"] in case.resolution
		if values.get("reason"):
			assert case.rejection_reason == values["reason"]
		if doctype == "Complaint":
			expected = {"Rejected": "Rejected", "New": None, "Cancelled": None}.get(status, "Accepted")
			assert (case.acceptance or None) == expected, status
		if status == "Reopened":
			assert case.reopen_count == 1
		if status == "Cancelled":
			assert not case.sla_status
		elif values.get("resolved"):
			assert case.sla_status in ("Met", "Missed")
			assert case.next_sla_event_on is None
		else:
			# open since 2024: past its deadlines, and its ladder's steps passed, never to be fired
			assert case.sla_status == "Breached", status
			assert case.resolution_due < now
			assert case.ladder_from is not None
			assert case.next_sla_event_on is None
		assert not case.get("_assign") or json.loads(case._assign) == []
	assert sent_for(doctype, names) == NOTHING
	escalation.sweep(now=now + dt.timedelta(minutes=10))
	escalation.sweep(now=now + dt.timedelta(days=30))
	assert sent_for(doctype, names) == NOTHING
	assert frappe.db.count(doctype, {"legacy_reference": ("like", f"T{file_type}-%")}) == len(names)


def test_an_open_case_imported_gets_the_steps_still_ahead_of_it_and_none_of_those_behind(imports):
	"""Received six days before the import (4 or 5 working days of the default 40 working hours): the
	ladder's first steps are behind it and pass, never fired; the next one fires when it falls due."""
	from beneficiary_care.core import sla
	from beneficiary_care.service_levels.configuration import calendar, policy_for
	from beneficiary_care.service_levels.deadlines import case_times, periods_as_of

	now = now_datetime().replace(microsecond=0)
	received = (now - dt.timedelta(days=6)).strftime("%Y-%m-%d %H:%M:%S")
	[(_, ok, name, text)] = imports(
		"Complaint", [CASE_HEADER, row("LADDER-1", received, "In Progress", responded=received)]
	)
	assert ok, text
	case = frappe.get_doc("Complaint", name)
	assert case.ladder_from >= now
	policy = policy_for(case)
	site = calendar(policy.calendar, periods_as_of(case))
	passed = sla.passed_steps(site.calendar, sla.clock_of(site, policy, case_times(case)), policy.steps)
	assert passed and len(passed) < len(policy.steps)  # some steps behind it, some ahead
	escalation.sweep(now=now + dt.timedelta(minutes=10))
	assert frappe.db.count("Case Escalation", {"reference_name": name}) == 0
	ahead = min(set(range(len(policy.steps))) - passed)
	due = frappe.db.get_value("Complaint", name, "next_sla_event_on")
	assert due > now
	escalation.sweep(now=due + dt.timedelta(seconds=1))
	fired = frappe.get_all("Case Escalation", filters={"reference_name": name}, pluck="step")
	assert fired == [ahead + 1]  # the next step only; the passed ones never


BAD = {
	"a future date": dict(
		received=(T.now() + dt.timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S"), field="Received On"
	),
	"an answer date before the received date": dict(
		status="Resolved", answer="تم", resolved="2024-03-01 09:00:00", field="Resolved On"
	),
	"a Resolved row without an answer": dict(status="Resolved", resolved=A, field="Resolution"),
	"an unknown channel": dict(channel="حمام زاجل", field="Channel as Written"),
	"an invalid national ID": dict(national_id="1234567890", field="Beneficiary National ID"),
}


def test_bad_rows_are_refused_naming_their_row_and_field_while_the_good_rows_come_in(imports):
	rows = [CASE_HEADER]
	expected = {}
	for i, (what, spec) in enumerate(BAD.items()):
		spec = dict(spec)
		field = spec.pop("field")
		received = spec.pop("received", R)
		status = spec.pop("status", "New")
		rows.append(row(f"GOOD-{i}", R, "Closed", answer="تم", resolved=A))
		rows.append(row(f"BAD-{i}", received, status, **spec))
		expected[len(rows)] = (what, field)  # the sheet's row number: the header is row 1
	log = imports("Complaint", rows)
	by_row = {number: (ok, name, text) for number, ok, name, text in log}
	assert len(by_row) == len(rows) - 1
	for number, (what, field) in expected.items():
		ok, _, text = by_row[number]
		assert not ok, what
		assert field in text, (what, text)
	good = [number for number in by_row if number not in expected]
	assert all(by_row[n][0] for n in good)
	assert frappe.db.count("Complaint", {"legacy_reference": ("like", "GOOD-%")}) == len(BAD)
	assert frappe.db.count("Complaint", {"legacy_reference": ("like", "BAD-%")}) == 0


def test_importing_the_same_sheet_twice_changes_nothing_and_a_corrected_row_updates_its_case(imports):
	rows = sheet("Complaint", "TWICE")
	first = imports("Complaint", rows)
	assert all(ok for _, ok, _, _ in first)
	names = [name for _, _, name, _ in first]
	stamps = {n: frappe.db.get_value("Complaint", n, "modified") for n in names}
	count = frappe.db.count("Complaint")
	second = imports("Complaint", rows)
	assert [name for _, _, name, _ in second] == names
	assert all(ok for _, ok, _, _ in second)
	assert frappe.db.count("Complaint") == count
	assert {n: frappe.db.get_value("Complaint", n, "modified") for n in names} == stamps
	# the old system's sheet corrected: the answer's date moved, the same case follows
	index = [s for s, _ in EVERY_STATUS["Complaint"]].index("Resolved") + 1
	rows[index][CASE_HEADER.index("Resolved On")] = "2024-03-12 11:00:00"
	third = imports("Complaint", rows)
	assert frappe.db.count("Complaint") == count
	assert frappe.db.get_value("Complaint", names[index - 1], "resolved_on") == T(2024, 3, 12, 11, 0)
	assert sent_for("Complaint", names) == NOTHING
	assert all(ok for _, ok, _, _ in third)
	# and staff find the case by either number
	assert frappe.get_list("Complaint", filters={"legacy_reference": rows[index][0]}, pluck="name") == [
		names[index - 1]
	]


def test_beneficiary_files_are_validated_per_row_and_a_repeated_one_is_reported_not_duplicated(imports):
	nid, taken = helpers.national_id(), helpers.beneficiary()
	header = ["Full Name", "National ID / Iqama", "Mobile", "File Status"]
	rows = [
		header,
		[
			"نورة علي",
			"١" + nid[1:].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
			"+966 55 123 4567",
			"Active",
		],
		["ملف بهوية خاطئة", "1234567890", helpers.mobile(), "Active"],
		["ملف بجوال خاطئ", helpers.national_id(), "12345", "Active"],
		["ملف بهوية موجودة", taken.national_id, helpers.mobile(), "Active"],
		["ملف بجوال موجود", helpers.national_id(), taken.mobile, "Active"],
	]
	log = {number: (ok, name, text) for number, ok, name, text in imports("Beneficiary", rows)}
	ok, name, _ = log[2]
	assert ok
	file = frappe.get_doc("Beneficiary", name)
	assert (file.national_id, file.mobile) == (nid, "+966551234567")  # normalised: Arabic digits, +966
	for number, label in ((3, "National ID"), (4, "Mobile"), (5, "National ID"), (6, "Mobile")):
		ok, _, text = log[number]
		assert not ok and label in text, (number, text)
	assert frappe.db.count("Beneficiary", {"national_id": taken.national_id}) == 1
	assert frappe.db.count("Beneficiary", {"mobile": taken.mobile}) == 1
	# a case of a later sheet names its file by national ID; the ID is not kept on the case
	[(_, ok, case_name, text)] = imports(
		"Inquiry", [header_for("Inquiry"), row("NID-1", R, "New", national_id=nid)]
	)
	assert ok, text
	case = frappe.get_doc("Inquiry", case_name)
	assert case.beneficiary == file.name
	assert not case.beneficiary_national_id


def test_the_sample_sheets_import_cleanly_in_arabic(imports):
	for doctype, name in (
		("Beneficiary", "beneficiaries"),
		("Complaint", "complaints"),
		("Inquiry", "inquiries"),
		("Suggestion", "suggestions"),
	):
		with open(SAMPLE / f"{name}.csv", encoding="utf-8") as f:
			rows = list(csv.reader(f))
		if doctype == "Beneficiary":  # the sample's people on this test site already (the test rolls back)
			for r in rows[1:]:
				frappe.db.delete("Beneficiary", {"national_id": r[1]})
				frappe.db.delete("Beneficiary", {"mobile": normalize_saudi_mobile(r[2])})
		log = imports(doctype, rows, lang="ar")
		assert [ok for _, ok, _, _ in log] == [True] * (len(rows) - 1), (doctype, log)
	assert (
		sent_for(
			"Complaint", frappe.get_all("Complaint", {"legacy_reference": ("like", "OLD-C-%")}, pluck="name")
		)
		== NOTHING
	)


def test_the_download_template_has_arabic_column_labels():
	frappe.local.lang = "ar"
	fields = {
		"Complaint": [
			"legacy_reference",
			"received_on",
			"channel_as_written",
			"status",
			"resolved_on",
			"closed_on",
		]
	}
	header = Exporter(
		"Complaint", export_fields=fields, export_data=False, file_type="CSV"
	).get_csv_array_for_export()[0]
	assert header == [
		"الرقم في النظام السابق",
		"تاريخ الاستلام",
		"القناة كما وردت",
		"الحالة",
		"تاريخ الحل",
		"تاريخ الإغلاق",
	]


def test_the_reports_count_imported_cases_on_their_own_days_and_the_next_year_compares_with_them(imports):
	"""Every report over the imported month equals a recount of the cases; the same month a year later
	compares with the imported one."""
	from tests.integration.test_figures import REPORTS, age, both_ways

	dept = department("اختبار أرقام السجل", []).name
	log = imports("Complaint", sheet("Complaint", "FIG", dept))
	assert all(ok for _, ok, _, _ in log)
	for table in ("Complaint",):
		t = frappe.qb.DocType(table)
		frappe.qb.update(t).set(t.figures_changed_on, T(2017, 4, 1)).where(t.department == dept).run()
	age()
	refresh_figures(full=True, commit=False)
	march = {"period": "Range", "from_date": "2024-03-01", "to_date": "2024-03-31", "department": dept}
	for report in REPORTS:
		fast, live = both_ways(report, march)
		assert fast == live, report.__name__
	not_cancelled = sum(1 for status, _ in EVERY_STATUS["Complaint"] if status != "Cancelled")
	from beneficiary_care.beneficiary_care.report.periodic_summary import periodic_summary

	data = periodic_summary.execute({**march, "from_date": "2025-03-01", "to_date": "2025-03-31"})[1]
	total = next(r for r in data if r.get("label") == "Total")
	assert (total["current"], total["previous"]) == (0, not_cancelled)
	data = periodic_summary.execute(march)[1]
	total = next(r for r in data if r.get("label") == "Total")
	assert total["current"] == not_cancelled
