"""Special periods on a real site, with frozen time: Ramadan 1448 as *Propose Ramadan Hours* proposes it
(10:00–15:00 on the seed calendar's Sunday–Thursday; the seed calendar works 08:00–16:00, Asia/Riyadh),
a deadline counted in Ramadan hours, the sweep following them, a period added after a deadline was set
moving it only when staff recalculate, and overlapping periods refused naming both rows."""

from tests.integration import require_site

require_site()

import datetime as dt

import frappe
import pytest

from beneficiary_care.beneficiary_care.doctype.working_calendar.working_calendar import (
	proposed_ramadan,
	recalculation_preview,
)
from beneficiary_care.service_levels import configuration, escalation, recalculation
from beneficiary_care.setup import starting_data
from tests.integration import helpers
from tests.integration.helpers import at, escalations

T = dt.datetime
SUNDAY_TO_THURSDAY = "Sunday,Monday,Tuesday,Wednesday,Thursday"


def add_to_calendar(proposal: dict) -> frappe.model.document.Document:
	"""What staff do after Propose Ramadan Hours: the period row and its window rows, saved."""
	calendar = frappe.get_doc("Working Calendar", starting_data.CALENDAR_NAME)
	calendar.append(
		"periods",
		{"label": proposal["label"], "from_date": proposal["from_date"], "to_date": proposal["to_date"]},
	)
	for window in proposal["windows"]:
		calendar.append("windows", window)
	calendar.save()
	return calendar


def last_working_afternoon_before(day: dt.date) -> T:
	"""14:00 on the last day before `day` that has regular working hours on the seed calendar."""
	week = configuration.calendar(starting_data.CALENDAR_NAME).calendar
	day -= dt.timedelta(days=1)
	while not week.day_total(day):
		day -= dt.timedelta(days=1)
	return T.combine(day, dt.time(14, 0))


@pytest.fixture
def proposal() -> dict:
	proposal = proposed_ramadan(1448, SUNDAY_TO_THURSDAY)
	assert proposal["label"] == "رمضان 1448"
	assert proposal["from_date"] == dt.date(2027, 2, 8)  # a Monday
	return proposal


@pytest.fixture
def ramadan(proposal) -> dict:
	"""Ramadan 1448 confirmed on the seed calendar in January, before the cases arrive."""
	with at(T(2027, 1, 20, 9, 0)):
		calendar = add_to_calendar(proposal)
	assert frappe.utils.get_datetime(calendar.periods[-1].added_on) == T(2027, 1, 20, 9, 0)
	return proposal


def test_an_inquiry_received_before_ramadan_is_counted_in_ramadan_hours(ramadan):
	received = last_working_afternoon_before(ramadan["from_date"])
	assert received == T(2027, 2, 7, 14, 0)  # Sunday
	with at(received):
		case = helpers.case("Inquiry")
	assert case.sla_policy == "الاستفسارات - افتراضي"  # 24 working hours
	# 2 h on Sunday; Ramadan's 5 h a day Monday–Thursday (20 h); 2 h on Sunday 14 February
	assert case.resolution_due == T(2027, 2, 14, 12, 0)
	assert case.response_due == T(2027, 2, 14, 12, 0)
	assert case.calendar_as_of == received
	case.onload()  # the form's headline says the deadline falls within Ramadan hours
	assert case.get_onload("periods") == {"response_due": "رمضان 1448", "resolution_due": "رمضان 1448"}


def test_the_sweep_follows_ramadan_hours(ramadan):
	with at(last_working_afternoon_before(ramadan["from_date"])):
		case = helpers.case("Inquiry")
	# on regular hours half the time (12 h) would be used at Tuesday 10:00, when Ramadan's working day
	# only starts: 2 h on Sunday and 5 h on Monday are used
	escalation.sweep(now=T(2027, 2, 9, 10, 0))
	assert escalations(case) == []
	assert frappe.db.get_value("Inquiry", case.name, "sla_status") == "On Track"
	assert frappe.db.get_value("Inquiry", case.name, "next_sla_event_on") == T(2027, 2, 9, 15, 0)
	escalation.sweep(now=T(2027, 2, 9, 14, 59))
	assert escalations(case) == []
	escalation.sweep(now=T(2027, 2, 9, 15, 0))  # 12 h used in Ramadan hours
	assert escalations(case) == [(1, "Notify Assignee")]
	# Sunday 14 February before Ramadan's working day starts: 22 h used, not yet breached
	escalation.sweep(now=T(2027, 2, 14, 9, 59))
	assert frappe.db.get_value("Inquiry", case.name, "sla_status") == "At Risk"
	assert [s for s, _ in escalations(case)] == [1, 2]
	escalation.sweep(now=T(2027, 2, 14, 12, 0))
	assert frappe.db.get_value("Inquiry", case.name, "sla_status") == "Breached"
	assert [s for s, _ in escalations(case)] == [1, 2, 3]


def test_a_period_added_later_moves_a_deadline_only_when_staff_recalculate(proposal):
	received = last_working_afternoon_before(proposal["from_date"])
	with at(received):
		case = helpers.case("Inquiry")
	before = T(2027, 2, 10, 14, 0)  # regular hours: 2 h Sunday, 8 h Monday and Tuesday, 6 h Wednesday
	assert case.resolution_due == before
	with at(received + dt.timedelta(hours=1)):
		add_to_calendar(proposal)
	with at(T(2027, 2, 8, 9, 0)):  # an edit of the case keeps its deadline
		case.reload()
		case.description += " (اتصل مرة أخرى)"
		case.save()
	assert case.resolution_due == before and case.calendar_as_of == received
	# so does the sweep: half the time used on regular hours at Tuesday 10:00, and the ladder says so
	escalation.sweep(now=T(2027, 2, 9, 10, 0))
	assert escalations(case) == [(1, "Notify Assignee")]
	assert frappe.db.get_value("Inquiry", case.name, "resolution_due") == before

	with at(T(2027, 2, 9, 10, 30)):
		preview = recalculation_preview(starting_data.CALENDAR_NAME)
	assert preview["changing"] >= 1 and preview["open"] >= preview["changing"]
	with at(T(2027, 2, 9, 10, 30)):  # the job the button enqueues, called directly
		moved = recalculation.recalculate(starting_data.CALENDAR_NAME, as_of="2027-02-09 10:30:00")
	assert moved >= 1
	case.reload()
	# Ramadan hours from Monday 8 February: 2 h Sunday, 5 h a day Monday–Thursday, 2 h on Sunday 14th
	assert case.resolution_due == T(2027, 2, 14, 12, 0)
	assert case.calendar_as_of == T(2027, 2, 9, 10, 30)
	assert case.sla_status == "On Track"  # 7.5 h of 24 used in Ramadan hours
	notes = frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Inquiry", "reference_name": case.name, "comment_type": "Info"},
		pluck="content",
	)
	(note,) = [n for n in notes if "recalculated" in n]
	assert frappe.utils.format_datetime(before) in note
	assert frappe.utils.format_datetime(T(2027, 2, 14, 12, 0)) in note
	with at(T(2027, 2, 9, 10, 31)):  # counted again: nothing left to move
		assert recalculation_preview(starting_data.CALENDAR_NAME)["changing"] == 0


def with_microseconds(calendar, instant: T) -> None:
	"""The period row as rows written before whole-second stamps keep it: 17:26:00.903."""
	frappe.db.set_value("Working Calendar Period", calendar.periods[-1].name, "added_on", instant)
	frappe.clear_document_cache("Working Calendar", calendar.name)
	configuration.forget_configuration()


def test_a_case_registered_in_the_same_second_as_a_period_counts_it(proposal):
	received = last_working_afternoon_before(proposal["from_date"])  # Sunday 14:00
	instant = received.replace(microsecond=903_000)
	with at(instant):
		calendar = add_to_calendar(proposal)
	assert frappe.utils.get_datetime(calendar.periods[-1].added_on) == received  # stamped in whole seconds
	with_microseconds(calendar, instant)
	with at(instant):
		case = helpers.case("Inquiry")
	assert case.calendar_as_of == received
	assert case.resolution_due == T(2027, 2, 14, 12, 0)  # in Ramadan hours, not regular (10 February)


def test_a_recalculation_in_the_same_second_as_a_period_moves_the_case(proposal):
	with at(last_working_afternoon_before(proposal["from_date"])):
		case = helpers.case("Inquiry")
	assert case.resolution_due == T(2027, 2, 10, 14, 0)  # regular hours
	instant = T(2027, 2, 9, 10, 30, 0, 903_000)
	with at(instant):
		calendar = add_to_calendar(proposal)
	with_microseconds(calendar, instant)
	with at(instant):
		moved = recalculation.recalculate(starting_data.CALENDAR_NAME, as_of="2027-02-09 10:30:00")
	assert moved >= 1
	case.reload()
	assert case.resolution_due == T(2027, 2, 14, 12, 0)


def test_overlapping_periods_are_refused_naming_both_rows():
	calendar = frappe.get_doc("Working Calendar", starting_data.CALENDAR_NAME)
	calendar.append("periods", {"label": "رمضان 1448", "from_date": "2027-02-08", "to_date": "2027-03-08"})
	calendar.append("periods", {"label": "صيف 2027", "from_date": "2027-03-01", "to_date": "2027-08-31"})
	with pytest.raises(frappe.ValidationError) as err:
		calendar.save()
	frappe.clear_messages()
	message = str(err.value)
	assert message.startswith("Special Periods: row 2: صيف 2027")
	assert "overlaps row 1 (رمضان 1448)" in message


def test_a_window_naming_an_unknown_period_and_an_uncovered_hijri_year_are_refused():
	calendar = frappe.get_doc("Working Calendar", starting_data.CALENDAR_NAME)
	calendar.append(
		"windows", {"weekday": "Sunday", "start_time": "10:00", "end_time": "15:00", "period": "صيف"}
	)
	with pytest.raises(frappe.ValidationError) as err:
		calendar.save()
	frappe.clear_messages()
	assert str(err.value) == f"Working Hours: row {len(calendar.windows)}: no special period is labelled صيف"
	with pytest.raises(frappe.ValidationError) as err:
		proposed_ramadan(1501)
	frappe.clear_messages()
	assert "1343 to 1500, not 1501" in str(err.value)
