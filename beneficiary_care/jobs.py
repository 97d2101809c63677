"""Background jobs stay below web requests on the CPU, as Frappe means them to.

Frappe lowers its RQ workers' priority so that requests come first (`set_niceness`: nice 10, or the
site config's `background_process_niceness`). RQ runs each job in a forked work horse that calls
setsid(). On a Linux kernel with autogroup scheduling (`kernel.sched_autogroup_enabled = 1`, the
default of Debian's and Ubuntu's kernels), each session is a scheduling group of its own, and a nice
value only ranks a process inside its group. So each running job weighed as much as all the web
workers of the bench together: in `benchmarks/soak.py` two jobs took 1.05 cores of 2 at nice 10, while
the gunicorn workers, at nice 0, spent 2.7 times the wall time waiting for a CPU (README, Benchmarks).

Frappe v15 has nothing for this, so this `before_job` hook gives the job's own group the job's nice
value: Frappe's setting holds again. It needs no privilege (a process may lower its own priority) and
touches nothing else: only a process that leads a session of its own (the work horse) and already runs
below normal priority, never a web worker's group, a test run or `bench execute`.

No Frappe import: tier 1 tests it.
"""

from __future__ import annotations

import os

AUTOGROUP = "/proc/self/autogroup"


def group_nice(nice: int, leads_own_session: bool) -> int | None:
	"""The nice value a job's scheduling group should take, or None to leave the group alone."""
	if nice <= 0 or not leads_own_session:
		return None
	return min(nice, 19)


def keep_below_requests(autogroup: str = AUTOGROUP) -> None:
	"""before_job hook (hooks.py)."""
	nice = group_nice(os.getpriority(os.PRIO_PROCESS, 0), os.getsid(0) == os.getpid())
	if nice is None:
		return
	try:
		with open(autogroup, "w") as f:
			f.write(str(nice))
	except OSError:
		pass  # a kernel without autogroups (or not Linux): the process's own nice already ranks it
