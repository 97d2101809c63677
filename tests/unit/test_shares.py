from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.shares import (
	format_percent,
	largest_remainder_shares,
	rate,
	shares_by_key,
)


def test_seed_channel_split_adds_to_exactly_100():
	# The seed's channels as whole cases (REQUIREMENTS.md): phone, in person, website, government,
	# social media, other.
	shares = largest_remainder_shares([99, 51, 23, 88, 51, 11])
	assert shares == [Decimal(x) for x in ("30.65", "15.79", "7.12", "27.24", "15.79", "3.41")]
	assert sum(shares) == Decimal("100.00")


def test_seed_complaints_by_subject():
	shares = shares_by_key({"e": 18, "terms": 8, "env": 3, "conduct": 3, "other": 5, "marketing": 7})
	assert shares == {
		"e": Decimal("40.91"),
		"terms": Decimal("18.18"),
		"env": Decimal("6.82"),
		"conduct": Decimal("6.82"),
		"other": Decimal("11.36"),
		"marketing": Decimal("15.91"),
	}
	assert sum(shares.values()) == Decimal("100.00")


def test_three_equal_thirds():
	assert largest_remainder_shares([1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_zero_total_has_no_distribution():
	assert largest_remainder_shares([0, 0]) is None
	assert largest_remainder_shares([]) is None
	assert shares_by_key({}) is None


def test_negative_counts_are_a_bug():
	with pytest.raises(ValueError):
		largest_remainder_shares([3, -1])
	with pytest.raises(ValueError):
		rate(-1, 3)


counts = st.lists(st.integers(0, 10**6), min_size=1, max_size=30).filter(lambda c: sum(c) > 0)


@given(counts)
def test_shares_always_sum_to_100_with_two_decimals(values):
	shares = largest_remainder_shares(values)
	assert sum(shares) == Decimal("100.00")
	assert all(s.as_tuple().exponent == -2 for s in shares)


@given(counts)
def test_each_share_is_within_a_hundredth_of_exact(values):
	total = sum(values)
	for count, share in zip(values, largest_remainder_shares(values), strict=False):
		exact = Decimal(count) * 100 / Decimal(total)
		assert abs(share - exact) < Decimal("0.01")
		if count == 0:
			assert share == 0


@given(counts)
def test_a_larger_count_never_gets_a_smaller_share(values):
	shares = largest_remainder_shares(values)
	for c1, s1 in zip(values, shares, strict=False):
		for c2, s2 in zip(values, shares, strict=False):
			if c1 > c2:
				assert s1 >= s2


def test_rate_and_its_display():
	assert rate(0, 0) is None
	assert format_percent(rate(0, 0)) == "—"
	assert rate(3, 4) == Decimal("75.00")
	assert rate(2, 3) == Decimal("66.67")
	assert format_percent(rate(1, 8)) == "12.50%"
