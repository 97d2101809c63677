"""Small builders for integration tests; every record is rolled back after the test."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import frappe
from freezegun import freeze_time

from beneficiary_care.core.national_id import luhn_check_digit
from tests.integration import set_test_mode

_random = random.Random()


def national_id(prefix: str = "1") -> str:
	"""A valid national ID that no beneficiary file has yet."""
	while True:
		nine = prefix + "".join(_random.choices("0123456789", k=8))
		candidate = nine + str(luhn_check_digit(nine))
		if not frappe.db.exists("Beneficiary", {"national_id": candidate}):
			return candidate


def mobile() -> str:
	"""A Saudi mobile in its local form (05XXXXXXXX)."""
	return "05" + "".join(_random.choices("0123456789", k=8))


def beneficiary(**values) -> frappe.model.document.Document:
	doc = frappe.get_doc(
		{
			"doctype": "Beneficiary",
			"full_name": values.pop("full_name", "سارة أحمد"),
			"national_id": values.pop("national_id", national_id()),
			"mobile": values.pop("mobile", mobile()),
			**values,
		}
	)
	return doc.insert()


def channel() -> str:
	return frappe.db.get_value("Case Channel", {"code": "phone"}, "name")


def case(doctype: str = "Complaint", **values) -> frappe.model.document.Document:
	doc = frappe.get_doc(
		{
			"doctype": doctype,
			"channel": values.pop("channel", channel()),
			"subject": values.pop("subject", "تأخر صرف المساعدة"),
			"description": values.pop("description", "لم تصرف المساعدة منذ شهرين."),
			"contact_name": values.pop("contact_name", "محمد علي"),
			"mobile": values.pop("mobile", mobile()),
			**values,
		}
	)
	return doc.insert()


def portal_user(email: str, beneficiary_name: str | None) -> str:
	user = frappe.get_doc(
		{"doctype": "User", "email": email, "first_name": "Portal", "send_welcome_email": 0}
	).insert(ignore_permissions=True)
	user.add_roles("Care Beneficiary")
	if beneficiary_name:
		frappe.db.set_value("Beneficiary", beneficiary_name, "user", email)
	return email


def staff_user(email: str, *roles: str) -> str:
	user = frappe.get_doc(
		{"doctype": "User", "email": email, "first_name": "Staff", "send_welcome_email": 0}
	).insert(ignore_permissions=True)
	user.add_roles(*roles)
	return email


def unused_mobile() -> str:
	"""A mobile (05XXXXXXXX) that no beneficiary file, case or user has."""
	while True:
		candidate = mobile()
		stored = "+966" + candidate[1:]
		if not (
			frappe.db.exists("Beneficiary", {"mobile": stored})
			or any(frappe.db.exists(dt, {"mobile": stored}) for dt in ("Complaint", "Inquiry", "Suggestion"))
			or frappe.db.exists("User", {"mobile_no": stored})
			or frappe.db.exists("User", stored[1:] + "@mobile.invalid")
		):
			return candidate


@contextmanager
def at(local: dt.datetime) -> Iterator[None]:
	"""Freeze the clock at a wall-clock time of the site (Frappe reads UTC and converts)."""
	zone = ZoneInfo(frappe.utils.get_system_timezone())
	utc = local.replace(tzinfo=zone).astimezone(dt.timezone.utc).replace(tzinfo=None)
	with freeze_time(utc):
		assert frappe.utils.now_datetime() == local
		yield


def escalations(case) -> list[tuple[int, str]]:
	"""(step, action) of the ladder steps applied to a case, in order."""
	return [
		(r.step, r.action)
		for r in frappe.get_all(
			"Case Escalation",
			filters={"reference_doctype": case.doctype, "reference_name": case.name},
			fields=["step", "action"],
			order_by="step",
		)
	]


def scheduling_group() -> dict:
	"""Run as a background job (test_workers): how the job's process is scheduled, once its group has
	taken its nice value or after 3 s (the app's hook sets it from a thread, retrying while the kernel
	refuses)."""
	import os
	import time

	nice = os.getpriority(os.PRIO_PROCESS, 0)
	for _ in range(300):
		with open("/proc/self/autogroup") as f:
			group = f.read().strip()
		if group.endswith(f"nice {nice}"):
			break
		time.sleep(0.01)
	return {"pid": os.getpid(), "sid": os.getsid(0), "nice": nice, "group": group}


def pdf(note: str = "", padding: int = 0) -> bytes:
	"""A real PDF (one blank page), its bytes unique to `note` or to this call: Frappe 15.10x and later
	open every PDF File with pypdf when it is inserted, and refuse one it cannot read. `padding` bytes
	of metadata make it as large as a test needs."""
	import io
	import uuid

	from pypdf import PdfWriter

	writer = PdfWriter()
	writer.add_blank_page(width=595, height=842)
	writer.add_metadata({"/Subject": note or uuid.uuid4().hex, "/Keywords": "x" * padding})
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


# Bytes that say they are a PDF and are not one: what a broken scanner or a renamed web page sends.
MALFORMED_PDF = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n"


def answer_login_requests() -> int:
	"""What a worker does for the site's requests for a login code (mobile_login.answer_request: the
	request only queues them), for a test that asked through the served site with no worker running.
	Returns how many it answered."""
	from beneficiary_care.portal import mobile_login

	keys = [
		key.decode() if isinstance(key, bytes) else key
		for key in frappe.cache.get_keys(mobile_login.REQUEST_KEY)
	]
	# as a worker does: the SMS's own delivery is a job of its own, queued (not run here, as it is
	# under tests), so the code is still in the message's text for the test to type
	set_test_mode(False)
	try:
		for key in keys:
			mobile_login.answer_request(key.split(mobile_login.REQUEST_KEY, 1)[1])
		frappe.db.commit()
	finally:
		set_test_mode(True)
	return len(keys)
