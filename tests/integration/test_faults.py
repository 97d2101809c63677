"""Edits that collide (issue 13): two officers saving the same case, and a form saved after the sweep
escalated the case behind it."""

from tests.integration import require_site

require_site()

import datetime as dt
import time

import frappe
import pytest

from beneficiary_care.service_levels import escalation
from tests.integration import helpers
from tests.integration.helpers import at, escalations

T = dt.datetime


def test_the_second_of_two_officers_saving_the_same_case_is_told_and_loses_nothing():
	case = helpers.case("Inquiry")
	first, second = frappe.get_doc("Inquiry", case.name), frappe.get_doc("Inquiry", case.name)
	first.subject = "تعديل الموظف الأول"
	first.save()
	second.subject = "تعديل الموظف الثاني"
	with pytest.raises(frappe.TimestampMismatchError):
		second.save()
	assert frappe.db.get_value("Inquiry", case.name, "subject") == "تعديل الموظف الأول"


def test_a_form_saved_after_the_sweep_escalated_the_case_keeps_the_escalation():
	member = helpers.staff_user("fault-member@care.example.com", "Department Staff")
	frappe.get_doc(
		{"doctype": "Care Department", "department_name": "قسم التصادم", "members": [{"user": member}]}
	).insert()
	with at(T(2026, 3, 1, 8, 0)):  # Sunday, the seed calendar
		case = helpers.case("Complaint", department="قسم التصادم")
	form = frappe.get_doc("Complaint", case.name)  # an officer opens the case
	escalation.sweep(now=T(2026, 3, 3, 12, 0))  # 50 %: the sweep escalates it behind the open form
	assert frappe.db.get_value("Complaint", case.name, "escalation_level") == 1
	with at(T(2026, 3, 3, 12, 5)):
		form.priority = "High"  # the officer saves what they opened
		form.save()
	stored = frappe.db.get_value(
		"Complaint", case.name, ["escalation_level", "next_sla_event_on", "priority"], as_dict=True
	)
	assert stored.escalation_level == 1 and stored.priority == "High"
	assert stored.next_sla_event_on > T(2026, 3, 3, 12, 0)  # the next step, not the one just applied
	escalation.sweep(now=T(2026, 3, 3, 12, 10))
	assert escalations(case) == [(1, "Notify Assignee")]  # still once


def _acknowledgement(case):
	[message] = frappe.get_all(
		"Case Message",
		filters={"reference_name": case.name, "medium": "SMS", "purpose": "Acknowledgement"},
		pluck="name",
	)
	return message


@pytest.mark.parametrize("fault", ["hangs", "resets"])
def test_a_gateway_that_hangs_or_resets_holds_no_worker_past_the_timeout_and_loses_no_message(gateway, fault):
	"""(a) the gateway takes longer than the timeout to answer, (b) it resets the connection: the
	delivery gives up at the timeout, the message is kept and retried with back-off until delivered.
	Duplicates the submitter receives: (a) every try that timed out, since this gateway still sends it
	after the timeout: 2 here (none would need a gateway honouring an idempotency key, which Frappe's
	SMS Settings cannot send); (b) none: the tries it reset were never sent."""
	from beneficiary_care import messaging

	frappe.db.set_single_value("Beneficiary Care Settings", "sms_timeout_seconds", 1)
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	gateway.delay, gateway.reset = (3.0, False) if fault == "hangs" else (0.0, True)
	case = helpers.case("Inquiry")  # the acknowledgement's first try runs now (in tests) and fails
	message = frappe.get_doc("Case Message", _acknowledgement(case))
	assert message.status == "Failed" and message.attempts == 1 and message.next_attempt_on
	started = time.perf_counter()
	messaging.deliver([message.name])  # a second try while the fault lasts: still at most the timeout
	assert time.perf_counter() - started < 2.5
	gateway.delay, gateway.reset = 0.0, False  # the gateway is well again
	messaging.retry_due(now=frappe.utils.add_to_date(frappe.utils.now_datetime(), hours=2))
	assert frappe.db.get_value("Case Message", message.name, "status") == "Sent"
	received = [r for r in gateway.received if case.name in r["msg"]]
	assert len(received) == 3  # two tries in the fault, one after it: each reached the gateway
