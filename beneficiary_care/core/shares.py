"""Rates and distribution shares (KPIS.md, "Rates and shares").

A rate over zero cases is None (shown "—"). Distribution shares are percentages rounded to two decimals
by the largest-remainder method, so that they add up to exactly 100.00: each share first gets its
value rounded down to the hundredth, then the hundredths still missing go one each to the shares that
lost the most in rounding down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import TypeVar

from beneficiary_care.core.periods import round2

K = TypeVar("K")

HUNDREDTHS_IN_100 = 10_000  # 100.00 % counted in hundredths of a percent


def rate(numerator: int, denominator: int) -> Decimal | None:
	"""numerator / denominator × 100, two decimals; None for an empty denominator."""
	if denominator == 0:
		return None
	if numerator < 0 or denominator < 0:
		raise ValueError("counts cannot be negative")
	return round2(Decimal(numerator) * 100 / Decimal(denominator))


def largest_remainder_shares(counts: Sequence[int]) -> list[Decimal] | None:
	"""Percent shares of `counts` with two decimals that sum to exactly 100.00.

	None when the counts add up to zero (no distribution to show). Ties in the remainders go to the
	larger count, then to the earlier position, so the result is deterministic.
	"""
	if any(c < 0 for c in counts):
		raise ValueError("counts cannot be negative")
	total = sum(counts)
	if total == 0:
		return None
	floors: list[int] = []
	remainders: list[tuple[int, int, int]] = []
	for position, count in enumerate(counts):
		whole, remainder = divmod(count * HUNDREDTHS_IN_100, total)
		floors.append(whole)
		remainders.append((-remainder, -count, position))
	missing = HUNDREDTHS_IN_100 - sum(floors)
	for _, _, position in sorted(remainders)[:missing]:
		floors[position] += 1
	return [(Decimal(f) / 100).quantize(Decimal("0.01"), rounding=ROUND_FLOOR) for f in floors]


def shares_by_key(counts: Mapping[K, int]) -> dict[K, Decimal] | None:
	"""largest_remainder_shares over a mapping, keeping its keys and order."""
	values = largest_remainder_shares(list(counts.values()))
	if values is None:
		return None
	return dict(zip(counts.keys(), values, strict=True))


def format_percent(value: Decimal | None, empty: str = "—") -> str:
	"""'48.85 %' style text for a rate or share; `empty` for a rate with no denominator."""
	return empty if value is None else f"{value:.2f}%"
