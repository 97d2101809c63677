"""Turns core validation errors into Frappe errors that name the field, in the user's language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from beneficiary_care.core.errors import CoreValidationError


class BeneficiaryCareValidationError(frappe.ValidationError):
	"""Bad input for one field of a beneficiary_care document."""


def field_label(doc: Document | str, fieldname: str) -> str:
	"""The translated label of `fieldname` on `doc` (a document or a DocType name)."""
	meta = frappe.get_meta(doc if isinstance(doc, str) else doc.doctype)
	return _(meta.get_label(fieldname))


def throw_for_field(doc: Document | str, fieldname: str, message: str) -> None:
	"""frappe.throw with the field's label before an already translated message."""
	label = field_label(doc, fieldname)
	frappe.throw(
		f"{label}: {message}",
		exc=BeneficiaryCareValidationError,
		title=_("Invalid {0}").format(label),
	)


@contextmanager
def core_errors(doc: Document | str) -> Iterator[None]:
	"""Run core rules; a CoreValidationError becomes a translated frappe error naming the field. What
	the person typed is escaped: Frappe shows the message as HTML."""
	try:
		yield
	except CoreValidationError as err:
		throw_for_field(doc, err.field, err.render(_, escape_html))
