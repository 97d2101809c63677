"""A Care Board Report's rules, called by its controller.

Frappe's Workflow moves the report (setup/workflow.py installs it; admins may edit it): Draft → Under
Review → Approved by the Board (submitted) or Returned → Draft; an approved report is corrected by
cancelling it (Superseded) and amending it, which makes the next version and keeps the old one. Here:
the period and title, the figures' snapshot (taken when the report is drafted and again when it goes
to review, then kept), the summary written from it, and what each step requires.
"""

from __future__ import annotations

import functools
import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, now_datetime, today

from beneficiary_care.core.board import periods as board_periods
from beneficiary_care.core.board import summary
from beneficiary_care.core.board.figures import Figures
from beneficiary_care.core.board.numbers import Numbers
from beneficiary_care.core.board.workflow import APPROVED, DRAFT, RETURNED, REVIEW
from beneficiary_care.core.periods import Period
from beneficiary_care.framework.helpers import setting, settings
from beneficiary_care.framework.validation import core_errors, throw_for_field
from beneficiary_care.reporting import board_figures
from beneficiary_care.reporting.population import fiscal_start_month

DOCTYPE = "Care Board Report"


# what the figures were taken for: fixed once the report leaves Draft
PERIOD_FIELDS = ("report_kind", "fiscal_year", "period_index", "from_date", "to_date", "language")


def numbers_for(doc: Document) -> Numbers:
	"""Numbers, dates and words in the report's own language, whoever reads it."""
	language = doc.language or "ar"
	return Numbers(
		arabic_indic=bool(cint(setting("use_arabic_indic_digits"))),
		language=language,
		_=functools.partial(_, lang=language),
	)


def period_of(doc: Document) -> Period:
	spec = board_periods.ReportPeriod(
		doc.report_kind,
		cint(doc.fiscal_year) or None,
		cint(doc.period_index) or None,
		getdate(doc.from_date) if doc.from_date else None,
		getdate(doc.to_date) if doc.to_date else None,
	)
	with core_errors(doc):
		return board_periods.resolve(spec, fiscal_start_month())


def validate(doc: Document) -> None:
	period = period_of(doc)
	doc.from_date, doc.to_date = period.start, period.last_day
	with core_errors(doc):
		board_periods.check_ended(period, getdate(today()))
	numbers = numbers_for(doc)
	subject = doc.special_subject if doc.report_kind == board_periods.SPECIAL else ""
	doc.title = board_periods.title(period, numbers, fiscal_start_month(), subject)[:140]
	before = doc.get_doc_before_save()
	state = doc.workflow_state or DRAFT
	if before is not None and (before.workflow_state or DRAFT) != DRAFT:
		for fieldname in PERIOD_FIELDS:
			if str(before.get(fieldname) or "") != str(doc.get(fieldname) or ""):
				throw_for_field(doc, fieldname, _("can be changed only while the report is a draft"))
	moved = before is None or (before.workflow_state or DRAFT) != state
	period_changed = before is not None and (before.from_date, before.to_date) != (doc.from_date, doc.to_date)
	retake = state == DRAFT and (period_changed or doc.flags.retake_figures)
	if before is None or (moved and state == REVIEW) or retake:
		take_figures(doc, period, numbers)
	elif before is not None:
		doc.figures, doc.figures_taken_on = before.figures, before.figures_taken_on  # only the app takes them
	if moved and state == APPROVED:
		for fieldname in ("meeting_date", "decision_number"):
			if not doc.get(fieldname):
				throw_for_field(doc, fieldname, _("is required to approve the report"))
		if getdate(doc.meeting_date) > getdate(today()):
			throw_for_field(doc, "meeting_date", _("cannot be in the future"))
	if moved and state == RETURNED and not (doc.return_comment or "").strip():
		throw_for_field(doc, "return_comment", _("is required to return the report"))


def before_insert(doc: Document) -> None:
	doc.version = 1
	if doc.amended_from:
		doc.version = cint(frappe.db.get_value(DOCTYPE, doc.amended_from, "version")) + 1
	config = settings()
	if not (doc.preamble or "").strip():
		doc.preamble = config.get("board_preamble") or ""
	if not (doc.recommendations or "").strip():
		doc.recommendations = config.get("board_recommendations") or ""


def take_figures(doc: Document, period: Period, numbers: Numbers) -> None:
	"""A new snapshot; the summary is written again from it unless staff have edited it."""
	at = now_datetime()
	data = board_figures.snapshot(period, at)
	generated = summary.text(
		Figures(data), board_periods.period_name(period, numbers, fiscal_start_month()), numbers
	)
	if not (doc.executive_summary or "").strip() or _same(doc.executive_summary, doc.generated_summary):
		doc.executive_summary = generated
	doc.generated_summary = generated
	doc.figures = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
	doc.figures_taken_on = at


def figures(doc: Document) -> Figures:
	data = doc.figures
	return Figures(json.loads(data) if isinstance(data, str) else dict(data or {}))


def _same(a: str | None, b: str | None) -> bool:
	return (a or "").replace("\r\n", "\n").strip() == (b or "").replace("\r\n", "\n").strip()
