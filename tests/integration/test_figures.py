"""The daily figures (reporting/figures_*) on a real site: every report gives the same figures from them as
from counting the cases, and stays exact when cases change, move, or go after the last refresh."""

from tests.integration import require_site

require_site()

import datetime as dt
import json

import frappe
import pytest

from beneficiary_care.beneficiary_care.report.beneficiary_care_kpis import beneficiary_care_kpis
from beneficiary_care.beneficiary_care.report.cases_by_need_and_channel import cases_by_need_and_channel
from beneficiary_care.beneficiary_care.report.department_responsiveness import department_responsiveness
from beneficiary_care.beneficiary_care.report.periodic_summary import periodic_summary
from beneficiary_care.beneficiary_care.report.root_cause_analysis import root_cause_analysis
from beneficiary_care.core.medians import median_of
from beneficiary_care.core.periods import date_range
from beneficiary_care.framework.permissions import figures_access
from beneficiary_care.reporting import counting, figures_rollup
from beneficiary_care.reporting.dashboard import csat_this_quarter
from beneficiary_care.reporting.figures_sql import ROLLUP
from tests.integration import helpers

t = dt.datetime
DEPARTMENT = "قسم الأرقام اليومية"
DAYS = [dt.date(2017, 3, d) for d in (5, 6, 7, 9)]
MARCH = {"period": "Range", "from_date": "2017-03-01", "to_date": "2017-03-31"}
REPORTS = (
	beneficiary_care_kpis,
	cases_by_need_and_channel,
	root_cause_analysis,
	department_responsiveness,
	periodic_summary,
)
LONG_AGO = t(2017, 4, 1)


def made(doctype, day, **values):
	"""A case received on `day` with the given outcome (set as the SLA engine and routing would)."""
	case = helpers.case(doctype, received_on=t(day.year, day.month, day.day, 9), department=DEPARTMENT)
	if values:
		frappe.db.set_value(doctype, case.name, values, update_modified=False)
	return case


@pytest.fixture
def cases():
	"""A month of varied cases in one department, then the figures brought up to date as if the
	cases had been written long ago (nothing changed since the last refresh)."""
	frappe.get_doc({"doctype": "Care Department", "department_name": DEPARTMENT}).insert()
	due = {"response_due": t(2017, 3, 8, 16), "resolution_due": t(2017, 3, 12, 16)}
	made("Complaint", DAYS[0], acceptance="Accepted", first_contact_resolution=1, **due)
	made(
		"Complaint",
		DAYS[0],
		acceptance="Accepted",
		first_responded_on=t(2017, 3, 5, 11),
		resolved_on=t(2017, 3, 10, 9),
		response_working_seconds=7200,
		resolution_working_seconds=5 * 3600,
		is_justified="Justified",
		**due,
	)
	made(
		"Complaint",
		DAYS[1],
		acceptance="Rejected",
		first_responded_on=t(2017, 3, 9, 11),
		resolved_on=t(2017, 3, 9, 11),
		response_working_seconds=30 * 3600,
		resolution_working_seconds=30 * 3600,
		escalation_level=3,
		status="Rejected",
		**due,
	)
	made("Complaint", DAYS[2], status="Cancelled", cancellation_reason="مكررة")
	made("Complaint", DAYS[2], escalation_level=1, reassignment_count=2, **due)
	for seconds, day in ((30, DAYS[1]), (100, DAYS[2]), (3000, DAYS[2]), (5000, DAYS[3]), (90000, DAYS[3])):
		inquiry = made(
			"Inquiry",
			day,
			first_responded_on=t(2017, 3, 10, 9),
			resolved_on=t(2017, 3, 10, 9),
			response_working_seconds=seconds,
			resolution_working_seconds=seconds,
			**due,
		)
	frappe.get_doc(
		{
			"doctype": "Satisfaction Survey",
			"reference_doctype": "Inquiry",
			"reference_name": inquiry.name,
			"survey_method": "Phone",
			"overall_rating": 0.4,
			"answer_met_need": "No",
		}
	).insert()
	age()
	figures_rollup.refresh(full=True, commit=False)


def age() -> None:
	"""Make every case and survey of the department look written long ago."""
	for doctype in ("Complaint", "Inquiry"):
		table = frappe.qb.DocType(doctype)
		frappe.qb.update(table).set(table.figures_changed_on, LONG_AGO).where(
			table.department == DEPARTMENT
		).run()
	survey = frappe.qb.DocType("Satisfaction Survey")
	frappe.qb.update(survey).set(survey.modified, LONG_AGO).where(survey.submitted_on >= t(2000, 1, 1)).where(
		survey.modified > LONG_AGO
	).run()


def both_ways(report, filters) -> tuple[str, str]:
	"""The report from the daily figures, and counted from the cases alone."""
	fast = report.execute(dict(filters))
	frappe.flags.bc_count_live = True
	try:
		live = report.execute(dict(filters))
	finally:
		frappe.flags.bc_count_live = False
	return json.dumps(fast, default=str, sort_keys=True, ensure_ascii=False), json.dumps(
		live, default=str, sort_keys=True, ensure_ascii=False
	)


def from_rows_only(doctype: str) -> bool:
	"""Nothing of the department's days is counted live: the rows alone answer."""
	state = figures_rollup.last_refresh()
	return state is not None and not set(
		figures_rollup.changed_days(doctype, state - figures_rollup.MARGIN)
	) & set(DAYS)


@pytest.mark.parametrize("filters", [MARCH, {**MARCH, "department": DEPARTMENT}])
def test_every_report_gives_the_same_figures_both_ways(cases, filters):
	assert from_rows_only("Complaint") and from_rows_only("Inquiry")
	assert frappe.db.count(ROLLUP, {"department": DEPARTMENT}) > 0
	for report in REPORTS:
		fast, live = both_ways(report, filters)
		assert fast == live, report.__name__


def test_the_figures_hold_the_known_counts(cases):
	period = date_range(dt.date(2017, 3, 1), dt.date(2017, 3, 31))
	filters = {"department": DEPARTMENT}
	complaint = counting.totals_of("Complaint", period, filters)
	assert complaint["cases"] == 4  # the cancelled one is apart
	assert (complaint["accepted"], complaint["decided"]) == (2, 3)
	assert (complaint["resolved"], complaint["answered"]) == (1, 2)  # a rejection answers, not resolves
	assert (complaint["escalated"], complaint["committee"], complaint["reassignments"]) == (2, 1, 2)
	assert counting.cancelled_count(period, filters) == 1
	assert counting.counts_by("is_justified", period, filters, ("Complaint",)) == {"Justified": 1, "": 3}
	inquiry = counting.totals_of("Inquiry", period, filters)
	# the last inquiry's survey says the answer missed the need: not accurate
	assert (inquiry["answered"], inquiry["accurate"]) == (5, 4)


def test_medians_are_exact_across_buckets(cases):
	period = date_range(dt.date(2017, 3, 1), dt.date(2017, 3, 31))
	filters = {"department": DEPARTMENT}
	# 30, 100, 3000, 5000, 90000: the middle one
	assert counting.median("Inquiry", "resolution_working_seconds", period, filters) == 3000
	# and with one more, 7200: (3000 + 5000) / 2, the two middle values in different buckets
	made("Inquiry", DAYS[3], resolved_on=t(2017, 3, 10), resolution_working_seconds=7200)
	assert counting.median("Inquiry", "resolution_working_seconds", period, filters) == 4000
	assert counting.median_across(
		("Complaint", "Inquiry"), "resolution_working_seconds", period, filters
	) == median_of([30, 100, 3000, 5000, 90000, 7200, 5 * 3600, 30 * 3600])


def test_a_case_changed_after_the_refresh_counts_at_once(cases):
	name = frappe.get_all("Complaint", filters={"department": DEPARTMENT, "status": "New"}, pluck="name")[0]
	doc = frappe.get_doc("Complaint", name)
	doc.channel = frappe.db.get_value("Case Channel", {"code": "website"}, "name") or doc.channel
	doc.root_cause = frappe.get_all("Root Cause", pluck="name")[0]
	doc.save()
	assert not from_rows_only("Complaint")  # its day is counted live until the next refresh
	for report in REPORTS:
		fast, live = both_ways(report, MARCH)
		assert fast == live, report.__name__
	figures_rollup.refresh()
	age()
	assert from_rows_only("Complaint")
	fast, live = both_ways(root_cause_analysis, MARCH)
	assert fast == live


def test_deleting_or_moving_a_case_recounts_its_day(cases):
	period = date_range(dt.date(2017, 3, 1), dt.date(2017, 3, 31))
	filters = {"department": DEPARTMENT}
	before = counting.case_count("Inquiry", period, filters)
	gone = frappe.get_all("Inquiry", filters={"department": DEPARTMENT}, pluck="name", order_by="name")[0]
	frappe.delete_doc("Inquiry", gone, force=True)  # its acknowledgement message links to it
	assert from_rows_only("Inquiry")  # nothing is counted live: the rows themselves were recounted
	assert counting.case_count("Inquiry", period, filters) == before - 1
	moved = frappe.get_all("Inquiry", filters={"department": DEPARTMENT}, pluck="name", order_by="name")[0]
	doc = frappe.get_doc("Inquiry", moved)
	doc.received_on = t(2017, 4, 2, 9)
	doc.save()
	age()  # even once the move itself is old news, the old day no longer counts it
	assert counting.case_count("Inquiry", period, filters) == before - 2
	assert both_ways(cases_by_need_and_channel, MARCH)[0] == both_ways(cases_by_need_and_channel, MARCH)[1]


def test_renaming_a_department_follows_in_the_figures(cases):
	frappe.rename_doc("Care Department", DEPARTMENT, DEPARTMENT + " الجديد")
	fast, live = both_ways(department_responsiveness, MARCH)
	assert fast == live
	assert DEPARTMENT + " الجديد" in fast


def test_who_is_counted_from_the_figures():
	manager = helpers.staff_user("figures-manager@care.example.com", "Care Manager")
	officer = helpers.staff_user("figures-officer@care.example.com", "Care Officer")
	staff = helpers.staff_user("figures-staff@care.example.com", "Department Staff")
	assert figures_access("Administrator", "Complaint") is True
	assert figures_access(manager, "Complaint") is True
	# Care Officers do not read confidential complaints: the rows keep them apart
	assert (figures_access(officer, "Complaint"), figures_access(officer, "Inquiry")) == (False, True)
	assert figures_access(staff, "Inquiry") is None  # their own department and assignments: live
	helpers.case("Complaint", is_confidential=1, named_employee=manager)
	assert figures_access(manager, "Complaint") is None  # never their own complaint


def test_the_csat_card_shows_a_dash_before_any_survey_and_the_rate_after():
	survey = frappe.qb.DocType("Satisfaction Survey")
	frappe.qb.from_(survey).delete().run()  # rolled back after the test
	assert csat_this_quarter() == "—"
	case = helpers.case("Inquiry")
	for rating in (1.0, 0.8, 0.4):
		frappe.get_doc(
			{
				"doctype": "Satisfaction Survey",
				"reference_doctype": "Inquiry",
				"reference_name": case.name,
				"survey_method": "Phone",
				"overall_rating": rating,
				"answer_met_need": "Yes",
			}
		).insert()
	assert csat_this_quarter() == {"value": 66.67, "fieldtype": "Percent"}


def test_survey_response_rate_counts_each_invited_case_once():
	from beneficiary_care.beneficiary_care.report.beneficiary_care_kpis import beneficiary_care_kpis

	def invite(case, used=False):
		frappe.get_doc(
			{
				"doctype": "Survey Invitation",
				"reference_doctype": case.doctype,
				"reference_name": case.name,
				"token_hash": frappe.generate_hash(length=32),
				"expires_on": t(2016, 7, 1),
				"used_on": t(2016, 6, 20) if used else None,
			}
		).insert(ignore_permissions=True)

	first, second, third = (helpers.case("Inquiry", received_on=t(2016, 6, d, 9)) for d in (5, 6, 7))
	invite(first)
	invite(first, used=True)  # the reminder's link was used
	invite(second)
	invite(third)
	june = {"period": "Range", "from_date": "2016-06-01", "to_date": "2016-06-30"}
	summary = {s["label"]: s["value"] for s in beneficiary_care_kpis.execute(june)[4]}
	assert summary["Survey Response Rate"] == "33.33%"
	empty = {"period": "Range", "from_date": "2016-05-01", "to_date": "2016-05-31"}
	summary = {s["label"]: s["value"] for s in beneficiary_care_kpis.execute(empty)[4]}
	assert summary["Survey Response Rate"] == "—"
