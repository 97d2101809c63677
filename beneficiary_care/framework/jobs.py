"""Background jobs stay below web requests on the CPU, as Frappe means them to.

Frappe lowers its RQ workers' priority so that requests come first (`set_niceness`: nice 10, or the
site config's `background_process_niceness`). RQ runs each job in a forked work horse that calls
setsid(). On a Linux kernel with autogroup scheduling (`kernel.sched_autogroup_enabled = 1`, the
default of Debian's and Ubuntu's kernels, for processes outside a CPU cgroup of their own), each
session is a scheduling group of its own, and a nice value only ranks a process inside its group. So
each running job weighed as much as all the web workers of the bench together: in
`benchmarks/soak.py` two jobs took 1.05 cores of 2 at nice 10, while the gunicorn workers, at nice 0,
spent 2.7 times the wall time waiting for a CPU (README, Benchmarks).

Frappe v15 has nothing for this, so this `before_job` hook gives the job's own group the job's nice
value: Frappe's setting holds again. Frappe v16's RQ 2 no longer calls setsid() in the work horse (only
setpgrp()): the job stays in its worker's session and group, where the nice value already ranks it,
and the hook, finding no session of the job's own, leaves that group alone. It needs no privilege (a process may lower its own priority), but
the kernel takes such a change from an unprivileged process once in 100 ms on the whole machine
(EAGAIN otherwise), so a thread of the job retries while the job goes on. It touches nothing else:
only a process that RQ forked for a job, that leads a session of its own and already runs below
normal priority; never a web worker's group, a test run or `bench execute`.

No Frappe import: tier 1 tests it.
"""

from __future__ import annotations

import errno
import os
import threading
import time

AUTOGROUP = "/proc/self/autogroup"
RETRY_EVERY = 0.01  # seconds; the kernel's window is 100 ms
GIVE_UP_AFTER = 2.0  # seconds: a machine changing groups that often has jobs of a few ms


def group_nice(nice: int, leads_own_session: bool) -> int | None:
	"""The nice value a job's scheduling group should take, or None to leave the group alone."""
	if nice <= 0 or not leads_own_session:
		return None
	return min(nice, 19)


def set_group_nice(nice: int, autogroup: str | None = None) -> bool:
	"""Write the group's nice value, again while the kernel answers EAGAIN; False if it never took it
	(a kernel without autogroups, or the machine busy changing groups)."""
	for _ in range(int(GIVE_UP_AFTER / RETRY_EVERY)):
		try:
			with open(autogroup or AUTOGROUP, "w") as f:
				f.write(str(nice))
			return True
		except OSError as error:
			if error.errno != errno.EAGAIN:
				return False
			time.sleep(RETRY_EVERY)
	return False


def keep_below_requests() -> None:
	"""before_job hook (hooks.py)."""
	in_own_session = os.getsid(0) == os.getpid() and "RQ_JOB_ID" in os.environ  # RQ's work horse
	nice = group_nice(os.getpriority(os.PRIO_PROCESS, 0), in_own_session)
	if nice is not None:
		threading.Thread(target=set_group_nice, args=(nice,), daemon=True, name="bc-group-nice").start()
