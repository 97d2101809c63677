"""Edits that collide (issue 13): two officers saving the same case, and a form saved after the sweep
escalated the case behind it."""

from tests.integration import require_site

require_site()

import datetime as dt

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
