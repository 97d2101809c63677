import itertools
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.medians import (
	BOUNDS,
	BUCKETS,
	bucket_of,
	bucket_range,
	locate,
	median_of,
	median_ranks,
)

times = st.lists(st.integers(min_value=0, max_value=5_000 * 3600), max_size=300)


def via_histogram(values: list[int]) -> float | None:
	"""What the reports do: count per bucket, locate each median rank, read that bucket in order."""
	counts: dict[int, int] = {}
	for v in values:
		counts[bucket_of(v)] = counts.get(bucket_of(v), 0) + 1
	picked = []
	for rank in median_ranks(len(values)):
		bucket, inside = locate(counts, rank)
		low, high = bucket_range(bucket)
		rows = sorted(v for v in values if (low is None or v >= low) and (high is None or v < high))
		picked.append(rows[inside])
	return sum(picked) / len(picked) if picked else None


@given(times)
def test_histogram_route_gives_the_exact_median(values):
	expected = statistics.median(values) if values else None
	assert via_histogram(values) == expected
	assert median_of(values) == expected


@given(st.integers(min_value=-(10**6), max_value=10**8))
def test_a_value_lies_in_the_range_of_its_bucket(value):
	low, high = bucket_range(bucket_of(value))
	assert low is None or value >= low
	assert high is None or value < high


def test_buckets_cover_everything_without_overlap():
	assert list(BOUNDS) == sorted(set(BOUNDS))
	ranges = [bucket_range(b) for b in range(BUCKETS)]
	assert ranges[0][0] is None and ranges[-1][1] is None
	for (_low, high), (next_low, _high) in itertools.pairwise(ranges):
		assert high == next_low
	with pytest.raises(ValueError):
		bucket_range(BUCKETS)


def test_bucket_edges():
	assert bucket_of(0) == 0
	assert bucket_of(299) == 0
	assert bucket_of(300) == 1
	assert bucket_of(3600) == BOUNDS.index(3600) + 1


def test_median_ranks():
	assert median_ranks(0) == ()
	assert median_ranks(1) == (0,)
	assert median_ranks(4) == (1, 2)
	assert median_ranks(5) == (2,)


def test_locate_rejects_ranks_beyond_the_counts():
	assert locate({3: 2, 1: 2}, 0) == (1, 0)
	assert locate({3: 2, 1: 2}, 3) == (3, 1)
	with pytest.raises(ValueError):
		locate({1: 2}, 2)
	with pytest.raises(ValueError):
		locate({1: 2}, -1)
