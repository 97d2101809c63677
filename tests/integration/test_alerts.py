"""One alert per event (issue 12): an assignment gives the assignee Frappe's own Assignment alert, once,
in the assignee's language, and at most one email; an escalation that assigns the department head
gives the head one alert, not two."""

from tests.integration import require_site

require_site()

import datetime as dt

import frappe

from beneficiary_care.service_levels import escalation
from tests.integration import helpers
from tests.integration.helpers import at

T = dt.datetime


def alerts_for(user: str, case) -> list[frappe._dict]:
	return frappe.get_all(
		"Notification Log",
		filters={"for_user": user, "document_name": case.name},
		fields=["type", "subject", "email_content"],
	)


def emails_to(user: str, since: dt.datetime) -> int:
	queue, recipient = frappe.qb.DocType("Email Queue"), frappe.qb.DocType("Email Queue Recipient")
	return (
		frappe.qb.from_(queue)
		.join(recipient)
		.on(recipient.parent == queue.name)
		.select(queue.name)
		.where((recipient.recipient == user) & (queue.creation >= since))
		.run()
	).__len__()


def department_with(member: str, head: str | None = None) -> str:
	name = f"قسم التنبيهات {frappe.generate_hash(length=5)}"
	frappe.get_doc(
		{"doctype": "Care Department", "department_name": name, "head": head, "members": [{"user": member}]}
	).insert()
	return name


def test_one_assignment_gives_one_alert_in_the_assignees_language_and_at_most_one_email():
	member = helpers.staff_user("alert-member@care.example.com", "Department Staff")
	frappe.db.set_value("User", member, "language", "ar")
	department = department_with(member)
	since = frappe.utils.now_datetime() - dt.timedelta(seconds=1)
	case = helpers.case("Complaint", department=department, subject="انقطاع صرف المساعدة")
	assert frappe.db.exists("ToDo", {"reference_name": case.name, "allocated_to": member, "status": "Open"})
	[alert] = alerts_for(member, case)
	assert alert.type == "Assignment"
	assert "شكوى" in alert.subject and "انقطاع صرف المساعدة" in alert.subject  # kind and subject, in Arabic
	assert case.name in (alert.email_content or "")  # the reference
	assert emails_to(member, since) <= 1
	assert not frappe.db.exists("Notification", "Care Case Assigned")


def test_assigning_the_department_head_on_escalation_is_one_alert_for_the_head():
	member = helpers.staff_user("alert-member2@care.example.com", "Department Staff")
	head = helpers.staff_user("alert-head@care.example.com", "Department Head")
	department = department_with(member, head)
	with at(T(2026, 3, 1, 8, 0)):  # Sunday, on the seed calendar
		case = helpers.case("Complaint", department=department)
	escalation.sweep(now=T(2026, 3, 4, 14, 0))  # 75 % of 40 working hours: the head gets the case
	assert frappe.db.exists("ToDo", {"reference_name": case.name, "allocated_to": head, "status": "Open"})
	[alert] = alerts_for(head, case)
	assert alert.type == "Assignment" and case.name in (alert.email_content or "")
	# the assignee was told at 50 % (Notify Assignee) and at the assignment: one alert each event
	kinds = sorted(a.type for a in alerts_for(member, case))
	assert kinds == ["Alert", "Assignment"]


def test_a_worker_that_dies_after_the_commit_loses_no_acknowledgement_and_no_alert(gateway, monkeypatch):
	"""The after-commit jobs never run (the worker was killed): the acknowledgement waits as a Case
	Message that the next retry run sends, and the escalation alert is already in the bell."""
	member = helpers.staff_user("alert-member3@care.example.com", "Department Staff")
	department = department_with(member)
	lost = []
	monkeypatch.setattr(frappe, "enqueue", lambda method, **kwargs: lost.append(method))
	with at(T(2026, 3, 1, 8, 0)):
		case = helpers.case("Complaint", department=department)
	assert "beneficiary_care.messaging.delivery.deliver" in lost
	[message] = frappe.get_all(
		"Case Message", filters={"reference_name": case.name, "medium": "SMS"}, fields=["name", "status"]
	)
	assert message.status == "Queued"
	escalation.sweep(now=T(2026, 3, 3, 12, 0))  # 50 %: Notify Assignee
	assert "beneficiary_care.service_levels.escalation.announce_alerts" in lost
	assert [a.type for a in alerts_for(member, case) if a.type == "Alert"] == ["Alert"]  # written, durable
	monkeypatch.undo()
	from beneficiary_care.messaging import delivery

	delivery.retry_due(now=T(2026, 3, 3, 12, 5))  # the next run of the 5-minute job
	assert frappe.db.get_value("Case Message", message.name, "status") == "Sent"
	assert [r for r in gateway.received if case.name in r["msg"]]
