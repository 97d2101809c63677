"""Demo data: the association's first half of 2023 (323 cases) and of 2022 (217), as real cases
spread over each half-year, so that every report shows the seed's tables on a fresh site.

    bench --site SITE execute beneficiary_care.setup.demo.load
    bench --site SITE execute beneficiary_care.setup.demo.remove

H1 2023 reproduces REQUIREMENTS.md exactly: by need 85 / 100 / 42 / 60 / 36 / 0; by channel
99 / 51 / 23 / 88 / 51 / 11; 44 complaints by subject 18 / 8 / 3 / 3 / 5 / 7 (the other 279 are
inquiries). The seed gives only the total for H1 2022 (217); its split here is illustrative. Demo
cases are named DEMO-…, closed, and sent no message; `remove` deletes exactly them.
"""

from __future__ import annotations

import datetime as dt
import random

import frappe

from beneficiary_care.core import sla
from beneficiary_care.framework.helpers import ROW_META
from beneficiary_care.reporting.figures_rollup import delete_cases
from beneficiary_care.service_levels import configuration
from beneficiary_care.setup import starting_data

PREFIX = "DEMO-"

NEEDS = starting_data.names("need_category")  # seed table 3 order
CHANNEL_ORDER = [
	"الاتصال الهاتفي",
	"الحضور الشخصي",
	"الموقع الإلكتروني",
	"إحالة من جهة حكومية",
	"وسائل التواصل الاجتماعي",
	"أخرى",
]
SUBJECTS = [
	"الخدمات الإلكترونية",
	"شروط التعامل",
	"بيئة العمل",
	"سلوك التعامل المهني",
	"شكاوى أخرى",
	"تسويق المنتجات والخدمات",
]

HALVES = {
	2023: {
		"needs": [85, 100, 42, 60, 36, 0],
		"channels": [99, 51, 23, 88, 51, 11],
		"subjects": [18, 8, 3, 3, 5, 7],
	},
	2022: {
		"needs": [60, 68, 27, 38, 24, 0],
		"channels": [68, 33, 14, 60, 34, 8],
		"subjects": [12, 6, 2, 2, 3, 5],
	},
}


def _expand(names: list[str], counts: list[int]) -> list[str]:
	return [name for name, count in zip(names, counts, strict=True) for _ in range(count)]


def cases_for(year: int) -> list[dict]:
	"""The half-year's cases as plain values (deterministic)."""
	spec = HALVES[year]
	rng = random.Random(year)
	needs = _expand(NEEDS, spec["needs"])
	channels = _expand(CHANNEL_ORDER, spec["channels"])
	rng.shuffle(channels)
	subjects = _expand(SUBJECTS, spec["subjects"])
	start = dt.datetime(year, 1, 1, 8, 0)
	span = (dt.datetime(year, 7, 1) - start).total_seconds()
	cases = []
	for i, (need, channel) in enumerate(zip(needs, channels, strict=True)):
		is_complaint = i < len(subjects)
		received = start + dt.timedelta(seconds=int(rng.random() * span))
		answered = received + dt.timedelta(hours=rng.choice([2, 6, 20, 30, 50, 90]))
		cases.append(
			{
				"doctype": "Complaint" if is_complaint else "Inquiry",
				"name": f"{PREFIX}{'CMP' if is_complaint else 'INQ'}-{year}-{i + 1:04d}",
				"received_on": received,
				"channel": channel,
				"need_category": need,
				"subject_category": subjects[i] if is_complaint else None,
				"subject": f"حالة تجريبية: {need}",
				"status": "Closed",
				"first_responded_on": answered,
				"resolved_on": answered,
				"first_contact_resolution": int(rng.random() < 0.3),
				"acceptance": ("Rejected" if rng.random() < 0.1 else "Accepted") if is_complaint else None,
			}
		)
	return cases


def with_service_level(case: dict) -> dict:
	"""The deadlines, SLA status and times the case would have had (its policy and calendar)."""
	policy = configuration.policy_for(frappe._dict(case, priority="Medium"))
	site = configuration.calendar(policy.calendar)
	answered = case["resolved_on"]
	times = sla.CaseTimes(case["received_on"], first_responded_on=answered, resolved_on=answered)
	evaluation = sla.evaluate(
		site, policy, times, answered, configuration.settings().at_risk_share, set(), is_done=True
	)
	return {
		**case,
		"sla_policy": policy.name or None,
		"response_due": evaluation.response_due,
		"resolution_due": evaluation.resolution_due,
		"sla_status": evaluation.status,
		**sla.times_taken(site, times),
	}


# the columns every bulk-inserted row starts with (demo data and the benchmarks)
CASE_FIELDS = [
	*ROW_META,
	"received_on",
	"channel",
	"need_category",
	"subject_category",
	"subject",
	"description",
	"status",
	"priority",
	"first_responded_on",
	"resolved_on",
	"first_contact_resolution",
	"reassignment_count",
	"reopen_count",
	"escalation_level",
	"sla_policy",
	"response_due",
	"resolution_due",
	"sla_status",
	"response_working_seconds",
	"response_calendar_seconds",
	"resolution_working_seconds",
	"resolution_calendar_seconds",
	"figures_changed_on",
]
SURVEY_FIELDS = [
	*ROW_META,
	"reference_doctype",
	"reference_name",
	"survey_method",
	"submitted_on",
	"overall_rating",
	"answer_met_need",
]
DESCRIPTION = "بيانات تجريبية من تقرير الجمعية."


def load() -> dict:
	"""Insert both half-years (bulk insert: no messages, no assignments) and a survey on every third
	inquiry. Idempotent."""
	if frappe.db.exists("Complaint", {"name": ["like", f"{PREFIX}%"]}):
		return {"loaded": 0}
	now = frappe.utils.now_datetime()
	loaded = 0
	for doctype in ("Complaint", "Inquiry"):
		rows = [with_service_level(c) for year in HALVES for c in cases_for(year) if c["doctype"] == doctype]
		is_complaint = doctype == "Complaint"
		values = [
			[
				r["name"],
				now,
				now,
				"Administrator",
				"Administrator",
				0,
				r["received_on"],
				r["channel"],
				r["need_category"],
				r["subject_category"],
				r["subject"],
				DESCRIPTION,
				r["status"],
				"Medium",
				r["first_responded_on"],
				r["resolved_on"],
				r["first_contact_resolution"],
				0,
				0,
				0,
				r["sla_policy"],
				r["response_due"],
				r["resolution_due"],
				r["sla_status"],
				r["response_working_seconds"],
				r["response_calendar_seconds"],
				r["resolution_working_seconds"],
				r["resolution_calendar_seconds"],
				now,  # written by SQL: the reports count these days from the cases (reporting)
			]
			+ ([r["acceptance"]] if is_complaint else [])
			for r in rows
		]
		frappe.db.bulk_insert(doctype, CASE_FIELDS + (["acceptance"] if is_complaint else []), values)
		loaded += len(values)
		if not is_complaint:
			rng = random.Random(3)
			ratings = [rng.choice([1.0, 1.0, 0.8, 0.8, 0.8, 0.6, 0.4]) for _ in rows[::3]]
			surveys = [
				[
					f"{PREFIX}SRV-{r['name'][len(PREFIX) :]}",
					now,
					now,
					"Administrator",
					"Administrator",
					0,
					"Inquiry",
					r["name"],
					"Phone",
					r["resolved_on"],
					rating,
					"Yes" if rating >= 0.6 else "No",
				]
				for r, rating in zip(rows[::3], ratings, strict=True)
			]
			frappe.db.bulk_insert("Satisfaction Survey", SURVEY_FIELDS, surveys)
	return {"loaded": loaded}


def remove() -> dict:
	removed = 0
	frappe.db.delete("Satisfaction Survey", {"name": ["like", f"{PREFIX}%"]})
	for doctype in ("Complaint", "Inquiry"):
		removed += delete_cases(doctype, {"name": ["like", f"{PREFIX}%"]})
	return {"removed": removed}
