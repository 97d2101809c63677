"""The KPIs of KPIS.md from counts: rate, target, met or not; the figures beside a year earlier.

The counting happens in SQL (the reports); this module only does the arithmetic, the same for every
report, number card and PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from beneficiary_care.core.periods import Change, percent_change
from beneficiary_care.core.shares import rate


@dataclass(frozen=True)
class KpiDefinition:
	key: str
	kind: str  # Complaint | Inquiry | All
	label: str
	numerator: str  # what the numerator counts (KPIS.md wording)
	denominator: str
	target_field: str  # in Beneficiary Care Settings


DEFINITIONS = (
	KpiDefinition(
		"complaint_fcr",
		"Complaint",
		"First-Contact Resolution",
		"complaints marked resolved at first contact",
		"complaints received in the period",
		"target_complaint_fcr",
	),
	KpiDefinition(
		"complaint_acceptance",
		"Complaint",
		"Acceptance",
		"complaints accepted",
		"complaints accepted + rejected",
		"target_complaint_acceptance",
	),
	KpiDefinition(
		"complaint_on_time_response",
		"Complaint",
		"On-Time First Response",
		"first responses within the response deadline",
		"complaints answered, or unanswered past the deadline",
		"target_complaint_on_time_response",
	),
	KpiDefinition(
		"complaint_on_time_resolution",
		"Complaint",
		"On-Time Resolution",
		"complaints resolved by their resolution deadline",
		"complaints resolved, plus open ones past their deadline",
		"target_complaint_on_time_resolution",
	),
	KpiDefinition(
		"complaint_accuracy",
		"Complaint",
		"Accuracy from First Assignment",
		"resolved complaints never reassigned nor reopened",
		"resolved complaints",
		"target_complaint_accuracy",
	),
	KpiDefinition(
		"inquiry_fcr",
		"Inquiry",
		"Answered at First Contact",
		"inquiries answered at first contact",
		"inquiries received",
		"target_inquiry_fcr",
	),
	KpiDefinition(
		"inquiry_on_time",
		"Inquiry",
		"Answered within the Set Time",
		"inquiries answered within their deadline",
		"inquiries answered, plus open ones past their deadline",
		"target_inquiry_on_time",
	),
	KpiDefinition(
		"inquiry_satisfaction",
		"Inquiry",
		"Satisfaction",
		"surveys on inquiries rated 4 or 5 of 5",
		"surveys answered on inquiries",
		"target_inquiry_satisfaction",
	),
	KpiDefinition(
		"inquiry_accuracy",
		"Inquiry",
		"Accuracy of Information",
		"answered inquiries not reopened whose survey, if any, says the answer met the need",
		"answered inquiries",
		"target_inquiry_accuracy",
	),
	KpiDefinition(
		"csat",
		"All",
		"Satisfaction (CSAT)",
		"surveys rated 4 or 5 of 5",
		"surveys answered",
		"target_csat",
	),
)
BY_KEY = {d.key: d for d in DEFINITIONS}


@dataclass(frozen=True)
class KpiValue:
	definition: KpiDefinition
	numerator: int
	denominator: int
	rate: Decimal | None  # None: no denominator, shown "—"
	target: Decimal | None
	met: bool | None  # None: no rate or no target

	@property
	def key(self) -> str:
		return self.definition.key


def evaluate(key: str, numerator: int, denominator: int, target: Decimal | float | None) -> KpiValue:
	if numerator > denominator:
		raise ValueError(f"{key}: numerator {numerator} exceeds denominator {denominator}")
	value = rate(numerator, denominator)
	goal = None if target in (None, "") else Decimal(str(target))
	met = None if value is None or goal is None else value >= goal
	return KpiValue(BY_KEY[key], numerator, denominator, value, goal, met)


def evaluate_all(counts: Mapping[str, tuple[int, int]], targets: Mapping[str, object]) -> list[KpiValue]:
	"""Every KPI in KPIS.md order, from {key: (numerator, denominator)} and {target_field: target}."""
	return [evaluate(d.key, *counts.get(d.key, (0, 0)), targets.get(d.target_field)) for d in DEFINITIONS]


@dataclass(frozen=True)
class Compared:
	label: str
	current: int
	previous: int
	change: Change


def compare(current: Mapping[str, int], previous: Mapping[str, int]) -> list[Compared]:
	"""Each label of either period with its count now, a year earlier and the change."""
	labels = list(current) + [k for k in previous if k not in current]
	return [
		Compared(
			label,
			current.get(label, 0),
			previous.get(label, 0),
			percent_change(current.get(label, 0), previous.get(label, 0)),
		)
		for label in labels
	]
