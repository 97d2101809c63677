"""Deadlines in working time, waiting on the beneficiary, SLA status and the escalation ladder, on a
real site with frozen time. The seed calendar: Sunday–Thursday 08:00–16:00, Asia/Riyadh."""

from tests.integration import require_site

require_site()

import datetime as dt

import frappe
import pytest
from frappe.core.doctype.communication.email import make

from beneficiary_care.service_levels import escalation
from beneficiary_care.setup import starting_data
from tests.integration import helpers
from tests.integration.helpers import at, escalations

T = dt.datetime
H = 3600


@pytest.fixture
def eid():
	"""Eid al-Fitr 1447 (Fri 20 – Mon 23 March 2026) on the seed calendar."""
	calendar = frappe.get_doc("Working Calendar", starting_data.CALENDAR_NAME)
	calendar.append(
		"holidays", {"holiday_date": "2026-03-20", "to_date": "2026-03-23", "description": "عيد الفطر"}
	)
	calendar.save()
	return calendar


def step(case, status, **values):
	case.reload()
	case.update({"status": status, **values})
	case.save()
	return case


def test_thursday_afternoon_before_eid_gets_the_right_deadlines(eid):
	with at(T(2026, 3, 19, 14, 30)):  # Thursday
		case = helpers.case("Complaint")
	assert case.sla_policy == "الشكاوى - افتراضي"
	# 8 working hours: 1.5 h on Thursday; Fri–Sat weekend; Sun–Mon Eid; 6.5 h on Tuesday
	assert case.response_due == T(2026, 3, 24, 14, 30)
	# 40 working hours: five working days later
	assert case.resolution_due == T(2026, 3, 30, 14, 30)
	assert case.sla_status == "On Track"
	assert case.next_sla_event_on == T(2026, 3, 24, 14, 30)  # the response deadline comes first


def test_waiting_on_the_beneficiary_shifts_the_deadline_by_exactly_the_paused_working_time(eid):
	with at(T(2026, 3, 19, 14, 30)):
		case = helpers.case("Complaint")
	before = case.resolution_due  # Monday 30 March 14:30
	with at(T(2026, 3, 24, 10, 0)):  # Tuesday
		step(case, "Accepted")
		step(case, "Awaiting Beneficiary")
	assert case.paused_since == T(2026, 3, 24, 10, 0) and case.resolution_due == before
	with at(T(2026, 3, 25, 12, 0)):  # Wednesday noon: 6 h on Tuesday + 4 h on Wednesday waited
		step(case, "In Progress")
	assert case.paused_since is None and case.paused_seconds == 10 * H
	# 10 working hours after Monday 14:30: 1.5 h Monday, 8 h Tuesday, 0.5 h on Wednesday 1 April
	assert case.resolution_due == T(2026, 4, 1, 8, 30)
	assert case.response_due == T(2026, 3, 24, 14, 30)  # the response clock never stops


def test_inquiry_answered_within_24_working_hours_and_reopened_gets_a_new_deadline():
	with at(T(2026, 3, 1, 8, 0)):  # Sunday
		case = helpers.case("Inquiry")
	assert case.resolution_due == T(2026, 3, 3, 16, 0)  # Sun, Mon, Tue
	with at(T(2026, 3, 2, 9, 0)):
		step(case, "Answered", resolution="<p>الجواب</p>")
	assert case.sla_status == "Met" and case.next_sla_event_on is None
	with at(T(2026, 3, 4, 10, 0)):  # Wednesday
		step(case, "Closed")
		step(case, "Reopened")
	assert case.sla_status == "On Track"
	assert case.resolution_due == T(2026, 3, 9, 10, 0)  # 6 h Wed, 8 h Thu, 8 h Sun, 2 h Mon


@pytest.fixture
def ladder_case():
	member = helpers.staff_user("sla-member@care.example.com", "Department Staff")
	head = helpers.staff_user("sla-head@care.example.com", "Department Head")
	committee = helpers.staff_user("sla-committee@care.example.com", "Complaints Committee")
	manager = helpers.staff_user("sla-manager@care.example.com", "Care Manager")
	frappe.get_doc(
		{
			"doctype": "Care Department",
			"department_name": "قسم السلم",
			"head": head,
			"members": [{"user": member}],
		}
	).insert()
	with at(T(2026, 3, 1, 8, 0)):  # Sunday
		case = helpers.case("Complaint", department="قسم السلم")
	with at(T(2026, 3, 1, 9, 0)):  # a staff reply by email is the first response
		make(
			doctype="Complaint",
			name=case.name,
			subject="رد",
			content="نعمل على طلبك",
			recipients="someone@example.sa",
			send_email=True,
		)
	case.reload()
	assert case.first_responded_on == T(2026, 3, 1, 9, 0)
	return frappe._dict(case=case, member=member, head=head, committee=committee, manager=manager)


def test_at_risk_and_breached_at_the_right_moments_and_each_step_once(ladder_case):
	case = ladder_case.case
	escalation.sweep(now=T(2026, 3, 3, 11, 59))  # 19 h 59 min used
	assert frappe.db.get_value("Complaint", case.name, "sla_status") == "On Track"
	assert escalations(case) == []
	assert frappe.db.get_value("Complaint", case.name, "next_sla_event_on") == T(2026, 3, 3, 12, 0)

	for _ in range(3):  # 50 %: the assignee is told, once however often the job runs
		escalation.sweep(now=T(2026, 3, 3, 12, 0))
	assert escalations(case) == [(1, "Notify Assignee")]
	assert frappe.db.exists("Notification Log", {"for_user": ladder_case.member, "document_name": case.name})

	escalation.sweep(now=T(2026, 3, 4, 13, 59))
	assert frappe.db.get_value("Complaint", case.name, "sla_status") == "On Track"
	for _ in range(3):  # 75 %: at risk, and the department head gets the case
		escalation.sweep(now=T(2026, 3, 4, 14, 0))
	assert frappe.db.get_value("Complaint", case.name, "sla_status") == "At Risk"
	assert escalations(case)[-1] == (2, "Assign Department Head")
	assert frappe.db.exists(
		"ToDo", {"reference_name": case.name, "allocated_to": ladder_case.head, "status": "Open"}
	)

	escalation.sweep(now=T(2026, 3, 5, 15, 59))
	assert frappe.db.get_value("Complaint", case.name, "sla_status") == "At Risk"
	for _ in range(3):  # 100 %: breached, the committee is told
		escalation.sweep(now=T(2026, 3, 5, 16, 0))
	assert frappe.db.get_value("Complaint", case.name, "sla_status") == "Breached"
	assert escalations(case)[-1] == (3, "Escalate to Complaints Committee")

	for _ in range(3):  # 16 working hours after the breach: management
		escalation.sweep(now=T(2026, 3, 9, 16, 0))
	assert escalations(case) == [
		(1, "Notify Assignee"),
		(2, "Assign Department Head"),
		(3, "Escalate to Complaints Committee"),
		(4, "Escalate to Management"),
	]
	assert frappe.db.get_value("Complaint", case.name, "escalation_level") == 4
	assert frappe.db.exists("Notification Log", {"for_user": ladder_case.manager, "document_name": case.name})
	frappe.set_user(ladder_case.committee)  # the committee reads the escalation log
	assert len(frappe.get_list("Case Escalation", filters={"reference_name": case.name})) == 4


def test_a_late_sweep_applies_every_due_step_once_and_resolving_stops_the_ladder(ladder_case):
	case = ladder_case.case
	escalation.sweep(now=T(2026, 3, 5, 16, 0))  # the job did not run for days
	assert [s for s, _ in escalations(case)] == [1, 2, 3]
	with at(T(2026, 3, 8, 9, 0)):
		step(case, "Resolved", resolution="<p>تم الحل</p>")
	assert case.sla_status == "Missed" and case.next_sla_event_on is None
	escalation.sweep(now=T(2026, 3, 20, 9, 0))
	assert [s for s, _ in escalations(case)] == [1, 2, 3]


def test_one_failing_case_is_logged_and_the_rest_go_on(ladder_case, monkeypatch):
	other = None
	with at(T(2026, 3, 1, 8, 0)):
		other = helpers.case("Complaint", department="قسم السلم")
	real = escalation._apply_steps

	def fail_for_first(doctype, steps, now):  # the batch fails, then that case alone
		if any(case.name == ladder_case.case.name for case, *_ in steps):
			raise RuntimeError("boom")
		return real(doctype, steps, now)

	monkeypatch.setattr(escalation, "_apply_steps", fail_for_first)
	counts = escalation.sweep(now=T(2026, 3, 3, 12, 0))
	assert counts["failed"] >= 1
	assert escalations(ladder_case.case) == []
	assert escalations(other) == [(1, "Notify Assignee")]
	assert frappe.db.exists("Error Log", {"method": ["like", f"%{ladder_case.case.name}%"]})


def test_a_burst_applies_each_step_once_even_when_another_sweep_got_there_first(ladder_case, monkeypatch):
	with at(T(2026, 3, 1, 8, 0)):
		others = [helpers.case("Complaint", department="قسم السلم") for _ in range(3)]
	raced = others[1]
	real_applied_for = escalation.applied_for

	def applied_then_raced(doctype, names):
		applied = real_applied_for(doctype, names)
		if raced.name in names:  # a concurrent sweep applies raced's step after this one read the steps
			frappe.get_doc(
				{
					"doctype": "Case Escalation",
					"reference_doctype": "Complaint",
					"reference_name": raced.name,
					"round": 0,
					"step": 1,
					"action": "Notify Assignee",
					"level": 1,
					"escalated_on": T(2026, 3, 3, 12, 0),
				}
			).insert(ignore_permissions=True)
		return applied

	monkeypatch.setattr(escalation, "applied_for", applied_then_raced)
	counts = escalation.sweep(now=T(2026, 3, 3, 12, 0))  # 50 %: every case's first step is due
	assert counts["failed"] == 1  # the raced case: its step exists already, refused by the unique key
	for case in [ladder_case.case, *others]:
		assert escalations(case) == [(1, "Notify Assignee")], case.name  # each step exactly once
	assert frappe.db.exists("Error Log", {"method": ["like", f"%{raced.name}%"]})
