"""A background job's scheduling group takes the job's lowered priority (beneficiary_care.framework.jobs): only
for RQ's work horse, which leads its own session and already runs below normal priority; a write the
kernel refuses for now (EAGAIN: once in 100 ms on the machine) is tried again."""

import errno
import os
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.framework import jobs


@given(st.integers(-20, 19), st.booleans())
def test_a_group_is_lowered_only_for_a_lowered_session_leader_and_never_raised(nice, leads):
	result = jobs.group_nice(nice, leads)
	if nice > 0 and leads:
		assert result == nice
	else:
		assert result is None  # a web worker (nice 0), a raised process, or a group that others share


def test_the_write_sets_the_groups_nice(tmp_path):
	group = tmp_path / "autogroup"
	assert jobs.set_group_nice(10, str(group))
	assert group.read_text() == "10"


def test_a_write_the_kernel_refuses_for_now_is_tried_again(monkeypatch, tmp_path):
	group, refusals = tmp_path / "autogroup", [errno.EAGAIN, errno.EAGAIN]
	real_open = open

	def kernel(path, mode="r"):
		if refusals:
			raise OSError(refusals.pop(), "Resource temporarily unavailable")
		return real_open(path, mode)

	monkeypatch.setattr(jobs, "open", kernel, raising=False)
	monkeypatch.setattr(jobs.time, "sleep", lambda seconds: None)
	assert jobs.set_group_nice(10, str(group))
	assert group.read_text() == "10" and not refusals


def test_a_kernel_without_autogroups_is_left_at_once(monkeypatch, tmp_path):
	slept = []
	monkeypatch.setattr(jobs.time, "sleep", slept.append)
	assert not jobs.set_group_nice(10, str(tmp_path / "no-such-dir" / "autogroup"))  # ENOENT
	assert slept == []


def _process(monkeypatch, nice: int, leads: bool, rq_job: bool):
	monkeypatch.setattr(os, "getpriority", lambda which, who: nice)
	monkeypatch.setattr(os, "getpid", lambda: 4242)
	monkeypatch.setattr(os, "getsid", lambda pid: 4242 if leads else 1)
	if rq_job:
		monkeypatch.setenv("RQ_JOB_ID", "a-job")
	else:
		monkeypatch.delenv("RQ_JOB_ID", raising=False)


@pytest.mark.parametrize(
	("nice", "leads", "rq_job", "written"),
	[
		(10, True, True, "10"),  # RQ's work horse under Frappe's set_niceness
		(19, True, True, "19"),
		(0, True, True, "untouched"),  # a job with no lowered priority
		(10, False, True, "untouched"),  # a group the process shares with others
		(10, True, False, "untouched"),  # not a job RQ forked (a test run, bench execute)
	],
)
def test_the_hook_writes_the_jobs_nice_to_its_own_group_only(
	monkeypatch, tmp_path, nice, leads, rq_job, written
):
	group = tmp_path / "autogroup"
	group.write_text("untouched")
	monkeypatch.setattr(jobs, "AUTOGROUP", str(group))
	_process(monkeypatch, nice, leads, rq_job)
	jobs.keep_below_requests()
	for thread in [t for t in threading.enumerate() if t.name == "bc-group-nice"]:
		thread.join(5)
	assert group.read_text() == written
