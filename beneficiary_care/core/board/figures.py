"""The snapshot of a board report's figures, read back.

The Frappe layer (reporting.board_figures) takes the snapshot with the desk reports' own counting and
stores it on the report as JSON when the report goes to review; from then on the report is rendered
from the snapshot alone, so an approved report never changes when cases are edited later. Counts are
plain integers; every rate and share is computed here from them (KPIS.md), never stored rounded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from beneficiary_care.core.kpis import KpiValue, evaluate_all
from beneficiary_care.core.periods import Change, Period, PeriodKind, percent_change
from beneficiary_care.core.shares import largest_remainder_shares, rate

SNAPSHOT_VERSION = 1
KINDS = ("Complaint", "Inquiry", "Suggestion")


@dataclass(frozen=True)
class Line:
	"""One value of a distribution: its count now and a year earlier."""

	label: str
	current: int
	previous: int

	@property
	def change(self) -> Change:
		return percent_change(self.current, self.previous)


@dataclass(frozen=True)
class Figures:
	data: dict

	@property
	def period(self) -> Period:
		return _period(self.data["period"])

	@property
	def previous_period(self) -> Period:
		return _period(self.data["previous"])

	def lines(self, name: str) -> list[Line]:
		"""A distribution (kinds, needs, channels, subjects, months) in its stored order."""
		return [Line(str(label), int(now), int(before)) for label, now, before in self.data.get(name) or []]

	def kind_count(self, kind: str) -> int:
		return next((line.current for line in self.lines("kinds") if line.label == kind), 0)

	@property
	def total(self) -> Line:
		kinds = self.lines("kinds")
		return Line("", sum(k.current for k in kinds), sum(k.previous for k in kinds))

	@property
	def is_empty(self) -> bool:
		return self.total.current == 0

	def shares(self, name: str) -> list[Decimal] | None:
		"""Shares of the current counts, adding up to exactly 100.00 (None when there are none)."""
		return largest_remainder_shares([line.current for line in self.lines(name)])

	def kpis(self) -> list[tuple[KpiValue, KpiValue]]:
		"""Each KPI now and a year earlier, against the targets kept with the snapshot."""
		targets = self.data.get("targets") or {}
		now = evaluate_all(_pairs(self.data.get("kpi_counts")), targets)
		before = evaluate_all(_pairs(self.data.get("kpi_previous")), targets)
		return list(zip(now, before, strict=True))

	@property
	def departments(self) -> list[dict]:
		return list(self.data.get("departments") or [])

	def levels(self) -> list[tuple[int, int]]:
		return [(int(level), int(count)) for level, count in self.data.get("open_by_level") or []]

	def committee(self) -> list[tuple[str, int]]:
		return [(str(status), int(count)) for status, count in self.data.get("committee") or []]

	@property
	def satisfaction(self) -> dict:
		return dict(self.data.get("satisfaction") or {})

	def csat(self) -> Decimal | None:
		s = self.satisfaction
		return rate(int(s.get("satisfied") or 0), int(s.get("answered") or 0))

	def average_rating(self) -> Decimal | None:
		s = self.satisfaction
		answered = int(s.get("answered") or 0)
		if not answered:
			return None
		return (Decimal(str(s.get("stars") or 0)) / answered).quantize(Decimal("0.01"))

	def response_rate(self) -> Decimal | None:
		s = self.satisfaction
		return rate(int(s.get("responded") or 0), int(s.get("sent") or 0))

	@property
	def recurrence(self) -> dict:
		return dict(self.data.get("recurrence") or {})

	@property
	def confidential_complaints(self) -> int:
		return int(self.data.get("confidential_complaints") or 0)

	@property
	def cancelled(self) -> int:
		return int(self.data.get("cancelled") or 0)


def _pairs(counts: dict | None) -> dict[str, tuple[int, int]]:
	return {key: (int(n), int(d)) for key, (n, d) in (counts or {}).items()}


def _period(data: dict) -> Period:
	kind = PeriodKind(data.get("kind") or "Range")
	return Period(
		dt.date.fromisoformat(data["start"]),
		dt.date.fromisoformat(data["end"]),
		kind,
		data.get("fiscal_year"),
		data.get("index"),
	)


def period_data(period: Period) -> dict:
	"""A period as the snapshot keeps it."""
	return {
		"start": period.start.isoformat(),
		"end": period.end.isoformat(),
		"kind": period.kind.value,
		"fiscal_year": period.fiscal_year,
		"index": period.index,
	}
