"""The life of a case: which status may follow which, and what each step requires.

Complaint:  New → Accepted / Rejected → In Progress → Awaiting Beneficiary → Resolved → Closed → Reopened
Inquiry:    New → Answered → Closed → Reopened
Suggestion: New → Under Study → Adopted / Declined → Closed
Any open case may be Cancelled (with a reason); a cancelled case stays cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from beneficiary_care.core.errors import CoreValidationError

CANCELLED = "Cancelled"
REOPENED = "Reopened"

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
	"Complaint": {
		"New": frozenset({"Accepted", "Rejected", "In Progress", "Resolved", CANCELLED}),
		"Accepted": frozenset({"In Progress", "Awaiting Beneficiary", "Resolved", CANCELLED}),
		"Rejected": frozenset({"Closed", "Reopened"}),
		"In Progress": frozenset({"Awaiting Beneficiary", "Resolved", CANCELLED}),
		"Awaiting Beneficiary": frozenset({"In Progress", "Resolved", CANCELLED}),
		"Resolved": frozenset({"Closed", "Reopened"}),
		"Closed": frozenset({"Reopened"}),
		"Reopened": frozenset({"In Progress", "Awaiting Beneficiary", "Resolved", CANCELLED}),
		CANCELLED: frozenset(),
	},
	"Inquiry": {
		"New": frozenset({"Answered", CANCELLED}),
		"Answered": frozenset({"Closed", "Reopened"}),
		"Closed": frozenset({"Reopened"}),
		"Reopened": frozenset({"Answered", CANCELLED}),
		CANCELLED: frozenset(),
	},
	"Suggestion": {
		"New": frozenset({"Under Study", "Adopted", "Declined", CANCELLED}),
		"Under Study": frozenset({"Adopted", "Declined", CANCELLED}),
		"Adopted": frozenset({"Closed"}),
		"Declined": frozenset({"Closed"}),
		"Closed": frozenset(),
		CANCELLED: frozenset(),
	},
}

# Statuses in which the submitter has been given the outcome (an answer, a decision).
ANSWERED = {
	"Complaint": frozenset({"Resolved", "Rejected"}),
	"Inquiry": frozenset({"Answered"}),
	"Suggestion": frozenset({"Adopted", "Declined"}),
}
# Statuses that end the work on a case.
DONE = {kind: answered | {"Closed", CANCELLED} for kind, answered in ANSWERED.items()}
# Waiting on the beneficiary: the resolution clock stops.
PAUSED = frozenset({"Awaiting Beneficiary"})
# Outcomes that are decisions (a rejection, a suggestion adopted or declined), not answers.
DECIDED = frozenset({"Rejected", "Adopted", "Declined"})
# A complaint in one of these was taken up: it counts as accepted (KPIS.md, acceptance).
TAKEN_UP = frozenset({"Accepted", "In Progress", "Awaiting Beneficiary", "Resolved"})

MSG_TRANSITION = "cannot change from {old} to {new}; allowed next: {allowed}"
MSG_NO_TRANSITION = "cannot change from {old}: the case is {old}"
MSG_NEW_STATUS = "a new case starts as New, not {new}"
MSG_ANSWER_REQUIRED = "write the answer before marking the case {new}"
MSG_REASON_REQUIRED = "is required to mark the case {new}"
MSG_CONTACT_REQUIRED = (
	"a mobile or an email is needed to send the answer (or mark it resolved at first contact)"
)


@dataclass(frozen=True)
class Transition:
	kind: str
	old: str | None  # None for a new case
	new: str

	@property
	def is_reopening(self) -> bool:
		return self.new == "Reopened" and self.old not in (None, "Reopened")

	@property
	def answers(self) -> bool:
		"""The step gives the submitter the outcome (an answer or a decision is to be sent)."""
		return self.new in ANSWERED[self.kind] and self.old != self.new


def statuses(kind: str) -> list[str]:
	"""The kind's statuses in the order the form offers them (the DocType's Select options)."""
	return list(TRANSITIONS[kind])


def check_transition(
	kind: str, old: str | None, new: str, first_contact_resolution: bool = False
) -> Transition:
	"""Raise CoreValidationError on `status` when the lifecycle forbids old → new."""
	if old is None:
		# Registration: New, or already answered when resolved at first contact.
		if new != "New" and not (first_contact_resolution and new in ANSWERED[kind]):
			raise CoreValidationError("status", MSG_NEW_STATUS, new=new)
		return Transition(kind, old, new)
	if old == new:
		return Transition(kind, old, new)
	allowed = TRANSITIONS[kind].get(old, frozenset())
	if new not in allowed:
		if not allowed:
			raise CoreValidationError("status", MSG_NO_TRANSITION, old=old, new=new)
		order = list(TRANSITIONS[kind])
		raise CoreValidationError(
			"status",
			MSG_TRANSITION,
			old=old,
			new=new,
			allowed=tuple(sorted(allowed, key=order.index)),
		)
	return Transition(kind, old, new)


def check_requirements(
	transition: Transition,
	*,
	answer: str | None,
	rejection_reason: str | None = None,
	has_contact: bool,
	first_contact_resolution: bool,
) -> None:
	"""What a step needs: an answer to answer, a reason to reject, a way to reach the submitter."""
	new = transition.new
	if transition.answers and new != "Rejected" and not _has_text(answer):
		raise CoreValidationError("resolution", MSG_ANSWER_REQUIRED, new=new)
	if new == "Rejected" and not _has_text(rejection_reason):
		raise CoreValidationError("rejection_reason", MSG_REASON_REQUIRED, new=new)
	if transition.answers and not has_contact and not first_contact_resolution:
		raise CoreValidationError("mobile", MSG_CONTACT_REQUIRED)


def check_reachable(*, has_contact: bool, first_contact_resolution: bool, is_anonymous: bool = False) -> None:
	"""A case registered for an answer later needs a mobile or an email. Not needed when it was
	resolved at first contact, or for an anonymous complaint whose submitter left no contact."""
	if not has_contact and not first_contact_resolution and not is_anonymous:
		raise CoreValidationError("mobile", MSG_CONTACT_REQUIRED)


def _has_text(value: str | None) -> bool:
	"""True when `value` holds words, not only markup or spaces (a Text Editor's empty '<p><br></p>')."""
	if not value:
		return False
	text, inside = [], False
	for ch in value:
		if ch == "<":
			inside = True
		elif ch == ">":
			inside = False
		elif not inside:
			text.append(ch)
	return bool("".join(text).replace("&nbsp;", " ").strip())


def acceptance(status: str, current: str | None) -> str | None:
	"""A complaint's acceptance as the acceptance KPI counts it: rejected, or accepted once taken up;
	otherwise what it was (a closed or reopened complaint keeps its decision)."""
	if status == "Rejected":
		return "Rejected"
	if status in TAKEN_UP:
		return "Accepted"
	return current


def outcome_message(transition: Transition, answered_at_registration: bool) -> str | None:
	"""Which message a step sends the submitter: "Decision", "Answer", or None (no outcome given, or
	the case was answered face to face when it was registered)."""
	if not transition.answers or answered_at_registration:
		return None
	return "Decision" if transition.new in DECIDED else "Answer"
