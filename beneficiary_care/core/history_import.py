"""Cases brought in from the association's earlier records (Frappe's Data Import): what a row must hold
for the status it carries, and the dates that status implies.

A live case starts as New and each later step is stamped with the moment it happens. An imported case
arrives at the end of its history: it may carry any status the lifecycle knows, its steps already
happened, and their moments come from the sheet, never from the day of the import. So:

- a status that gave the submitter an outcome (Resolved, Rejected, Answered, Adopted, Declined) or
  closed the case needs the date of that outcome, `resolved_on`; an open or cancelled case has none;
- only a Closed case has `closed_on` (when missing, the case closed when it was answered);
- the first response, when the sheet has none, is the outcome itself;
- the dates run in order: received ≤ first response ≤ resolved ≤ closed ≤ now;
- what the status needs in the desk is needed here too (an answer, a rejection reason).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from beneficiary_care.core.cases import RECEIVED_ON_TOLERANCE
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.lifecycle import (
	ANSWERED,
	REOPENED,
	TAKEN_UP,
	TRANSITIONS,
	Transition,
	_has_text,
	check_requirements,
)

CLOSED = "Closed"
# The case's dates in the order they happen, with their labels (for messages naming the other field).
DATE_FIELDS = {
	"received_on": "Received On",
	"first_responded_on": "First Responded On",
	"resolved_on": "Resolved On",
	"closed_on": "Closed On",
}

MSG_FUTURE = "cannot be in the future ({value})"
MSG_BEFORE = "cannot be before {other_field} ({value} is before {earlier})"
MSG_DATE_REQUIRED = "is required for a case imported as {new}"
MSG_DATE_NOT_ALLOWED = "must be empty for a case imported as {new}"
MSG_CLOSED_OUTCOME = "a closed case needs the answer it was given"
MSG_CLOSED_COMPLAINT_OUTCOME = "a closed complaint needs its answer or its rejection reason"
MSG_STATUS = "{new} is not a status of this kind; allowed: {allowed}"


@dataclass(frozen=True)
class HistoricalDates:
	received_on: dt.datetime
	first_responded_on: dt.datetime | None = None
	resolved_on: dt.datetime | None = None
	closed_on: dt.datetime | None = None


def outcome_given(kind: str, status: str) -> bool:
	"""The status says the submitter was given the outcome: answered, decided, or closed after it."""
	return status in ANSWERED[kind] or status == CLOSED


def check_dates(kind: str, status: str, dates: HistoricalDates, now: dt.datetime) -> HistoricalDates:
	"""The imported case's dates, checked and completed; raises CoreValidationError on the first
	wrong field."""
	if status not in TRANSITIONS[kind]:
		raise CoreValidationError("status", MSG_STATUS, new=status, allowed=tuple(TRANSITIONS[kind]))
	for field in DATE_FIELDS:
		value = getattr(dates, field)
		if value is not None and value > now + RECEIVED_ON_TOLERANCE:
			raise CoreValidationError(field, MSG_FUTURE, value=_shown(value))
	if outcome_given(kind, status):
		if dates.resolved_on is None:
			raise CoreValidationError("resolved_on", MSG_DATE_REQUIRED, new=status)
	elif dates.resolved_on is not None:
		raise CoreValidationError("resolved_on", MSG_DATE_NOT_ALLOWED, new=status)
	if status != CLOSED and dates.closed_on is not None:
		raise CoreValidationError("closed_on", MSG_DATE_NOT_ALLOWED, new=status)
	_check_order(dates)
	completed = dates
	if completed.first_responded_on is None and completed.resolved_on is not None:
		completed = replace(completed, first_responded_on=completed.resolved_on)
	if status == CLOSED and completed.closed_on is None:
		completed = replace(completed, closed_on=completed.resolved_on)
	return completed


def _check_order(dates: HistoricalDates) -> None:
	earlier_field, earlier = None, None
	for field in DATE_FIELDS:
		value = getattr(dates, field)
		if value is None:
			continue
		if earlier is not None and value < earlier:
			raise CoreValidationError(
				field,
				MSG_BEFORE,
				other_field=DATE_FIELDS[earlier_field],
				value=_shown(value),
				earlier=_shown(earlier),
			)
		earlier_field, earlier = field, value


def check_outcome(kind: str, status: str, *, answer: str | None, rejection_reason: str | None) -> None:
	"""What the status needs, as in the desk: an answer to be answered, a reason to be rejected; a
	closed case needs the outcome it was closed after."""
	if status == CLOSED:
		has_answer = _has_text(answer)
		if kind == "Complaint" and not (has_answer or _has_text(rejection_reason)):
			raise CoreValidationError("resolution", MSG_CLOSED_COMPLAINT_OUTCOME)
		if kind != "Complaint" and not has_answer:
			raise CoreValidationError("resolution", MSG_CLOSED_OUTCOME)
		return
	if status in ANSWERED[kind]:
		check_requirements(
			Transition(kind, None, status),
			answer=answer,
			rejection_reason=rejection_reason,
			has_contact=True,  # nothing is sent to an imported case's submitter
			first_contact_resolution=False,
		)


def acceptance(status: str, *, answer: str | None, rejection_reason: str | None) -> str | None:
	"""A complaint's acceptance as the acceptance KPI counts it, from where its history ended: rejected;
	accepted once taken up or answered; a closed complaint by what it was closed after."""
	if status == "Rejected":
		return "Rejected"
	if status in TAKEN_UP or status == REOPENED:
		return "Accepted"
	if status == CLOSED:
		return "Rejected" if _has_text(rejection_reason) and not _has_text(answer) else "Accepted"
	return None


def reopen_count(status: str, count: int | None) -> int:
	"""A case imported as Reopened was reopened at least once."""
	return max(int(count or 0), 1 if status == REOPENED else 0)


def series_for_year(series: str, year: int) -> str:
	"""The naming series of `year`: an imported case takes its reference in the series of the year it
	was received (CMP-2024-00001), so that each year's register holds that year's cases."""
	return series.replace(".YYYY.", f".{year:04d}.").replace(".YY.", f".{year % 100:02d}.")


def _shown(value: dt.datetime) -> str:
	return value.strftime("%Y-%m-%d %H:%M")
