import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.daily_figures import (
	METRIC_NAMES,
	METRICS,
	Overdue,
	add,
	kpi_counts,
	months,
	spans,
)
from beneficiary_care.core.kpis import DEFINITIONS


def test_complaint_kpis_from_the_day_counts_and_the_overdue_ones():
	counts = {
		"cases": 10,
		"fcr": 3,
		"accepted": 6,
		"decided": 8,
		"responded": 7,
		"response_on_time": 5,
		"resolved": 6,
		"resolved_on_time": 4,
		"accurate": 5,
	}
	got = kpi_counts("Complaint", counts, Overdue(unresponded=2, unresolved=1))
	assert got == {
		"complaint_fcr": (3, 10),
		"complaint_acceptance": (6, 8),
		# answered ones, plus those whose deadline passed unanswered
		"complaint_on_time_response": (5, 9),
		"complaint_on_time_resolution": (4, 7),
		"complaint_accuracy": (5, 6),
	}


def test_inquiry_kpis_count_answers_not_resolutions():
	counts = {"cases": 4, "fcr": 1, "answered": 3, "answered_on_time": 2, "accurate": 2, "resolved": 99}
	assert kpi_counts("Inquiry", counts, Overdue(unresolved=1)) == {
		"inquiry_fcr": (1, 4),
		"inquiry_on_time": (2, 4),
		"inquiry_accuracy": (2, 3),
	}


def test_every_case_kpi_of_kpis_md_is_read_off_the_figures():
	keys = set(kpi_counts("Complaint", {}, Overdue())) | set(kpi_counts("Inquiry", {}, Overdue()))
	case_kpis = {d.key for d in DEFINITIONS if d.kind in ("Complaint", "Inquiry")}
	# satisfaction comes from the survey rows, the rest from the day's counts
	assert case_kpis - keys == {"inquiry_satisfaction"}
	assert kpi_counts("Suggestion", {}, Overdue()) == {}


def test_missing_counts_are_zero_and_metrics_are_unique():
	assert kpi_counts("Complaint", {"fcr": None}, Overdue())["complaint_fcr"] == (0, 0)
	assert len(set(METRIC_NAMES)) == len(METRICS)
	assert {m.fieldtype for m in METRICS} == {"Int", "Float"}


@given(st.lists(st.dictionaries(st.sampled_from(METRIC_NAMES), st.integers(0, 1000)), max_size=20))
def test_adding_rows_gives_the_totals(rows):
	total: dict = {}
	for row in rows:
		add(total, row)
	for name in METRIC_NAMES:
		assert total.get(name, 0) == sum(row.get(name, 0) for row in rows)


days = st.lists(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)), max_size=60)


@given(days)
def test_spans_cover_exactly_the_days_in_order(chosen):
	out = spans(chosen)
	covered = set()
	for first, after in out:
		assert first < after
		covered |= {first + dt.timedelta(days=i) for i in range((after - first).days)}
	assert covered == set(chosen)
	# separate spans never touch (else they would be one) and come in order
	for (_a, after), (first, _b) in itertools.pairwise(out):
		assert after < first


def test_spans_join_consecutive_days():
	d = dt.date(2025, 2, 27)
	assert spans([d + dt.timedelta(days=2), d, d + dt.timedelta(days=1), d]) == [
		(d, d + dt.timedelta(days=3))
	]


def test_each_time_taken_has_its_total_and_its_count():
	from beneficiary_care.core.daily_figures import TIME_COLUMNS

	for column in TIME_COLUMNS:
		assert f"{column}_sum" in METRIC_NAMES and f"{column}_count" in METRIC_NAMES


@given(st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)), st.integers(0, 800))
def test_months_cover_every_day_once_month_by_month(first, length):
	last = first + dt.timedelta(days=length)
	out = months(first, last)
	every = [day for month in out for day in month]
	assert every == sorted(set(every))  # once each, in order
	assert every[0] == first.replace(day=1) and every[0] <= first
	assert last in every and every[-1].month == last.month and (every[-1] + dt.timedelta(days=1)).day == 1
	assert all(len({(d.year, d.month) for d in month}) == 1 for month in out)


def test_no_months_without_cases():
	assert months(None, dt.date(2025, 1, 1)) == []
	assert [len(m) for m in months(dt.date(2024, 2, 10), dt.date(2024, 3, 1))] == [29, 31]
