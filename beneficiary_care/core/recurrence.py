"""Recurrence for the special reports (KPIS.md, "Recurrence"): the same person, subject or named
employee coming back more often than the association's thresholds allow."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
	person_count: int = 3  # N complaints by one person…
	window_days: int = 90  # …within D days
	category_factor: float = 2.0  # M times the subject's mean over the previous periods
	employee_count: int = 2  # K complaints naming one employee within D days


def over_count(counts: Mapping[str, int], minimum: int) -> dict[str, int]:
	"""The keys with at least `minimum` cases, most first."""
	hits = {k: v for k, v in counts.items() if k and v >= minimum}
	return dict(sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True)
class CategoryRise:
	category: str
	current: int
	previous_mean: float
	factor: float | None  # current / mean; None when the mean is 0


def rising_categories(
	current: Mapping[str, int], history: Sequence[Mapping[str, int]], factor: float
) -> list[CategoryRise]:
	"""Subjects whose count this period is above `factor` × their mean over the previous periods.
	A subject never seen before counts as rising once it reaches `factor` cases (its mean is 0)."""
	rises = []
	for category, count in current.items():
		if not category or not count:
			continue
		mean = sum(period.get(category, 0) for period in history) / len(history) if history else 0.0
		if mean == 0:
			if count >= factor:
				rises.append(CategoryRise(category, count, 0.0, None))
		elif count > factor * mean:
			rises.append(CategoryRise(category, count, round(mean, 2), round(count / mean, 2)))
	return sorted(rises, key=lambda r: (-(r.factor or float("inf")), r.category))
