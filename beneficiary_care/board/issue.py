"""Issuing board reports: the desk's PDF gives the stored file, "Send to the Board" emails it through
Frappe's email queue, a daily job drafts the report of each period that has just ended, and a Board
Member reads approved reports and nothing else."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today
from frappe.utils import print_format as frappe_print_format

from beneficiary_care.board import document, pdf
from beneficiary_care.core.board import periods as board_periods
from beneficiary_care.framework.helpers import SETTINGS, each_in_savepoint, settings
from beneficiary_care.framework.validation import throw_for_field
from beneficiary_care.framework.versions import NO_OBJECTION
from beneficiary_care.reporting import population
from beneficiary_care.reporting.population import fiscal_start_month

BOARD_MEMBER = "Board Member"
WRITERS = ("Care Manager", "System Manager")
DRAFTED_KINDS = (
	("Quarter", "draft_quarterly"),
	("Four Months", "draft_four_monthly"),
	("Half-Year", "draft_half_yearly"),
	("Year", "draft_yearly"),
)


@frappe.whitelist(allow_guest=True)
def download_pdf(
	doctype: str,
	name: str,
	format: str | None = None,
	doc: str | None = None,
	no_letterhead: int | str = 0,
	language: str | None = None,
	letterhead: str | None = None,
) -> None:
	"""Frappe's Print → PDF (hooks: override_whitelisted_methods). For a board report: the stored file
	once approved, a draft preview before; any other document goes to Frappe's own."""
	if doctype != document.DOCTYPE:
		return frappe_print_format.download_pdf(
			doctype, name, format, doc, no_letterhead, language, letterhead
		)
	report = frappe.get_doc(doctype, name)
	if not frappe.has_permission(doctype, "print", report):
		frappe.throw(_("{0} {1} not found").format(_(doctype), name), frappe.DoesNotExistError)
	if report.docstatus in (1, 2) and report.pdf_file:  # approved, or superseded by a later version
		content = pdf.stored_content(report)
	else:
		content = pdf.render_pdf(report)
	frappe.local.response.filename = f"{name}.pdf"
	frappe.local.response.filecontent = content
	frappe.local.response.type = "pdf"


@frappe.whitelist()
def send_to_board(name: str) -> int:
	"""Email the approved PDF to the board members in the settings, through the email queue."""
	report = frappe.get_doc(document.DOCTYPE, name)
	report.check_permission("email")
	if report.docstatus != 1 or not report.pdf_file:
		frappe.throw(_("Only an approved report can be sent to the board."))
	members = [m.email for m in settings().get("board_members") or [] if m.email]
	if not members:
		throw_for_field(SETTINGS, "board_members", _("add the board members' emails first"))
	file_name = frappe.db.get_value("File", {"file_url": report.pdf_file, "attached_to_name": report.name})
	numbers = document.numbers_for(report)
	frappe.sendmail(
		recipients=members,
		subject=report.title,
		message=numbers._("Please find attached the approved report «{0}» (version {1}).").format(
			report.title, report.version
		),
		attachments=[{"fid": file_name}],
		reference_doctype=report.doctype,
		reference_name=report.name,
	)
	report.db_set("sent_to_board_on", now_datetime())
	return len(members)


@frappe.whitelist()
def refresh_figures(name: str) -> None:
	"""Take a draft's figures again (they are taken again anyway when it goes to review)."""
	report = frappe.get_doc(document.DOCTYPE, name)
	report.check_permission("write")
	report.flags.retake_figures = True
	report.save()


@frappe.whitelist()
def draft_special_report(filters: str | dict, recurrence: str, subject: str = "") -> str:
	"""A special report (seed ثالثاً/٣) from a row of Recurring Cases: the report's period, up to
	yesterday. `subject` is the recurring subject's name; people and employees are never named."""
	frappe.has_permission(document.DOCTYPE, "create", throw=True)
	values = frappe._dict(frappe.parse_json(filters) or {})
	period, _previous = population.periods(values)
	last_day = min(period.last_day, getdate(today()) - dt.timedelta(days=1))
	what = _(recurrence) + (f": {subject}" if subject else "")
	report = frappe.get_doc(
		{
			"doctype": document.DOCTYPE,
			"report_kind": board_periods.SPECIAL,
			"from_date": period.start,
			"to_date": last_day,
			"special_subject": what[:140],
		}
	).insert()
	return report.name


def draft_due_reports() -> int:
	"""Daily: draft the report of each enabled kind whose period has just ended (and has none yet).
	The standard Notification «Care Board Report Drafted» tells the Care Managers."""
	config = settings()
	fiscal_month = fiscal_start_month()
	due = []
	for kind, fieldname in DRAFTED_KINDS:
		if config.get(fieldname):
			period = board_periods.due_for_drafting(getdate(today()), kind, fiscal_month)
			if period and not frappe.db.exists(
				document.DOCTYPE,
				{"report_kind": kind, "from_date": period.start, "docstatus": ("<", 2)},
			):
				due.append((kind, period))
	return each_in_savepoint(
		due,
		lambda item: _draft(*item),
		savepoint="board_draft",
		title=lambda item: f"Board report draft failed: {item[0]} {item[1].start}",
	)


def _draft(kind: str, period) -> bool:
	frappe.get_doc(
		{
			"doctype": document.DOCTYPE,
			"report_kind": kind,
			"fiscal_year": period.fiscal_year,
			"period_index": period.index,
			"auto_drafted": 1,
		}
	).insert(ignore_permissions=True)
	return True


def _reads_only_approved(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return BOARD_MEMBER in roles and not roles.intersection(WRITERS)


def query_conditions(user: str | None = None) -> str:
	"""A Board Member lists approved reports only."""
	if _reads_only_approved(user or frappe.session.user):
		return "`tabCare Board Report`.`docstatus` = 1"
	return ""


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	if _reads_only_approved(user or frappe.session.user):
		return doc.docstatus == 1 and ptype in ("read", "print")
	return NO_OBJECTION  # the DocType's permissions decide (frappe_versions)
