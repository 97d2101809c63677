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


def _nothing_else_due():
	"""Only this test's messages are due (the rollback brings back any the site had)."""
	frappe.db.delete("Case Message", {"status": ["in", ["Queued", "Failed"]]})


def _acknowledgement(case):
	[message] = frappe.get_all(
		"Case Message",
		filters={"reference_name": case.name, "medium": "SMS", "purpose": "Acknowledgement"},
		pluck="name",
	)
	return message


# fault: (timeout in the settings, the gateway while the fault lasts, duplicates the submitter receives)
GATEWAY_FAULTS = {
	# (a) slow, but within the timeout (45 s by default, the gateway's 30 s scaled down): heard, sent once
	"hangs within the timeout": (3, {"delay": 1.5}, 0),
	# (a') slower than the timeout: each try that timed out was still sent by this gateway
	"hangs past the timeout": (1, {"delay": 3.0}, 2),
	# (b) refuses before taking the message: nothing went out
	"resets": (1, {"reset": True}, 0),
	# (c) takes the message, the answer is lost: the one duplicate no client can avoid
	"loses its answer": (1, {"lose_answer": True}, 2),
	# bad input: an answer that is not HTTP at all, after taking the message; like (c)
	"answers garbage": (1, {"garbage": True}, 2),
}


@pytest.mark.parametrize("fault", list(GATEWAY_FAULTS))
def test_a_gateway_that_hangs_resets_or_lies_holds_no_worker_past_the_timeout_and_loses_no_message(
	gateway, fault
):
	"""The delivery gives up at the timeout at the latest, the message is kept and retried with back-off
	until delivered, and the duplicates the submitter receives are counted (what the gateway passed on
	to the phone, less one). Two tries fall in each fault: the first after commit, one retry."""
	from beneficiary_care.messaging import delivery

	timeout, behaviour, duplicates = GATEWAY_FAULTS[fault]
	frappe.db.set_single_value("Beneficiary Care Settings", "sms_timeout_seconds", timeout)
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	for attribute, value in behaviour.items():
		setattr(gateway, attribute, value)
	case = helpers.case("Inquiry")  # the acknowledgement's first try runs now (in tests)
	message = frappe.get_doc("Case Message", _acknowledgement(case))
	if duplicates == 0 and "delay" in behaviour:
		assert message.status == "Sent" and message.attempts == 1  # heard in time, once
	else:
		assert message.status == "Failed" and message.attempts == 1 and message.next_attempt_on
		log = frappe.get_all("Comment", filters={"reference_name": case.name}, pluck="content")
		# on the case's timeline, in the site's language (the staff's), whoever's request sent it
		lang = frappe.db.get_single_value("System Settings", "language") or "en"
		failed = "failed (attempt 1)" if lang == "en" else "(المحاولة 1)"
		assert any(failed in text for text in log), log
		started = time.perf_counter()
		delivery.deliver([message.name])  # a second try while the fault lasts: at most the timeout
		assert time.perf_counter() - started < timeout + 1.5
	for attribute in behaviour:
		setattr(gateway, attribute, type(behaviour[attribute])())  # the gateway is well again
	delivery.retry_due(now=frappe.utils.add_to_date(frappe.utils.now_datetime(), hours=2))
	assert frappe.db.get_value("Case Message", message.name, "status") == "Sent"
	delivered = [r for r in gateway.delivered if case.name in r["msg"]]
	assert len(delivered) - 1 == duplicates


def test_a_gateway_down_for_an_hour_gets_each_message_once_when_it_is_back(gateway):
	"""(d) Every five-minute run of the hour finds the gateway refusing; back-off spaces the tries; the
	first run after it is back sends each message once: no duplicate, none lost."""
	from beneficiary_care.messaging import delivery

	_nothing_else_due()

	gateway.down()
	cases = [helpers.case("Inquiry") for _ in range(3)]
	names = [_acknowledgement(case) for case in cases]
	start = frappe.utils.now_datetime()
	for minutes in range(5, 65, 5):
		delivery.retry_due(now=frappe.utils.add_to_date(start, minutes=minutes))
	tries = frappe.get_all("Case Message", filters={"name": ["in", names]}, pluck="attempts")
	assert all(1 < n < 12 for n in tries)  # retried, and spaced: fewer tries than the 12 runs
	assert set(frappe.get_all("Case Message", filters={"name": ["in", names]}, pluck="status")) == {"Failed"}
	gateway.up()
	delivery.retry_due(now=frappe.utils.add_to_date(start, hours=3))
	assert set(frappe.get_all("Case Message", filters={"name": ["in", names]}, pluck="status")) == {"Sent"}
	for case in cases:
		assert len([r for r in gateway.delivered if case.name in r["msg"]]) == 1


def test_a_run_waits_for_a_silent_gateway_once_not_once_per_message(gateway):
	"""Five acknowledgements due while the gateway hangs: the run gives up at the first timeout and
	leaves the other four due, untried, for the next run."""
	from beneficiary_care.messaging import delivery

	_nothing_else_due()

	frappe.db.set_single_value("Beneficiary Care Settings", "sms_timeout_seconds", 1)
	frappe.clear_document_cache("Beneficiary Care Settings", "Beneficiary Care Settings")
	gateway.delay = 3.0
	names = [_acknowledgement(helpers.case("Inquiry")) for _ in range(5)]  # each first try times out
	started = time.perf_counter()
	delivery.retry_due(now=frappe.utils.add_to_date(frappe.utils.now_datetime(), hours=1))
	assert time.perf_counter() - started < 2.5  # one timeout, not five
	attempts = frappe.get_all("Case Message", filters={"name": ["in", names]}, pluck="attempts")
	assert sorted(attempts) == [1, 1, 1, 1, 2]


def _queued_a_minute_ago(queue: str) -> str:
	"""The mail as queued a minute ago: Frappe v16's flush leaves a mail alone for 10 s after it was made
	(an undo window; v15 has none), and these tests do not wait."""
	created = frappe.utils.add_to_date(frappe.utils.now_datetime(), minutes=-1)
	frappe.db.set_value("Email Queue", queue, "creation", created, update_modified=False)
	return queue


def test_a_mail_server_down_for_an_hour_loses_no_mail_and_sends_each_once_when_it_is_back(mail_server):
	"""Frappe's Email Queue tries a mail a few times, minutes apart (email_retry_limit, 3), then marks it
	Error and never tries again by itself. The retry job puts the app's mails back in that queue with
	back-off, the same row (no second Communication): when the server is back, the acknowledgement
	goes once."""
	from frappe.email.queue import flush

	from beneficiary_care.messaging import delivery

	_nothing_else_due()
	frappe.db.delete("Email Queue", {"status": ["in", ["Not Sent", "Partially Sent", "Error"]]})
	mail_server.down()
	case = helpers.case("Inquiry", mobile=None, email="mail-fault@example.com")
	[message] = frappe.get_all(
		"Case Message",
		filters={"reference_name": case.name, "medium": "Email"},
		fields=["name", "status", "communication"],
	)
	assert message.status == "Sent" and message.communication  # handed to Frappe's email queue
	queue = _queued_a_minute_ago(frappe.db.get_value("Email Queue", {"communication": message.communication}))
	for _try in range(4):  # Frappe's own tries while the server is down
		flush()
	assert frappe.db.get_value("Email Queue", queue, "status") == "Error"
	start = frappe.utils.now_datetime()
	assert delivery.requeue_abandoned_mail(start) == 1
	queued = frappe.db.get_value("Email Queue", queue, ["status", "retry", "send_after"], as_dict=True)
	assert queued.status == "Not Sent" and queued.retry == 0
	assert queued.send_after == frappe.utils.add_to_date(start, minutes=5)  # the back-off
	flush()  # before its time: not tried
	assert frappe.db.get_value("Email Queue", queue, "status") == "Not Sent"
	for _round in range(3):  # still down at the next tries; Frappe gives up again, the job requeues
		frappe.db.set_value("Email Queue", queue, "send_after", None)
		for _try in range(4):
			flush()
		delivery.requeue_abandoned_mail(frappe.utils.now_datetime())
	mail_server.up()
	frappe.db.set_value("Email Queue", queue, "send_after", None)
	flush()
	assert frappe.db.get_value("Email Queue", queue, "status") == "Sent"
	assert [m["to"] for m in mail_server.mails] == [["mail-fault@example.com"]]  # once, no duplicate
	assert frappe.db.count("Communication", {"reference_name": case.name, "sent_or_received": "Sent"}) == 1
	assert frappe.db.get_value("Case Message", message.name, "attempts") == 5


def test_a_mail_the_server_never_takes_is_given_up_for_staff_to_see(mail_server):
	from frappe.email.queue import flush

	from beneficiary_care.core.sms import MAX_ATTEMPTS
	from beneficiary_care.messaging import delivery

	_nothing_else_due()
	frappe.db.delete("Email Queue", {"status": ["in", ["Not Sent", "Partially Sent", "Error"]]})
	mail_server.down()
	case = helpers.case("Inquiry", mobile=None, email="mail-never@example.com")
	name = frappe.db.get_value("Case Message", {"reference_name": case.name, "medium": "Email"})
	queue = _queued_a_minute_ago(
		frappe.db.get_value(
			"Email Queue", {"communication": frappe.db.get_value("Case Message", name, "communication")}
		)
	)
	for _round in range(MAX_ATTEMPTS):
		frappe.db.set_value("Email Queue", queue, "send_after", None)
		for _try in range(4):
			flush()
		delivery.requeue_abandoned_mail(frappe.utils.now_datetime())
	stored = frappe.db.get_value("Case Message", name, ["status", "attempts"], as_dict=True)
	assert stored.status == "Given Up" and stored.attempts == MAX_ATTEMPTS
	assert frappe.db.get_value("Email Queue", queue, "status") == "Error"
	assert not mail_server.mails
