"""Exact medians of times taken, found through a histogram.

The daily figures keep, per day, how many cases took a time falling in each of a few fixed buckets
(five minutes, an hour, a working day, ...). The median's rank is located in its bucket from those
counts; only that bucket's cases are then read, in order, for the exact value. No rounding: the
value returned is the one a sort of every case would give.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

HOUR = 3600
# Lower bounds of the buckets, in seconds; bucket 0 also takes anything below 300 s, the last one
# anything from 1000 h up. SQL's INTERVAL(v, 300, 900, ...) gives the same index as bucket_of(v).
BOUNDS: tuple[int, ...] = (
	300,
	900,
	1800,
	HOUR,
	2 * HOUR,
	3 * HOUR,
	4 * HOUR,
	6 * HOUR,
	8 * HOUR,
	12 * HOUR,
	16 * HOUR,
	24 * HOUR,
	32 * HOUR,
	40 * HOUR,
	48 * HOUR,
	64 * HOUR,
	80 * HOUR,
	100 * HOUR,
	120 * HOUR,
	160 * HOUR,
	200 * HOUR,
	300 * HOUR,
	500 * HOUR,
	1000 * HOUR,
)
BUCKETS = len(BOUNDS) + 1


def bucket_of(seconds: float) -> int:
	"""The bucket a time falls in (0 … len(BOUNDS))."""
	return bisect.bisect_right(BOUNDS, seconds)


def bucket_range(bucket: int) -> tuple[int | None, int | None]:
	"""(lower bound inclusive, upper bound exclusive) of a bucket; None where it is open."""
	if not 0 <= bucket < BUCKETS:
		raise ValueError(f"no bucket {bucket}")
	low = BOUNDS[bucket - 1] if bucket else None
	high = BOUNDS[bucket] if bucket < len(BOUNDS) else None
	return low, high


def median_ranks(count: int) -> tuple[int, ...]:
	"""0-based ranks whose values average to the median: one when the count is odd, two when even."""
	if count <= 0:
		return ()
	if count % 2:
		return (count // 2,)
	return (count // 2 - 1, count // 2)


def locate(counts: Mapping[int, int], rank: int) -> tuple[int, int]:
	"""(bucket, rank within the bucket) of the value at 0-based `rank` over all buckets, given how
	many values each bucket holds."""
	if rank < 0:
		raise ValueError("rank must not be negative")
	before = 0
	for bucket in sorted(counts):
		inside = counts[bucket]
		if inside < 0:
			raise ValueError(f"bucket {bucket} holds a negative count")
		if rank < before + inside:
			return bucket, rank - before
		before += inside
	raise ValueError(f"rank {rank} is beyond the {before} values counted")


def median_of(values: Sequence[float]) -> float | None:
	"""The median by sorting: the definition the histogram route must agree with."""
	ordered = sorted(values)
	ranks = median_ranks(len(ordered))
	if not ranks:
		return None
	return sum(ordered[r] for r in ranks) / len(ranks)
