"""The association's first day (core.first_day): each step done only when the data says so."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import first_day as fd
from beneficiary_care.core.first_day import Facts

READY = Facts(
	association_name=True,
	association_logo=True,
	association_phone=True,
	association_address=True,
	holidays_this_year=4,
	ramadan_this_year=True,
	ramadan_hours=True,
	departments_with_active_member=1,
	sms_reached_provider=True,
	outgoing_email=True,
	whatsapp_connected=True,
	portal_cases=1,
	imported_cases=1,
	acknowledged_cases=1,
)
# the one fact whose absence keeps each step open
KEEPS_OPEN = {
	"association_name": fd.ASSOCIATION,
	"association_logo": fd.ASSOCIATION,
	"association_phone": fd.ASSOCIATION,
	"association_address": fd.ASSOCIATION,
	"holidays_this_year": fd.CALENDAR,
	"ramadan_this_year": fd.CALENDAR,
	"ramadan_hours": fd.CALENDAR,
	"departments_with_active_member": fd.DEPARTMENTS,
	"sms_reached_provider": fd.SMS,
	"outgoing_email": fd.EMAIL,
	"whatsapp_connected": fd.WHATSAPP,
	"portal_cases": fd.PORTAL,
	"imported_cases": fd.HISTORY,
	"acknowledged_cases": fd.FIRST_CASE,
}


def test_a_fresh_site_has_every_step_open_and_starts_with_the_association():
	assert not any(fd.done(Facts()).values())
	assert fd.next_step(Facts()) == fd.ASSOCIATION


def test_every_fact_is_read_by_exactly_its_step():
	assert set(KEEPS_OPEN) == {f.name for f in dataclasses.fields(Facts)}
	assert all(fd.done(READY).values())
	for fact, step in KEEPS_OPEN.items():
		missing = dataclasses.replace(READY, **{fact: type(getattr(READY, fact))()})
		state = fd.done(missing)
		assert [s for s, ok in state.items() if not ok] == [step], fact


def test_the_steps_come_in_the_order_of_the_day_and_each_says_what_is_missing():
	assert fd.STEPS[0] == fd.ASSOCIATION and fd.STEPS[-1] == fd.FIRST_CASE
	assert fd.STEPS.index(fd.DEPARTMENTS) < fd.STEPS.index(fd.SMS) < fd.STEPS.index(fd.FIRST_CASE)
	assert set(fd.MISSING) == set(fd.STEPS) and all(fd.MISSING.values())


@pytest.mark.parametrize("step", fd.STEPS)
def test_only_whatsapp_and_history_may_be_skipped(step):
	assert fd.may_skip(step) is (step in (fd.WHATSAPP, fd.HISTORY))


@given(st.fixed_dictionaries({f: st.booleans() for f in KEEPS_OPEN}), st.sets(st.sampled_from(fd.STEPS)))
def test_the_next_step_is_the_first_neither_done_nor_skipped(flags, skipped):
	facts = Facts(
		**{
			f: (
				int(v)
				if isinstance(getattr(READY, f), int) and not isinstance(getattr(READY, f), bool)
				else v
			)
			for f, v in flags.items()
		}
	)
	state, following = fd.done(facts), fd.next_step(facts, frozenset(skipped))
	open_steps = [s for s in fd.STEPS if not state[s] and s not in skipped]
	assert following == (open_steps[0] if open_steps else None)
