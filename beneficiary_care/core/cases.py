"""Rules every case (complaint, inquiry, suggestion) obeys at registration."""

from __future__ import annotations

import datetime as dt
import re

from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.phone import normalize_saudi_mobile

# The three case kinds (their DocTypes) and the prefixes of their references (CMP-2026-00001): the
# naming series (tools/case_doctypes.py), tracking by reference and the demo data read them here.
CASE_DOCTYPES = ("Complaint", "Inquiry", "Suggestion")
PREFIXES = {"Complaint": "CMP", "Inquiry": "INQ", "Suggestion": "SUG"}
# Case Channel codes the app itself picks: mail intake, the public form.
EMAIL_CHANNEL_CODE = "email"
WEBSITE_CHANNEL_CODE = "website"
# What a person may write about their case on the public form (the one limit: form, check, case).
DESCRIPTION_LIMIT = 3000

# A clock a few minutes ahead on a staff PC must not block a registration.
RECEIVED_ON_TOLERANCE = dt.timedelta(minutes=5)

MSG_RECEIVED_FUTURE = "cannot be in the future ({value})"
MSG_EMAIL = "{value} is not a valid email address"

# Deliberately plain: one @, no spaces, a dot in the domain. Frappe's own check runs as well.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def check_received_on(received_on: dt.datetime, now: dt.datetime) -> dt.datetime:
	"""A case may be back-dated (a walk-in typed later) but never dated in the future."""
	if received_on > now + RECEIVED_ON_TOLERANCE:
		raise CoreValidationError(
			"received_on", MSG_RECEIVED_FUTURE, value=received_on.strftime("%Y-%m-%d %H:%M")
		)
	return received_on


def normalize_email(value: str | None, field: str = "email") -> str:
	"""Trimmed and lower-cased, or '' when empty; raises for a malformed address."""
	email = (value or "").strip().lower()
	if email and not _EMAIL.fullmatch(email):
		raise CoreValidationError(field, MSG_EMAIL, value=value)
	return email


def normalize_contact(mobile: str | None, email: str | None) -> tuple[str, str]:
	"""The contact as stored: canonical mobile ('' if none) and normalised email ('' if none)."""
	return (normalize_saudi_mobile(mobile) if (mobile or "").strip() else "", normalize_email(email))


def kind_of_reference(reference: str) -> str | None:
	"""The case kind a reference such as CMP-2026-00001 names by its prefix, or None."""
	prefix = (reference or "").strip().upper().split("-", 1)[0]
	return next((kind for kind, p in PREFIXES.items() if p == prefix), None)
