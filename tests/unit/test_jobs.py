"""A background job's scheduling group takes the job's lowered priority (beneficiary_care.jobs): only
for a process that leads its own session and already runs below normal priority."""

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care import jobs


@given(st.integers(-20, 19), st.booleans())
def test_a_group_is_lowered_only_for_a_lowered_session_leader_and_never_raised(nice, leads):
	result = jobs.group_nice(nice, leads)
	if nice > 0 and leads:
		assert result == nice
	else:
		assert result is None  # a web worker (nice 0), a raised process, or a group that others share


def _process(monkeypatch, nice: int, leads: bool):
	monkeypatch.setattr(os, "getpriority", lambda which, who: nice)
	monkeypatch.setattr(os, "getpid", lambda: 4242)
	monkeypatch.setattr(os, "getsid", lambda pid: 4242 if leads else 1)


@pytest.mark.parametrize(
	("nice", "leads", "written"),
	[(10, True, "10"), (19, True, "19"), (0, True, "untouched"), (10, False, "untouched")],
)
def test_the_hook_writes_the_jobs_nice_to_its_own_group(monkeypatch, tmp_path, nice, leads, written):
	group = tmp_path / "autogroup"
	group.write_text("untouched")
	_process(monkeypatch, nice, leads)
	jobs.keep_below_requests(str(group))
	assert group.read_text() == written


def test_a_kernel_without_autogroups_leaves_the_job_as_it_is(monkeypatch, tmp_path):
	_process(monkeypatch, 10, True)
	jobs.keep_below_requests(str(tmp_path / "no-such-dir" / "autogroup"))  # OSError: no exception
