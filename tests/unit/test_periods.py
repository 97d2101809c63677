import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.periods import (
	PeriodKind,
	add_months,
	date_range,
	fiscal_period,
	fiscal_year_label,
	fiscal_year_of,
	percent_change,
	period_containing,
	same_period_previous_year,
)

D = dt.date


def test_seed_year_on_year_is_48_85_not_9_58():
	change = percent_change(323, 217)
	assert change.percent == Decimal("48.85")
	assert not change.is_new


def test_change_from_zero_is_new_and_not_divided():
	change = percent_change(12, 0)
	assert change.is_new and change.percent is None


def test_decrease_is_negative_and_rounded_half_up():
	assert percent_change(1, 8).percent == Decimal("-87.50")
	assert percent_change(2, 3).percent == Decimal("-33.33")
	assert percent_change(1, 3).percent == Decimal("-66.67")


def test_calendar_quarters_halves_four_months():
	assert fiscal_period(PeriodKind.QUARTER, 2023, 2) == fiscal_period("Quarter", 2023, 2)
	q2 = fiscal_period(PeriodKind.QUARTER, 2023, 2)
	assert (q2.start, q2.end, q2.last_day) == (D(2023, 4, 1), D(2023, 7, 1), D(2023, 6, 30))
	h1 = fiscal_period(PeriodKind.HALF_YEAR, 2023, 1)
	assert (h1.start, h1.last_day) == (D(2023, 1, 1), D(2023, 6, 30))
	t3 = fiscal_period(PeriodKind.FOUR_MONTHS, 2023, 3)
	assert (t3.start, t3.last_day) == (D(2023, 9, 1), D(2023, 12, 31))
	year = fiscal_period(PeriodKind.YEAR, 2024)
	assert year.days == 366


def test_fiscal_year_starting_in_july():
	assert fiscal_year_of(D(2023, 6, 30), 7) == 2022
	assert fiscal_year_of(D(2023, 7, 1), 7) == 2023
	q3 = fiscal_period(PeriodKind.QUARTER, 2023, 3, start_month=7)
	assert (q3.start, q3.last_day) == (D(2024, 1, 1), D(2024, 3, 31))
	assert fiscal_year_label(2023, 7) == "2023/2024"
	assert fiscal_year_label(2023, 1) == "2023"


def test_out_of_range_index_and_month_name_the_field():
	with pytest.raises(CoreValidationError) as err:
		fiscal_period(PeriodKind.QUARTER, 2023, 5)
	assert err.value.field == "period_index" and err.value.params == {"count": 4}
	with pytest.raises(CoreValidationError) as err:
		fiscal_year_of(D(2023, 1, 1), 13)
	assert err.value.field == "fiscal_year_start_month"


def test_range_includes_both_days_and_refuses_reversed():
	r = date_range(D(2023, 1, 1), D(2023, 6, 30))
	assert r.contains(D(2023, 6, 30)) and not r.contains(D(2023, 7, 1))
	assert r.end_datetime() == dt.datetime(2023, 7, 1)
	with pytest.raises(CoreValidationError) as err:
		date_range(D(2023, 2, 1), D(2023, 1, 1))
	assert err.value.field == "to_date"


def test_previous_year_of_a_leap_day_range():
	prev = same_period_previous_year(date_range(D(2024, 2, 1), D(2024, 2, 29)))
	assert (prev.start, prev.last_day) == (D(2023, 2, 1), D(2023, 2, 28))
	h1 = same_period_previous_year(fiscal_period(PeriodKind.HALF_YEAR, 2023, 1))
	assert (h1.start, h1.last_day, h1.fiscal_year, h1.index) == (D(2022, 1, 1), D(2022, 6, 30), 2022, 1)


def test_add_months_clamps():
	assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
	assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
	assert add_months(D(2023, 11, 15), 3) == D(2024, 2, 15)


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
kinds = st.sampled_from([PeriodKind.QUARTER, PeriodKind.FOUR_MONTHS, PeriodKind.HALF_YEAR, PeriodKind.YEAR])
months = st.integers(1, 12)


@given(days, kinds, months)
def test_the_period_containing_a_day_contains_it(day, kind, start_month):
	period = period_containing(day, kind, start_month)
	assert period.contains(day)
	assert period.start.day == 1


@given(st.integers(2000, 2100), kinds, months)
def test_fiscal_periods_tile_the_year_without_gap_or_overlap(year, kind, start_month):
	count = {PeriodKind.QUARTER: 4, PeriodKind.FOUR_MONTHS: 3, PeriodKind.HALF_YEAR: 2, PeriodKind.YEAR: 1}[
		kind
	]
	periods = [fiscal_period(kind, year, i, start_month) for i in range(1, count + 1)]
	assert periods[0].start == D(year, start_month, 1)
	assert periods[-1].end == D(year + 1, start_month, 1)
	for a, b in itertools.pairwise(periods):
		assert a.end == b.start


@given(days, kinds, months)
def test_previous_year_period_is_the_same_position_a_year_back(day, kind, start_month):
	period = period_containing(day, kind, start_month)
	prev = same_period_previous_year(period)
	assert prev == fiscal_period(kind, period.fiscal_year - 1, period.index, start_month)


@given(days, days)
def test_previous_year_range_is_one_year_back(a, b):
	start, end = min(a, b), max(a, b)
	prev = same_period_previous_year(date_range(start, end))
	assert prev.start.year == start.year - 1 and prev.last_day.year == end.year - 1
	assert abs(prev.days - (end - start).days - 1) <= 1


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_change_matches_definition_within_rounding(current, previous):
	change = percent_change(current, previous)
	exact = Decimal(current - previous) * 100 / Decimal(previous)
	assert abs(change.percent - exact) <= Decimal("0.005")
