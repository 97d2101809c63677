"""Cases imported from the association's earlier records: their dates, what their status needs, and the
escalation ladder of a case whose deadlines passed before it was imported (core.history_import,
core.sla.passed_steps)."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import history_import as hi
from beneficiary_care.core import sla
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.lifecycle import ANSWERED, DONE, TRANSITIONS

T = dt.datetime
H = 3600
NOW = T(2026, 12, 2, 10, 0)
RECEIVED = T(2024, 3, 3, 9, 0)
ANSWERED_ON = T(2024, 3, 10, 11, 0)


def dates(**kw):
	return hi.HistoricalDates(**{"received_on": RECEIVED, **kw})


def error(call):
	with pytest.raises(CoreValidationError) as caught:
		call()
	return caught.value


# ------------------------------------------------------------------ dates a status implies


@pytest.mark.parametrize(
	"kind,status", [(k, s) for k in TRANSITIONS for s in sorted(ANSWERED[k] | {"Closed"})]
)
def test_an_answered_or_closed_case_needs_the_date_of_its_outcome(kind, status):
	err = error(lambda: hi.check_dates(kind, status, dates(), NOW))
	assert err.field == "resolved_on"
	assert err.params["new"] == status
	done = hi.check_dates(kind, status, dates(resolved_on=ANSWERED_ON), NOW)
	assert done.resolved_on == ANSWERED_ON
	# no first response on the sheet: the outcome was the first response
	assert done.first_responded_on == ANSWERED_ON
	assert done.closed_on == (ANSWERED_ON if status == "Closed" else None)


@pytest.mark.parametrize(
	"kind,status", [(k, s) for k in TRANSITIONS for s in TRANSITIONS[k] if s not in ANSWERED[k] | {"Closed"}]
)
def test_an_open_or_cancelled_case_has_no_resolved_or_closed_date(kind, status):
	assert hi.check_dates(kind, status, dates(), NOW) == dates()
	assert error(lambda: hi.check_dates(kind, status, dates(resolved_on=ANSWERED_ON), NOW)).field == (
		"resolved_on"
	)
	assert error(lambda: hi.check_dates(kind, status, dates(closed_on=ANSWERED_ON), NOW)).field == "closed_on"
	# a first response may have been given to an open case
	responded = dates(first_responded_on=ANSWERED_ON)
	assert hi.check_dates(kind, status, responded, NOW) == responded


def test_a_date_in_the_future_names_its_field():
	future = NOW + dt.timedelta(days=1)
	for field in ("received_on", "first_responded_on", "resolved_on", "closed_on"):
		values = {"resolved_on": ANSWERED_ON, field: future}
		if field == "received_on":
			values["resolved_on"] = future + dt.timedelta(hours=1)
		err = error(lambda values=values: hi.check_dates("Complaint", "Closed", dates(**values), NOW))
		assert err.field == field
		assert err.message == hi.MSG_FUTURE


def test_a_status_the_kind_does_not_know_is_refused():
	err = error(lambda: hi.check_dates("Inquiry", "Resolved", dates(resolved_on=ANSWERED_ON), NOW))
	assert err.field == "status"
	assert "Answered" in err.params["allowed"]


STEP = st.integers(min_value=0, max_value=400 * 24)  # hours after the case was received


@given(st.lists(st.one_of(st.none(), STEP), min_size=3, max_size=3), st.sampled_from(["Closed", "Resolved"]))
def test_dates_out_of_order_are_refused_on_the_later_field_and_in_order_are_kept(offsets, status):
	"""received ≤ first response ≤ resolved ≤ closed: the first field that comes before an earlier one
	is named; dates in order pass and are kept as given."""
	responded, resolved, closed = (
		RECEIVED + dt.timedelta(hours=h) if h is not None else None for h in offsets
	)
	if resolved is None:
		resolved = RECEIVED
	if status != "Closed":
		closed = None
	given_dates = dates(first_responded_on=responded, resolved_on=resolved, closed_on=closed)
	sequence = [(f, getattr(given_dates, f)) for f in hi.DATE_FIELDS if getattr(given_dates, f) is not None]
	wrong = next((f for (_, a), (f, b) in itertools.pairwise(sequence) if b < a), None)
	if wrong:
		err = error(lambda: hi.check_dates("Complaint", status, given_dates, NOW))
		assert err.field == wrong
		assert err.message == hi.MSG_BEFORE
	else:
		kept = hi.check_dates("Complaint", status, given_dates, NOW)
		for field in hi.DATE_FIELDS:
			if getattr(given_dates, field) is not None:
				assert getattr(kept, field) == getattr(given_dates, field)
		ordered = [getattr(kept, f) for f in hi.DATE_FIELDS if getattr(kept, f) is not None]
		assert ordered == sorted(ordered)


def test_an_answer_date_before_the_received_date_is_refused_on_the_answer_date():
	err = error(
		lambda: hi.check_dates("Inquiry", "Answered", dates(resolved_on=RECEIVED - dt.timedelta(days=1)), NOW)
	)
	assert err.field == "resolved_on"
	assert err.params["other_field"] == "Received On"
	assert "Received On" in err.render()


# ------------------------------------------------------------------ what a status needs


def test_what_each_status_needs_is_needed_on_import_too():
	assert error(
		lambda: hi.check_outcome("Complaint", "Resolved", answer="", rejection_reason=None)
	).field == ("resolution")
	assert (
		error(lambda: hi.check_outcome("Complaint", "Rejected", answer="", rejection_reason=" ")).field
		== "rejection_reason"
	)
	assert error(
		lambda: hi.check_outcome("Inquiry", "Answered", answer="<p><br></p>", rejection_reason=None)
	).field == ("resolution")
	assert error(
		lambda: hi.check_outcome("Complaint", "Closed", answer=None, rejection_reason=None)
	).message == (hi.MSG_CLOSED_COMPLAINT_OUTCOME)
	assert error(
		lambda: hi.check_outcome("Suggestion", "Closed", answer=None, rejection_reason=None)
	).message == (hi.MSG_CLOSED_OUTCOME)
	# closed after a rejection: the reason is the outcome; a reply without a contact is fine (nothing is sent)
	hi.check_outcome("Complaint", "Closed", answer=None, rejection_reason="خارج نطاق الجمعية")
	hi.check_outcome("Complaint", "Resolved", answer="تم صرف السلة", rejection_reason=None)
	for kind in TRANSITIONS:
		for status in TRANSITIONS[kind]:
			if status not in DONE[kind]:
				hi.check_outcome(kind, status, answer=None, rejection_reason=None)


@pytest.mark.parametrize(
	"status,answer,reason,expected",
	[
		("New", None, None, None),
		("Cancelled", None, None, None),
		("Rejected", None, "سبب", "Rejected"),
		("In Progress", None, None, "Accepted"),
		("Resolved", "جواب", None, "Accepted"),
		("Reopened", None, None, "Accepted"),
		("Closed", "جواب", None, "Accepted"),
		("Closed", None, "سبب", "Rejected"),
		("Closed", "جواب", "سبب", "Accepted"),
	],
)
def test_a_complaints_acceptance_follows_where_its_history_ended(status, answer, reason, expected):
	assert hi.acceptance(status, answer=answer, rejection_reason=reason) == expected


def test_a_reopened_case_was_reopened_at_least_once():
	assert hi.reopen_count("Reopened", 0) == 1
	assert hi.reopen_count("Reopened", 3) == 3
	assert hi.reopen_count("Closed", None) == 0


@given(st.integers(min_value=2000, max_value=2099))
def test_the_series_of_the_year_received(year):
	assert hi.series_for_year("CMP-.YYYY.-", year) == f"CMP-.{year}.-"
	assert hi.series_for_year("INQ-.YY.-", year) == f"INQ-.{year % 100:02d}.-"


# ------------------------------------------------------------------ the ladder of an imported case

# the working week and the four-step ladder of the SLA tests
from tests.unit.test_sla import CAL, LADDER  # noqa: E402

START = T(2026, 3, 1, 8, 0)  # a Sunday


def clock(ladder_from=None, **kw):
	return sla.Clock(
		received_on=START,
		clock_start=kw.pop("clock_start", START),
		response_seconds=8 * H,
		resolution_seconds=40 * H,
		ladder_from=ladder_from,
		**kw,
	)


@given(
	imported_after=st.integers(min_value=0, max_value=120 * H),
	looked_after=st.integers(min_value=0, max_value=120 * H),
)
def test_no_step_due_before_the_import_is_ever_applied_and_every_later_one_is(imported_after, looked_after):
	"""A case imported at `t` (its ladder from `t`): at any later look, the steps due are exactly those
	whose threshold falls after the clock use at `t` and by the clock use at the look."""
	imported = CAL.add(START, imported_after)
	look = CAL.add(imported, looked_after)
	c = clock(ladder_from=imported)
	used_then, used_now = sla.used(CAL, c, imported), sla.used(CAL, c, look)
	thresholds = [sla.step_threshold_seconds(s, c.resolution_seconds) for s in LADDER]
	passed = sla.passed_steps(CAL, c, LADDER)
	assert passed == {i for i, t in enumerate(thresholds) if t <= used_then}
	due = sla.due_steps(LADDER, passed, used_now, c.resolution_seconds)
	assert due == [i for i, t in enumerate(thresholds) if used_then < t <= used_now]
	upcoming = sla.next_event(CAL, c, look, 0.75, LADDER)
	if due:
		assert upcoming == look
	else:
		assert upcoming is None or upcoming > look


def test_a_case_imported_long_after_its_ladder_ended_is_never_looked_at_again():
	imported = T(2026, 12, 2, 10, 0)
	c = clock(ladder_from=imported, first_responded_on=T(2026, 3, 2, 9, 0))
	assert sla.passed_steps(CAL, c, LADDER) == {0, 1, 2, 3}
	assert sla.status(CAL, c, imported, 0.75) == sla.BREACHED
	assert sla.next_event(CAL, c, imported, 0.75, LADDER) is None


def test_a_new_round_after_the_import_has_the_whole_ladder():
	"""Reopened after it was imported: the clock starts again, and no step has passed."""
	imported = T(2026, 6, 1, 10, 0)
	c = clock(ladder_from=imported, clock_start=T(2026, 7, 5, 8, 0))
	assert sla.passed_steps(CAL, c, LADDER) == set()
	assert sla.passed_steps(CAL, clock(), LADDER) == set()  # not imported: nothing passed
