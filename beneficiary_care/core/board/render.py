"""Sections → the HTML that WeasyPrint lays out as the board's PDF (A4, right to left for Arabic).

Every label is HTML text: WeasyPrint 59 lays out Arabic in HTML correctly but draws Arabic inside SVG
`<text>` reversed and unjoined, so the charts are bars of CSS only. Page numbers («صفحة ٣ من ١٢»)
and the table of contents' page numbers are CSS counters; the fonts are embedded from the files the
caller names (the app ships Noto Naskh Arabic, public/fonts/README.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from beneficiary_care.core.board.numbers import Numbers
from beneficiary_care.core.board.sections import Bars, Section, Table
from beneficiary_care.core.languages import is_rtl

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "board_report"
# the fonts the app ships in public/fonts (Noto Naskh Arabic from @fontsource, its README): the Arabic
# and the Latin subsets, regular and bold, as (family, file, weight)
FONT_FILES = (
	("BC Naskh Arabic", "noto-naskh-arabic-arabic-400-normal.woff", 400),
	("BC Naskh Arabic", "noto-naskh-arabic-arabic-700-normal.woff", 700),
	("BC Naskh Latin", "noto-naskh-arabic-latin-400-normal.woff", 400),
	("BC Naskh Latin", "noto-naskh-arabic-latin-700-normal.woff", 700),
)


@dataclass(frozen=True)
class FontFace:
	family: str
	url: str  # file:// URL of a .woff/.ttf file
	weight: int = 400


@dataclass(frozen=True)
class Approval:
	meeting_date: dt.date
	decision_number: str


@dataclass(frozen=True)
class Cover:
	title: str
	association_name: str
	period_name: str
	reference: str
	version: int = 1
	logo_url: str = ""
	approval: Approval | None = None
	issued_on: dt.date | None = None
	fonts: list[FontFace] = field(default_factory=list)


def approval_line(approval: Approval, numbers: Numbers) -> str:
	"""«معتمد من مجلس الإدارة بتاريخ … الموافق … هـ (قرار رقم …)»."""
	return numbers._(
		"Approved by the Board of Directors on {0}, corresponding to {1} (decision No. {2})"
	).format(
		numbers.gregorian(approval.meeting_date),
		numbers.hijri(approval.meeting_date),
		numbers.isolate(approval.decision_number),
	)


def _environment() -> Environment:
	env = Environment(
		loader=FileSystemLoader(TEMPLATES),
		autoescape=select_autoescape(
			enabled_extensions=("html",), disabled_extensions=("css",), default_for_string=True, default=True
		),
		undefined=StrictUndefined,
		trim_blocks=True,
		lstrip_blocks=True,
	)
	env.tests["table"] = lambda block: isinstance(block, Table)
	env.tests["bars"] = lambda block: isinstance(block, Bars)
	return env


_ENV = _environment()


def render(cover: Cover, sections: list[Section], numbers: Numbers) -> str:
	"""The whole document: cover, table of contents, the numbered sections."""
	_ = numbers._
	rtl = is_rtl(numbers.language)
	return _ENV.get_template("report.html").render(
		_=_,
		cover=cover,
		sections=sections,
		numbers=numbers,
		lang=numbers.language,
		direction="rtl" if rtl else "ltr",
		start="right" if rtl else "left",
		counter_style="arabic-indic" if numbers.arabic_indic else "decimal",
		approval=approval_line(cover.approval, numbers) if cover.approval else "",
		issued=numbers.both(cover.issued_on) if cover.issued_on else "",
		staff_html=lambda text: Markup(text or ""),
	)
