"""The board report's PDF: WeasyPrint (Frappe ships it: 59.0 in v15.55, 68.0 in v15.101+ and v16) over
core.board's HTML.

Written here because Frappe's own PDF path (Print Format → wkhtmltopdf) cannot lay out the report:
no table of contents with page numbers, no «صفحة ٣ من ١٢», and wkhtmltopdf is not installed with
Frappe. The approved PDF is stored once, as a private File on the report with its SHA-256; a failure
leaves no file behind (Frappe's File removes a new file from the disk when its transaction rolls back).
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_files_path, getdate, today
from frappe.utils.html_utils import clean_html

from beneficiary_care.board import document, pdf_text, weasyprint_versions
from beneficiary_care.core.board import periods as board_periods
from beneficiary_care.core.board import render, sections
from beneficiary_care.core.board.workflow import APPROVED
from beneficiary_care.framework.helpers import SETTINGS, settings
from beneficiary_care.framework.validation import throw_for_field
from beneficiary_care.reporting.population import fiscal_start_month

FONTS_DIR = Path(frappe.get_app_path("beneficiary_care", "public", "fonts"))


def fonts() -> list[render.FontFace]:
	out = []
	for family, filename, weight in render.FONT_FILES:
		path = FONTS_DIR / filename
		if not path.is_file():
			frappe.throw(
				_("The report's font file is missing: {0}. Reinstall the app (public/fonts).").format(path),
				title=_("Font Missing"),
			)
		out.append(render.FontFace(family, path.as_uri(), weight))
	return out


def logo_url() -> str:
	"""The association's logo (Beneficiary Care Settings) as a file:// URL; '' when none is set."""
	url = settings().get("association_logo")
	if not url:
		return ""
	if url.startswith(("http://", "https://")):
		throw_for_field(SETTINGS, "association_logo", _("must be a file uploaded to this site"))
	private = url.startswith("/private/files/")
	path = Path(get_files_path(unquote(url.rsplit("/files/", 1)[-1]), is_private=private))
	if not path.is_file():
		throw_for_field(SETTINGS, "association_logo", _("the file {0} is missing").format(url))
	return path.as_uri()


def html(doc: Document, logo: str | None = None) -> str:
	"""The report's HTML; `logo`: the logo's file:// URL when the caller has read it already."""
	numbers = document.numbers_for(doc)
	figures = document.figures(doc)
	period = figures.period
	fiscal_month = fiscal_start_month()
	approval = None
	if doc.docstatus == 1 or doc.workflow_state == APPROVED:
		approval = render.Approval(getdate(doc.meeting_date), doc.decision_number)
	cover = render.Cover(
		title=doc.title,
		association_name=settings().get("association_name") or "",
		period_name=board_periods.period_name(period, numbers, fiscal_month),
		reference=doc.name,
		version=doc.version or 1,
		logo_url=logo_url() if logo is None else logo,
		approval=approval,
		issued_on=getdate(today()) if approval else None,
		fonts=fonts(),
	)
	parts = sections.build(
		figures,
		numbers,
		# staff text through Frappe's strictest allowlist: no style, link or image in the board's copy
		preamble=clean_html(doc.preamble or ""),
		summary=doc.executive_summary or "",
		recommendations=clean_html(doc.recommendations or ""),
	)
	return render.render(cover, parts, numbers)


def _fetcher(url: str, logo: str = ""):
	"""Only the app's fonts and the association's logo (`logo`, its file:// URL): nothing in a report
	makes the server read another file or address."""
	parsed = urlparse(url)
	if parsed.scheme == "file":
		path = os.path.realpath(unquote(parsed.path))
		allowed_logo = logo and path == os.path.realpath(unquote(urlparse(logo).path))
		if path.startswith(str(FONTS_DIR) + os.sep) or allowed_logo:
			return weasyprint_versions.fetch(url)  # WeasyPrint 68 deprecates its default_url_fetcher
	raise ValueError(f"not fetched: {url}")


# The approved copy is kept for years: PDF/A-3b (WeasyPrint's pdf_variant, 59 and 68: the sRGB output
# intent and the PDF/A identification in its XMP metadata; fonts are embedded already). Previews stay plain.
ARCHIVE_VARIANT = "pdf/a-3b"


def render_pdf(doc: Document, pdf_variant: str | None = None) -> bytes:
	logo = logo_url()
	fetcher = functools.partial(_fetcher, logo=logo)
	# pdf_text: WeasyPrint maps shaped Arabic glyphs to the wrong text (59: whole runs; 59 and 68: other letters)
	return pdf_text.write_pdf(
		html(doc, logo), base_url=str(FONTS_DIR), url_fetcher=fetcher, pdf_variant=pdf_variant
	)


def store(doc: Document) -> None:
	"""Render the approved PDF and keep it on the report (before_submit: saved with the approval)."""
	content = render_pdf(doc, pdf_variant=ARCHIVE_VARIANT)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{doc.name}.pdf",
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"attached_to_field": "pdf_file",
			"is_private": 1,
			"content": content,
		}
	).insert(ignore_permissions=True)  # Frappe's File removes it from the disk if this rolls back
	doc.pdf_file = file.file_url
	doc.pdf_sha256 = hashlib.sha256(content).hexdigest()


def stored_content(doc: Document) -> bytes:
	"""The approved PDF as it was stored; refused if it no longer matches its SHA-256."""
	file = frappe.get_doc("File", {"file_url": doc.pdf_file, "attached_to_name": doc.name})
	content = file.get_content()
	if hashlib.sha256(content).hexdigest() != doc.pdf_sha256:
		frappe.throw(_("The stored PDF of {0} does not match its SHA-256: it was changed.").format(doc.name))
	return content
