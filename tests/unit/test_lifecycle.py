import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import lifecycle as lc
from beneficiary_care.core.errors import CoreValidationError

KINDS = list(lc.TRANSITIONS)


def refused(message, fn, *args, **kwargs):
	with pytest.raises(CoreValidationError) as err:
		fn(*args, **kwargs)
	assert err.value.message == message
	return err.value


def test_complaint_happy_path():
	path = [
		"New",
		"Accepted",
		"In Progress",
		"Awaiting Beneficiary",
		"In Progress",
		"Resolved",
		"Closed",
		"Reopened",
		"Resolved",
	]
	for old, new in itertools.pairwise(path):
		lc.check_transition("Complaint", old, new)


def test_inquiry_and_suggestion_paths():
	for old, new in [
		("New", "Answered"),
		("Answered", "Closed"),
		("Closed", "Reopened"),
		("Reopened", "Answered"),
	]:
		lc.check_transition("Inquiry", old, new)
	for old, new in [("New", "Under Study"), ("Under Study", "Adopted"), ("Adopted", "Closed")]:
		lc.check_transition("Suggestion", old, new)


def test_refused_transition_explains_what_is_allowed():
	err = refused(lc.MSG_TRANSITION, lc.check_transition, "Complaint", "New", "Closed")
	assert err.field == "status"
	assert err.params["allowed"] == ("Accepted", "Rejected", "In Progress", "Resolved", "Cancelled")
	assert (
		str(err)
		== "cannot change from New to Closed; allowed next: Accepted, Rejected, In Progress, Resolved, Cancelled"
	)
	arabic = {"New": "جديدة", "Closed": "مغلقة", "Accepted": "مقبولة"}
	assert "«جديدة» إلى «مغلقة»" in err.render(
		lambda s: {lc.MSG_TRANSITION: "من «{old}» إلى «{new}»: {allowed}"}.get(s, arabic.get(s, s))
	)
	refused(lc.MSG_TRANSITION, lc.check_transition, "Inquiry", "New", "Reopened")
	refused(lc.MSG_NO_TRANSITION, lc.check_transition, "Suggestion", "Cancelled", "New")


def test_registration_starts_new_unless_resolved_at_first_contact():
	lc.check_transition("Complaint", None, "New")
	refused(lc.MSG_NEW_STATUS, lc.check_transition, "Complaint", None, "Resolved")
	assert lc.check_transition("Complaint", None, "Resolved", first_contact_resolution=True).answers
	assert lc.check_transition("Inquiry", None, "Answered", first_contact_resolution=True).answers


def test_reopening_is_recognised():
	assert lc.check_transition("Inquiry", "Closed", "Reopened").is_reopening
	assert not lc.check_transition("Inquiry", "Reopened", "Reopened").is_reopening


@given(st.sampled_from(KINDS), st.data())
def test_every_status_can_reach_an_end_and_cancelled_is_final(kind, data):
	graph = lc.TRANSITIONS[kind]
	assert graph[lc.CANCELLED] == frozenset()
	start = data.draw(st.sampled_from(list(graph)))
	seen, frontier = {start}, [start]
	while frontier:
		for nxt in graph[frontier.pop()]:
			if nxt not in seen:
				seen.add(nxt)
				frontier.append(nxt)
	assert seen & lc.DONE[kind]


@given(st.sampled_from(KINDS), st.data())
def test_check_transition_agrees_with_the_table(kind, data):
	graph = lc.TRANSITIONS[kind]
	old = data.draw(st.sampled_from(list(graph)))
	new = data.draw(st.sampled_from(list(graph)))
	allowed = new in graph[old] or new == old
	try:
		lc.check_transition(kind, old, new)
		assert allowed
	except CoreValidationError:
		assert not allowed


def test_answering_needs_an_answer_a_reason_and_a_contact():
	answer = lc.check_transition("Inquiry", "New", "Answered")
	err = refused(
		lc.MSG_ANSWER_REQUIRED,
		lc.check_requirements,
		answer,
		answer="<p><br></p>",
		has_contact=True,
		first_contact_resolution=False,
	)
	assert err.field == "resolution"
	refused(
		lc.MSG_CONTACT_REQUIRED,
		lc.check_requirements,
		answer,
		answer="الجواب",
		has_contact=False,
		first_contact_resolution=False,
	)
	lc.check_requirements(answer, answer="الجواب", has_contact=False, first_contact_resolution=True)
	reject = lc.check_transition("Complaint", "New", "Rejected")
	err = refused(
		lc.MSG_REASON_REQUIRED,
		lc.check_requirements,
		reject,
		answer=None,
		rejection_reason=" ",
		has_contact=True,
		first_contact_resolution=False,
	)
	assert err.field == "rejection_reason"
	lc.check_requirements(
		reject,
		answer=None,
		rejection_reason="خارج الاختصاص",
		has_contact=True,
		first_contact_resolution=False,
	)


def test_registration_needs_a_way_to_answer():
	refused(lc.MSG_CONTACT_REQUIRED, lc.check_reachable, has_contact=False, first_contact_resolution=False)
	lc.check_reachable(has_contact=False, first_contact_resolution=True)
	lc.check_reachable(has_contact=False, first_contact_resolution=False, is_anonymous=True)
	lc.check_reachable(has_contact=True, first_contact_resolution=False)


@pytest.mark.parametrize(
	("status", "current", "expected"),
	[
		("New", None, None),
		("Accepted", None, "Accepted"),
		("In Progress", None, "Accepted"),
		("Awaiting Beneficiary", None, "Accepted"),
		("Resolved", None, "Accepted"),
		("Rejected", None, "Rejected"),
		("Closed", "Rejected", "Rejected"),  # closing keeps the decision
		("Reopened", "Accepted", "Accepted"),
		("Cancelled", None, None),
	],
)
def test_acceptance_follows_the_decision(status, current, expected):
	assert lc.acceptance(status, current) == expected


def test_the_outcome_sent_is_a_decision_or_an_answer():
	def sent(kind, old, new, at_registration=False):
		return lc.outcome_message(lc.Transition(kind, old, new), at_registration)

	assert sent("Complaint", "In Progress", "Resolved") == "Answer"
	assert sent("Complaint", "New", "Rejected") == "Decision"
	assert sent("Inquiry", "New", "Answered") == "Answer"
	assert sent("Suggestion", "Under Study", "Adopted") == "Decision"
	assert sent("Suggestion", "Under Study", "Declined") == "Decision"
	assert sent("Complaint", "Resolved", "Resolved") is None  # saved again: nothing new to tell
	assert sent("Complaint", "New", "In Progress") is None
	assert sent("Inquiry", None, "Answered", at_registration=True) is None  # answered face to face
