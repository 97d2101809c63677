"""The reports on a real site: the seed's tables from the demo data, every KPI on hand-built cases,
and permissions."""

from tests.integration import require_site

require_site()

import datetime as dt
from decimal import Decimal

import frappe

from beneficiary_care.beneficiary_care.report.beneficiary_care_kpis import beneficiary_care_kpis
from beneficiary_care.beneficiary_care.report.cases_by_need_and_channel import cases_by_need_and_channel
from beneficiary_care.beneficiary_care.report.complaints_by_subject import complaints_by_subject
from beneficiary_care.beneficiary_care.report.periodic_summary import periodic_summary
from tests.integration import helpers

H1_2023 = {"period": "Half-Year", "fiscal_year": 2023, "period_number": 1}


def rows_of(result, dimension=None):
	_columns, data = result[0], result[1]
	return [r for r in data if dimension is None or r.get("dimension") == dimension]


def test_cases_by_need_and_channel_reproduce_the_seed_table(seed_demo):
	result = cases_by_need_and_channel.execute(H1_2023)
	needs = {r["label"]: (r["count"], r["share"]) for r in rows_of(result, "Need")}
	assert needs["فتح ملف جديد"][0] == 85
	assert needs["مساعدة زواج وسداد فاتورة كهرباء"][0] == 100
	assert needs["مساعدة عاجلة (تفريج كربة)"][0] == 42
	assert needs["أسباب إغلاق ملف مستفيد"][0] == 60
	assert needs["صيانة وترميم"][0] == 36
	assert needs["أخرى"][0] == 0
	assert needs["Total"] == (323, "100.00%")
	channels = {r["label"]: (r["count"], r["share"]) for r in rows_of(result, "Channel")}
	assert channels["الاتصال الهاتفي"] == (99, "30.65%")
	assert channels["الحضور الشخصي"] == (51, "15.79%")
	assert channels["الموقع الإلكتروني"] == (23, "7.12%")
	assert channels["إحالة من جهة حكومية"] == (88, "27.24%")
	assert channels["وسائل التواصل الاجتماعي"] == (51, "15.79%")
	assert channels["أخرى"] == (11, "3.41%")
	shares = [Decimal(v[1].rstrip("%")) for k, v in channels.items() if k != "Total" and v[0]]
	assert sum(shares) == Decimal("100.00")


def test_complaints_by_subject_reproduce_the_seed_table(seed_demo):
	data = complaints_by_subject.execute(H1_2023)[1]
	got = {r["label"]: (r["count"], r["share"]) for r in data}
	assert got["الخدمات الإلكترونية"] == (18, "40.91%")
	assert got["شروط التعامل"] == (8, "18.18%")
	assert got["بيئة العمل"] == (3, "6.82%")
	assert got["سلوك التعامل المهني"] == (3, "6.82%")
	assert got["شكاوى أخرى"] == (5, "11.36%")
	assert got["تسويق المنتجات والخدمات"] == (7, "15.91%")
	assert got["Total"] == (44, "100.00%")


def test_periodic_summary_compares_with_the_same_half_of_2022(seed_demo):
	data = periodic_summary.execute(H1_2023)[1]
	kinds_total = next(r for r in data if r.get("label") == "Total")  # the first section: cases by kind
	assert (kinds_total["current"], kinds_total["previous"], kinds_total["change"]) == (323, 217, "+48.85%")
	suggestions = next(r for r in data if r.get("label") == "Suggestion")
	assert (suggestions["current"], suggestions["previous"], suggestions["change"]) == (0, 0, "—")
	phone = next(r for r in data if r.get("label") == "الاتصال الهاتفي")
	assert (phone["current"], phone["previous"], phone["change"]) == (99, 68, "+45.59%")


def test_the_last_day_of_the_period_counts_until_midnight():
	case = helpers.case("Inquiry", received_on=dt.datetime(2021, 6, 30, 23, 59, 59))
	data = cases_by_need_and_channel.execute(
		{"period": "Range", "from_date": "2021-06-01", "to_date": "2021-06-30"}
	)[1]
	total = next(r for r in data if r.get("dimension") == "Need" and r["label"] == "Total")
	assert total["count"] == 1, case.name


def kpi(result, label):
	return next(r for r in result[1] if r["indicator"] == label)


def test_every_kpi_on_hand_built_cases():
	q1 = {"period": "Quarter", "fiscal_year": 2021, "period_number": 1}
	t = dt.datetime

	def complaint(**values):
		case = helpers.case("Complaint", received_on=t(2021, 1, 10, 9, 0))
		frappe.db.set_value("Complaint", case.name, values, update_modified=False)
		return case

	due = {"response_due": t(2021, 1, 10, 17, 0), "resolution_due": t(2021, 1, 15, 17, 0)}
	# 1 FCR, accepted, answered on time, resolved on time, first assignment right
	complaint(
		first_contact_resolution=1,
		acceptance="Accepted",
		first_responded_on=t(2021, 1, 10, 10),
		resolved_on=t(2021, 1, 10, 10),
		**due,
	)
	# 2 accepted, answered late, resolved late, reassigned once
	complaint(
		acceptance="Accepted",
		first_responded_on=t(2021, 1, 11, 10),
		resolved_on=t(2021, 1, 20),
		reassignment_count=1,
		**due,
	)
	# 3 rejected, answered on time (the decision)
	complaint(
		acceptance="Rejected", first_responded_on=t(2021, 1, 10, 12), resolved_on=t(2021, 1, 10, 12), **due
	)
	# 4 open, never answered, past both deadlines
	complaint(**due)
	# 5 cancelled: in no figure
	complaint(status="Cancelled", cancellation_reason="مكررة", acceptance="Accepted", **due)
	result = beneficiary_care_kpis.execute(q1)
	fcr = kpi(result, "First-Contact Resolution")
	assert (fcr["numerator"], fcr["denominator"], fcr["rate"]) == (1, 4, "25.00%")
	acceptance = kpi(result, "Acceptance")
	assert (acceptance["numerator"], acceptance["denominator"], acceptance["rate"]) == (2, 3, "66.67%")
	response = kpi(result, "On-Time First Response")
	assert (response["numerator"], response["denominator"]) == (2, 4)
	resolution = kpi(result, "On-Time Resolution")
	assert (resolution["numerator"], resolution["denominator"]) == (1, 3)  # 2 resolved + 1 open late
	accuracy = kpi(result, "Accuracy from First Assignment")
	assert (accuracy["numerator"], accuracy["denominator"], accuracy["rate"]) == (1, 2, "50.00%")
	summary = {s["label"]: s["value"] for s in result[4]}
	assert summary["Cancelled or Spam (excluded)"] == 1


def test_inquiry_kpis_with_surveys():
	q1 = {"period": "Quarter", "fiscal_year": 2021, "period_number": 1, "case_kind": "Inquiry"}
	t = dt.datetime

	def inquiry(**values):
		case = helpers.case("Inquiry", received_on=t(2021, 2, 7, 9, 0))
		frappe.db.set_value("Inquiry", case.name, values, update_modified=False)
		return case

	due = {"resolution_due": t(2021, 2, 8, 9, 0)}
	a = inquiry(first_contact_resolution=1, resolved_on=t(2021, 2, 7, 9, 5), **due)
	b = inquiry(resolved_on=t(2021, 2, 9, 9, 0), **due)  # late
	inquiry(resolved_on=t(2021, 2, 7, 15, 0), reopen_count=1, **due)  # reopened: not accurate
	inquiry(**due)  # open past its deadline
	for case, rating, met in ((a, 1.0, "Yes"), (b, 0.4, "No")):
		frappe.get_doc(
			{
				"doctype": "Satisfaction Survey",
				"reference_doctype": "Inquiry",
				"reference_name": case.name,
				"survey_method": "Phone",
				"overall_rating": rating,
				"answer_met_need": met,
			}
		).insert()
	result = beneficiary_care_kpis.execute(q1)
	assert (
		kpi(result, "Answered at First Contact")["numerator"],
		kpi(result, "Answered at First Contact")["denominator"],
	) == (1, 4)
	on_time = kpi(result, "Answered within the Set Time")
	assert (on_time["numerator"], on_time["denominator"]) == (2, 4)
	satisfaction = kpi(result, "Satisfaction")
	assert (satisfaction["numerator"], satisfaction["denominator"], satisfaction["rate"]) == (1, 2, "50.00%")
	accuracy = kpi(result, "Accuracy of Information")
	assert (accuracy["numerator"], accuracy["denominator"]) == (1, 3)  # a; b said no; c reopened
	summary = {s["label"]: s["value"] for s in result[4]}
	assert summary["CSAT"] == "50.00%" and summary["Average Rating (of 5)"] == 3.5


def test_a_rate_over_nothing_is_a_dash():
	result = beneficiary_care_kpis.execute({"period": "Quarter", "fiscal_year": 2019, "period_number": 2})
	assert kpi(result, "Acceptance")["rate"] == "—"


def test_department_staff_count_only_their_department():
	user = helpers.staff_user("report-staff@care.example.com", "Department Staff")
	frappe.get_doc(
		{"doctype": "Care Department", "department_name": "قسم التقارير", "members": [{"user": user}]}
	).insert()
	helpers.case("Inquiry", received_on=dt.datetime(2020, 3, 1, 10), department="قسم التقارير")
	helpers.case("Inquiry", received_on=dt.datetime(2020, 3, 1, 10))
	q1 = {"period": "Quarter", "fiscal_year": 2020, "period_number": 1}
	everyone = next(r for r in cases_by_need_and_channel.execute(q1)[1] if r.get("label") == "Total")
	frappe.set_user(user)
	mine = next(r for r in cases_by_need_and_channel.execute(q1)[1] if r.get("label") == "Total")
	assert (everyone["count"], mine["count"]) == (2, 1)


def test_root_causes_and_justified_complaints():
	from beneficiary_care.beneficiary_care.report.root_cause_analysis import root_cause_analysis

	for cause, justified in (
		("عدم تحديث الحساب البنكي", "Justified"),
		("عدم تحديث الحساب البنكي", "Not Justified"),
		("الرغبة في زيادة قيمة الدعم", "Not Justified"),
	):
		helpers.case(
			"Complaint", received_on=dt.datetime(2019, 5, 5, 10), root_cause=cause, is_justified=justified
		)
	data = root_cause_analysis.execute({"period": "Quarter", "fiscal_year": 2019, "period_number": 2})[1]
	causes = {r["label"]: (r["count"], r["share"]) for r in data if r["dimension"] == "Root Cause"}
	assert causes["عدم تحديث الحساب البنكي"] == (2, "66.67%")
	assert causes["الرغبة في زيادة قيمة الدعم"] == (1, "33.33%")
	assert causes["Total"] == (3, "100.00%")
	justified = {r["label"]: r["count"] for r in data if r["dimension"] == "Justified"}
	assert (justified["Justified"], justified["Not Justified"]) == (1, 2)


def test_department_responsiveness():
	from beneficiary_care.beneficiary_care.report.department_responsiveness import department_responsiveness

	for name in ("قسم سريع", "قسم بطيء"):
		frappe.get_doc({"doctype": "Care Department", "department_name": name}).insert()
	t = dt.datetime
	for department, responded, resolved, seconds in (
		("قسم سريع", t(2019, 8, 4, 9), t(2019, 8, 4, 10), 3600),
		("قسم سريع", t(2019, 8, 4, 9), t(2019, 8, 4, 12), 3 * 3600),
		("قسم بطيء", t(2019, 8, 20, 9), t(2019, 8, 25, 9), 40 * 3600),
	):
		case = helpers.case("Inquiry", received_on=t(2019, 8, 4, 8), department=department)
		frappe.db.set_value(
			"Inquiry",
			case.name,
			{
				"first_responded_on": responded,
				"resolved_on": resolved,
				"response_due": t(2019, 8, 5, 8),
				"resolution_due": t(2019, 8, 5, 8),
				"response_working_seconds": seconds,
				"resolution_working_seconds": seconds,
			},
		)
	rows = {
		r["department"]: r
		for r in department_responsiveness.execute(
			{"period": "Quarter", "fiscal_year": 2019, "period_number": 3}
		)[1]
	}
	fast, slow = rows["قسم سريع"], rows["قسم بطيء"]
	assert (fast["received"], fast["answered"], fast["on_time_resolution"], fast["median_resolution"]) == (
		2,
		2,
		"100.00%",
		"2.00",
	)
	assert (slow["received"], slow["on_time_resolution"], slow["median_resolution"]) == (1, "0.00%", "40.00")


def test_recurring_person_and_employee():
	from beneficiary_care.beneficiary_care.report.recurring_cases import recurring_cases

	employee = helpers.staff_user("recurring-employee@care.example.com", "Department Staff")
	for day in (1, 10, 20):
		helpers.case("Complaint", received_on=dt.datetime(2018, 3, day, 10), mobile="0551110000")
	for day in (2, 3):
		helpers.case(
			"Complaint", received_on=dt.datetime(2018, 3, day, 10), is_confidential=1, named_employee=employee
		)
	helpers.case("Complaint", received_on=dt.datetime(2018, 3, 5, 10), mobile="0552220000")  # only once
	data = recurring_cases.execute({"period": "Quarter", "fiscal_year": 2018, "period_number": 1})[1]
	person = [r for r in data if r["kind"] == "Same Person"]
	assert [(r["key"], r["count"]) for r in person] == [("+966551110000", 3)]
	assert len(person[0]["cases"].split(", ")) == 3
	assert [(r["key"], r["count"]) for r in data if r["kind"] == "Same Employee"] == [(employee, 2)]


def test_recurring_inquiries_become_a_draft_help_article():
	from beneficiary_care.beneficiary_care.report.recurring_inquiries import recurring_inquiries
	from beneficiary_care.portal import faq

	frappe.db.set_single_value("Beneficiary Care Settings", "faq_threshold", 3)
	asked = []
	for text in ("متى تصرف المساعدة الشهرية؟", "متي موعد صرف المساعده الشهريه", "موعد صرف المساعدة الشهرية"):
		case = helpers.case(
			"Inquiry", received_on=dt.datetime(2017, 2, 5, 10), subject=text, description=text
		)
		asked.append(case.name)
	helpers.case(
		"Inquiry", received_on=dt.datetime(2017, 2, 6, 10), subject="تحديث الحساب البنكي", description="كيف"
	)
	frappe.db.set_value(
		"Inquiry",
		asked[0],
		{"resolution": "<p>في الأسبوع الأول من كل شهر.</p>", "resolved_on": dt.datetime(2017, 2, 6)},
	)
	data = recurring_inquiries.execute({"period": "Quarter", "fiscal_year": 2017, "period_number": 1})[1]
	assert [(r["count"], sorted(r["cases"].split(","))) for r in data] == [(3, sorted(asked))]
	article = frappe.get_doc("Help Article", faq.draft_help_article(data[0]["cases"]))
	assert not article.published and "الأسبوع الأول" in article.content
	assert frappe.db.get_value("Help Category", article.category, "category_name") == faq.FAQ_CATEGORY
	assert article.title not in [a.title for a in faq.published_faq()]  # a draft is not shown
	article.published = 1
	article.save()
	assert article.title in [a.title for a in faq.published_faq()]
