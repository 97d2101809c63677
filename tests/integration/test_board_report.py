"""The board's report on a real site (issue 11): the H1-2023 report through Frappe's Workflow, the
snapshot and its immutability, the stored PDF and its hash, the desk's PDF, the email to the board,
the scheduled drafts, special reports, and what a Board Member may read."""

from tests.integration import require_site

require_site()

import datetime as dt
import hashlib
import io
import json
import os

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from pypdf import PdfReader

from beneficiary_care.board import issue, pdf
from beneficiary_care.board.document import DOCTYPE
from beneficiary_care.setup import demo
from tests.integration import helpers

H1_2023 = {"report_kind": "Half-Year", "fiscal_year": 2023, "period_index": 1}


def draft(**values):
	return frappe.get_doc({"doctype": DOCTYPE, **(values or H1_2023)}).insert()


def step(doc, action, **values):
	doc = frappe.get_doc(DOCTYPE, doc.name)
	if values:
		doc.update(values)
		doc.save()
	return apply_workflow(doc, action)


def approve(doc):
	doc = step(doc, "Submit for Review")
	return step(doc, "Approve", meeting_date="2023-08-15", decision_number="12/2023")


def stored(doc) -> bytes:
	return frappe.get_doc("File", {"file_url": doc.pdf_file}).get_content()


def test_h1_2023_drafted_reviewed_returned_once_and_approved(seed_demo):
	doc = draft()
	assert doc.workflow_state == "Draft" and doc.version == 1
	assert doc.title.endswith("the first half of the fiscal year 2023") or "النصف الأول" in doc.title
	figures = json.loads(doc.figures)
	needs = {label: n for label, n, _p in figures["needs"]}
	assert [needs[n] for n in demo.NEEDS] == [85, 100, 42, 60, 36, 0]
	channels = {label: n for label, n, _p in figures["channels"]}
	assert [channels[c] for c in demo.CHANNEL_ORDER] == [99, 51, 23, 88, 51, 11]
	assert sum(n for _l, n, _p in figures["subjects"]) == 44
	assert sum(now for _k, now, _p in figures["kinds"]) == 323
	assert sum(before for _k, _n, before in figures["kinds"]) == 217

	doc = step(doc, "Submit for Review")
	assert doc.workflow_state == "Under Review"
	with pytest.raises(frappe.ValidationError, match="Return Comment"):
		step(doc, "Return")
	assert frappe.db.get_value(DOCTYPE, doc.name, "workflow_state") == "Under Review"
	doc = step(doc, "Return", return_comment="أضيفوا التوصيات")
	assert doc.workflow_state == "Returned"
	doc = step(doc, "Revise", recommendations="<p>تحديث بيانات المستفيدين دورياً.</p>")
	assert doc.workflow_state == "Draft"
	doc = step(doc, "Submit for Review")
	with pytest.raises(frappe.ValidationError, match="Board Meeting Date"):
		step(doc, "Approve")
	with pytest.raises(frappe.ValidationError, match="Decision Number"):
		step(doc, "Approve", meeting_date="2023-08-15")
	assert not frappe.db.exists("File", {"attached_to_name": doc.name})  # nothing half-written
	doc = step(doc, "Approve", decision_number="12/2023")
	assert (doc.workflow_state, doc.docstatus) == ("Approved by the Board", 1)

	file = frappe.get_doc("File", {"attached_to_doctype": DOCTYPE, "attached_to_name": doc.name})
	assert file.is_private and file.file_url == doc.pdf_file
	content = file.get_content()
	assert hashlib.sha256(content).hexdigest() == doc.pdf_sha256
	assert content.startswith(b"%PDF") and len(content) < 2 * 1024 * 1024
	pages = PdfReader(io.BytesIO(content)).pages
	assert len(pages) >= 8
	fonts = {str(f.get_object()["/BaseFont"]) for p in pages for f in p["/Resources"]["/Font"].values()}
	assert any(name.endswith("+BC-Naskh-Arabic") for name in fonts), fonts  # embedded, subset
	# the tables as the PDF lays them out (its text layer reads right-to-left runs backwards)
	html = issue.pdf.html(doc)
	for figure in ("323", "217", "85", "100", "42", "60", "36", "99", "88", "51", "23", "11", "44"):
		assert f"\u2066{figure}\u2069" in html, figure
	assert "\u2066100.00%\u2069" in html and "\u2066+48.85%\u2069" in html


def test_an_approved_report_never_changes(seed_demo):
	doc = approve(draft())
	figures, digest, content = doc.figures, doc.pdf_sha256, stored(doc)
	case = frappe.get_last_doc(
		"Inquiry", filters={"name": ("like", "DEMO-%"), "received_on": ("<", "2023-07-01")}
	)
	other_need = frappe.db.get_value("Need Category", {"name": ("!=", case.need_category)})
	frappe.db.set_value("Inquiry", case.name, "need_category", other_need)  # a case edited afterwards
	doc.reload()
	assert (doc.figures, doc.pdf_sha256, stored(doc)) == (figures, digest, content)
	doc.preamble = "<p>تغيير</p>"
	with pytest.raises(frappe.UpdateAfterSubmitError):
		doc.save()
	# a fresh draft of the same period does see the edit: the snapshot is what kept the report
	fresh = json.loads(draft().figures)
	assert fresh["needs"] != json.loads(figures)["needs"]


def test_a_correction_is_an_amendment_that_keeps_the_old_version(seed_demo):
	first = approve(draft())
	first = apply_workflow(frappe.get_doc(DOCTYPE, first.name), "Supersede")
	assert first.docstatus == 2 and first.workflow_state == "Superseded"
	second = frappe.copy_doc(first, ignore_no_copy=False)  # what the desk's Amend does
	second.update({"amended_from": first.name, "docstatus": 0})
	second.insert()
	assert second.name == f"{first.name}-1" and second.version == 2
	assert second.workflow_state == "Draft" and not second.pdf_file and second.figures
	second = approve(second)
	assert second.pdf_sha256 != first.pdf_sha256
	assert frappe.db.get_value("File", {"file_url": first.pdf_file}, "name")  # the old file is kept


def test_a_period_that_has_not_ended_is_refused():
	this_year = frappe.utils.getdate().year
	with pytest.raises(frappe.ValidationError, match="To Date"):
		draft(report_kind="Year", fiscal_year=this_year)
	assert not frappe.db.exists(DOCTYPE, {"fiscal_year": this_year})


def test_a_period_with_no_cases_says_so():
	doc = draft(report_kind="Special", from_date="1990-01-01", to_date="1990-03-31", special_subject="اختبار")
	assert "لم ترد أي حالات" in doc.executive_summary or "No cases were received" in doc.executive_summary
	assert doc.title.startswith(("تقرير خاص", "Special Report"))
	assert issue.pdf.render_pdf(doc).startswith(b"%PDF")
	assert "لا توجد حالات في هذه الفترة" in issue.pdf.html(
		doc
	) or "No cases in this period." in issue.pdf.html(doc)


def test_the_desk_pdf_is_the_stored_file_and_a_draft_is_a_preview(seed_demo):
	doc = approve(draft())
	issue.download_pdf(DOCTYPE, doc.name)
	assert frappe.local.response.filecontent == stored(doc)
	preview = draft(report_kind="Special", from_date="2023-01-01", to_date="2023-01-31")
	issue.download_pdf(DOCTYPE, preview.name)
	assert frappe.local.response.filecontent.startswith(b"%PDF")
	assert not frappe.db.exists("File", {"attached_to_name": preview.name})
	# a stored file that no longer matches its hash is refused, not served
	path = frappe.get_doc("File", {"file_url": doc.pdf_file}).get_full_path()
	original = open(path, "rb").read()
	try:
		open(path, "wb").write(original + b"%tampered")
		with pytest.raises(frappe.ValidationError, match="SHA-256"):
			issue.download_pdf(DOCTYPE, doc.name)
	finally:
		open(path, "wb").write(original)


def test_a_missing_logo_stops_the_approval_and_names_the_field(seed_demo):
	frappe.db.set_single_value("Beneficiary Care Settings", "association_logo", "/files/no-such-logo.png")
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	doc = step(draft(), "Submit for Review")
	with pytest.raises(frappe.ValidationError, match="Association Logo"):
		step(doc, "Approve", meeting_date="2023-08-15", decision_number="12/2023")
	assert frappe.db.get_value(DOCTYPE, doc.name, "docstatus") == 0
	assert not frappe.db.exists("File", {"attached_to_name": doc.name})


def test_send_to_the_board_queues_one_email_with_the_pdf(seed_demo):
	doc = approve(draft())
	settings = frappe.get_single("Beneficiary Care Settings")
	settings.set("board_members", [])
	settings.save()
	with pytest.raises(frappe.ValidationError, match="Board Members"):
		issue.send_to_board(doc.name)
	settings.append("board_members", {"full_name": "رئيس المجلس", "email": "chair@example.com"})
	settings.append("board_members", {"full_name": "أمين المجلس", "email": "secretary@example.com"})
	settings.save()
	assert issue.send_to_board(doc.name) == 2
	queue = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": DOCTYPE, "reference_name": doc.name},
		fields=["name", "attachments"],
	)
	assert len(queue) == 1
	file_name = frappe.db.get_value("File", {"file_url": doc.pdf_file})
	assert json.loads(queue[0].attachments)[0]["fid"] == file_name
	recipients = frappe.get_all("Email Queue Recipient", filters={"parent": queue[0].name}, pluck="recipient")
	assert sorted(recipients) == ["chair@example.com", "secretary@example.com"]
	assert frappe.db.get_value(DOCTYPE, doc.name, "sent_to_board_on")


def test_a_board_member_reads_approved_reports_and_nothing_else(seed_demo):
	approved = approve(draft())
	other = draft(report_kind="Special", from_date="2023-01-01", to_date="2023-01-31")
	member = helpers.staff_user("board.member@example.com", "Board Member")
	frappe.set_user(member)
	listed = frappe.get_list(DOCTYPE, fields=["name", "docstatus"])
	assert approved.name in [r.name for r in listed] and other.name not in [r.name for r in listed]
	assert {r.docstatus for r in listed} == {1}
	assert frappe.has_permission(DOCTYPE, "read", approved.name)
	assert not frappe.has_permission(DOCTYPE, "read", other.name)
	assert not frappe.has_permission(DOCTYPE, "write", approved.name)
	issue.download_pdf(DOCTYPE, approved.name)
	assert frappe.local.response.filecontent == stored(approved)
	with pytest.raises(frappe.DoesNotExistError):
		issue.download_pdf(DOCTYPE, other.name)
	with pytest.raises(frappe.PermissionError):
		issue.send_to_board(approved.name)
	for doctype in ("Complaint", "Inquiry", "Beneficiary", "Beneficiary Care Settings"):
		assert not frappe.has_permission(doctype, "read"), doctype


def test_the_scheduler_drafts_the_half_year_that_just_ended_once():
	frappe.db.set_single_value("Beneficiary Care Settings", {"draft_half_yearly": 1, "draft_yearly": 0})
	frappe.db.set_single_value("Beneficiary Care Settings", {"draft_quarterly": 0, "draft_four_monthly": 0})
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	manager = helpers.staff_user("board.manager@example.com", "Care Manager")
	with helpers.at(dt.datetime(2024, 7, 2, 9, 0)):
		assert issue.draft_due_reports() == 1
		assert issue.draft_due_reports() == 0  # once
	[name] = frappe.get_all(DOCTYPE, filters={"auto_drafted": 1, "from_date": "2024-01-01"}, pluck="name")
	doc = frappe.get_doc(DOCTYPE, name)
	assert (doc.report_kind, doc.period_index, str(doc.to_date)) == ("Half-Year", 1, "2024-06-30")
	assert frappe.db.exists("Notification Log", {"for_user": manager, "document_name": name})


def test_a_special_report_from_a_recurring_subject(seed_demo):
	name = issue.draft_special_report(
		{"period": "Half-Year", "fiscal_year": 2023, "period_number": 1},
		"Same Subject",
		"الخدمات الإلكترونية",
	)
	doc = frappe.get_doc(DOCTYPE, name)
	assert (doc.report_kind, str(doc.from_date), str(doc.to_date)) == ("Special", "2023-01-01", "2023-06-30")
	assert "الخدمات الإلكترونية" in doc.special_subject and "الخدمات الإلكترونية" in doc.title


def test_confidential_complaints_are_only_counted():
	employee = helpers.staff_user("named.employee@example.com", "Department Staff")
	with helpers.at(dt.datetime(2021, 3, 10, 10, 0)):
		complaint = helpers.case(
			"Complaint",
			subject="سلوك موظف سري جداً",
			description="تفاصيل لا تظهر للمجلس",
			is_confidential=1,
			named_employee=employee,
		)
	doc = draft(report_kind="Special", from_date="2021-03-01", to_date="2021-03-31")
	figures = json.loads(doc.figures)
	assert figures["confidential_complaints"] == 1
	for secret in (complaint.subject, complaint.description, employee, complaint.name, complaint.mobile):
		assert secret not in doc.figures
		assert secret not in issue.pdf.html(doc)


def test_the_period_is_fixed_once_the_report_leaves_draft(seed_demo):
	doc = step(draft(), "Submit for Review")
	doc = frappe.get_doc(DOCTYPE, doc.name)
	doc.fiscal_year = 2022
	with pytest.raises(frappe.ValidationError, match="Fiscal Year"):
		doc.save()
	assert frappe.db.get_value(DOCTYPE, doc.name, "fiscal_year") == 2023


def test_staff_text_cannot_restyle_the_report_or_read_files(seed_demo):
	doc = draft(
		**H1_2023,
		preamble='<style>.watermark{display:none}</style><p>تمهيد</p><img src="/etc/passwd">',
		recommendations='<p>توصية</p><link rel="stylesheet" href="http://example.com/x.css">',
	)
	html = issue.pdf.html(doc)
	assert "<p>تمهيد</p>" in html and "<p>توصية</p>" in html
	assert "display:none" not in html and "/etc/passwd" not in html and "example.com" not in html
	with pytest.raises(ValueError):
		issue.pdf._fetcher("file:///etc/passwd")
	assert issue.pdf.render_pdf(doc).startswith(b"%PDF")


def test_guests_get_no_board_report_and_the_desk_pdf_is_routed_here(seed_demo):
	hook = frappe.get_hooks("override_whitelisted_methods")["frappe.utils.print_format.download_pdf"]
	assert hook[-1] == "beneficiary_care.board.issue.download_pdf"
	doc = approve(draft())
	frappe.set_user("Guest")
	with pytest.raises(frappe.DoesNotExistError):
		issue.download_pdf(DOCTYPE, doc.name)


def test_a_superseded_report_still_gives_its_stored_file_and_a_rollback_leaves_no_file(seed_demo):
	doc = approve(draft())
	content = stored(doc)
	doc = apply_workflow(frappe.get_doc(DOCTYPE, doc.name), "Supersede")
	issue.download_pdf(DOCTYPE, doc.name)
	assert frappe.local.response.filecontent == content
	path = frappe.get_doc("File", {"file_url": doc.pdf_file}).get_full_path()
	assert os.path.exists(path)
	frappe.db.rollback()  # the approval never committed: its file goes with it
	assert not os.path.exists(path)


def test_a_missing_font_stops_the_approval_with_a_clear_message(seed_demo, monkeypatch, tmp_path):
	doc = step(draft(), "Submit for Review")
	monkeypatch.setattr(issue.pdf, "FONTS_DIR", tmp_path)  # the app's fonts folder emptied
	with pytest.raises(frappe.ValidationError, match="font file is missing"):
		step(doc, "Approve", meeting_date="2023-08-15", decision_number="12/2023")
	assert frappe.db.get_value(DOCTYPE, doc.name, ["docstatus", "workflow_state"]) == (0, "Under Review")
	assert not frappe.db.exists("File", {"attached_to_name": doc.name})


def test_a_new_report_starts_with_the_associations_preamble(seed_demo):
	from beneficiary_care.setup import install, starting_data

	seed = starting_data.settings()["board_preamble"]
	assert "تحرص الجمعية على لتوفير الحماية والمعاملة العادلة للمستفيدين" in seed  # the seed report's words
	settings = frappe.get_single("Beneficiary Care Settings")
	settings.board_preamble = ""  # a site installed before the default, or one that emptied it
	install.fill_message_templates(settings)
	assert settings.board_preamble == seed
	settings.save()
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	doc = draft()
	assert doc.preamble == seed
	text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.render_pdf(doc))).pages)
	assert "تحرص الجمعية على لتوفير الحماية" in text  # the preamble, as the PDF reads


def test_the_approved_pdf_reads_as_it_looks_and_is_pdf_a_3b(seed_demo, tmp_path):
	"""The demo's approved H1-2023 report as a reader's tools get it (issue 21): poppler reads it
	without a warning and finds the figures; pypdf reads the summary's first sentence once (the 54
	copies glued to cells are gone); the stored copy declares PDF/A-3b."""
	import re
	import shutil
	import subprocess

	doc = approve(draft())
	content = stored(doc)
	first_sentence = doc.executive_summary.split("\n\n")[0]

	if shutil.which("pdftotext"):
		(tmp_path / "report.pdf").write_bytes(content)
		done = subprocess.run(
			["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
		)
		assert done.stderr == "", done.stderr  # no "Illegal entry in bfchar block in ToUnicode CMap"
		for figure in ("323", "217", "279", "44"):
			assert figure in done.stdout, figure
		# the title's, the period's and the tables' words, in their own letters (WeasyPrint 68 read ت and
		# ق as ة, ن as ف, ب as ج: board/pdf_text.py)
		for word in ("تقرير", "النصف", "الشكاوى", "المستفيدين"):
			assert word in done.stdout, word

	def plain(text: str) -> str:
		return re.sub(r"\s+", " ", re.sub("[\u2066-\u2069\u200e\u200f]", "", text)).strip()

	extracted = plain(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))
	# the sentence once (it was read 54 times). pypdf 3.17 reads a line of right-to-left text with
	# Western figures in it piece by piece in visual order («)279( شكوى و 44( حالة، منها323(م2023بلغ
	# العدد …»): each piece is read in its own letters, and all of them, figures included, are read
	# around the sentence's one opening
	sentence = plain(first_sentence)
	assert extracted.count(sentence[:30]) == 1, extracted[:800]
	start = extracted.index(sentence[:30])
	around = extracted[max(0, start - len(sentence)) : start + len(sentence)]
	pieces = [p.strip() for p in re.split(r"[()\u0660-\u0669\d.:،,%+]+", sentence) if p.strip()]
	figures = re.findall(r"[\u0660-\u0669\d]+", sentence)
	assert pieces and all(p in around for p in pieces + figures), (pieces, figures, around)

	assert b"/ID [" in content  # PDF/A: the trailer identifies the file
	xmp = PdfReader(io.BytesIO(content)).xmp_metadata
	assert xmp is not None
	xml = xmp.stream.get_data().decode()
	assert re.search(r'pdfaid:part(="|>)3', xml) and re.search(r'pdfaid:conformance(="|>)B', xml), xml[:500]
