"""Workers that die (issue 13): a sweep killed with SIGKILL in the middle of a batch, and a sweep whose
MariaDB server restarts under it, leave nothing half-done (a batch is one transaction: its Case
Escalation rows, comments and case updates commit together or not at all), and the next run applies
every due step, each once.

Each sweep runs in a process of its own (the bench's Python), paused in the middle of its second batch
(after the batch's writes, before its commit) so that the kill or the restart lands there every time.

And two real RQ workers given the scheduler's jobs twice over at once (the escalation sweep, the daily
figures' refresh, the message retries, beside the messages' own after-commit delivery jobs): each step
once, each message once, and figures equal to a recount."""

from tests.integration import require_site

require_site()

import datetime as dt
import importlib.metadata
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import frappe
import pytest
from frappe.query_builder.functions import Count

from beneficiary_care.framework.helpers import ROW_META
from beneficiary_care.messaging import delivery
from beneficiary_care.reporting.figures_rollup import delete_cases_and_records
from beneficiary_care.service_levels import escalation
from tools import replica as servers

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "BC-WORKER-"
N = 1_200  # three batches of escalation.BATCH (500)
SUNDAY = dt.datetime(2026, 11, 8, 8, 0)  # the clock starts at 08:00 on the seed calendar
HERD = dt.datetime(2026, 11, 10, 12, 0)  # 20 of 40 working hours: the 50 % step, for every case

SWEEPER = textwrap.dedent(
	"""
	import datetime as dt, sys
	sys.path.insert(0, {root!r})
	import frappe
	frappe.init(site={site!r}, sites_path=".")
	frappe.connect()
	from beneficiary_care.service_levels import escalation
	real = escalation._sweep_rows
	batches = []
	def paused(doctype, rows, now, applied):
		done = real(doctype, rows, now, applied)
		batches.append(len(rows))
		if len(batches) == 2:  # the second batch is written, not committed
			print("mid-batch", flush=True)
			sys.stdin.readline()
		return done
	escalation._sweep_rows = paused
	print(escalation.sweep(now=dt.datetime.fromisoformat({now!r})), flush=True)
	"""
)


@pytest.fixture
def herd(site):
	"""N open complaints received on Sunday at 08:00, all due their 50 % step at Tuesday 12:00,
	committed (the sweeps run in other processes) and removed afterwards."""
	policy = frappe.db.get_value("Care SLA Policy", {"name": "الشكاوى - افتراضي"}, "name")
	channel = frappe.db.get_value("Case Channel", {"code": "phone"}, "name")
	columns = [
		*ROW_META,
		*("received_on", "sla_clock_start", "first_responded_on", "channel", "subject", "description"),
		*("status", "priority", "acceptance", "sla_policy", "next_sla_event_on"),
		*("escalation_level", "reopen_count", "reassignment_count"),
	]
	rows = [
		(
			f"{PREFIX}{i:05d}",
			SUNDAY,
			SUNDAY,
			"Administrator",
			"Administrator",
			0,
			SUNDAY,
			SUNDAY,
			SUNDAY + dt.timedelta(hours=1),
			channel,
			"قياس العمال",
			"حالة أنشأها اختبار العمال وتحذف بعده.",
			"In Progress",
			"Medium",
			"Accepted",
			policy,
			HERD - dt.timedelta(minutes=1),
			0,
			0,
			0,
		)
		for i in range(N)
	]
	frappe.db.bulk_insert("Complaint", columns, rows, chunk_size=2000)
	frappe.db.commit()
	yield [row[0] for row in rows]
	_reconnect()
	delete_cases_and_records("Complaint", [row[0] for row in rows])
	frappe.db.commit()


def _reconnect() -> None:
	try:
		frappe.db.sql("SELECT 1")
	except Exception:
		frappe.db.close()
		frappe.db.connect()


def _sweeper(site: str) -> subprocess.Popen:
	process = subprocess.Popen(
		[sys.executable, "-c", SWEEPER.format(root=str(ROOT), site=site, now=HERD.isoformat())],
		cwd=os.getcwd(),  # the bench's sites folder (conftest)
		stdin=subprocess.PIPE,
		stdout=subprocess.PIPE,
		stderr=subprocess.PIPE,
		text=True,
	)
	assert process.stdout.readline().strip() == "mid-batch", process.stderr.read()[-2000:]
	return process


def _state(names: list[str]) -> dict:
	like = ["like", f"{PREFIX}%"]
	escalations = frappe.qb.DocType("Case Escalation")
	rows = (
		frappe.qb.from_(escalations)
		.select(escalations.reference_name, escalations.step, Count("*").as_("n"))
		.where(escalations.reference_name.like(f"{PREFIX}%"))
		.groupby(escalations.reference_name, escalations.step)
	).run(as_dict=True)
	escalated = frappe.db.count("Complaint", {"name": like, "escalation_level": [">", 0]})
	comments = frappe.db.count("Comment", {"reference_name": like, "comment_type": "Info"})
	return {
		"cases with a step": len({r.reference_name for r in rows}),
		"most rows for one step": max((r.n for r in rows), default=0),
		"cases escalated": escalated,
		"comments": comments,
		"still due": frappe.db.count("Complaint", {"name": like, "next_sla_event_on": ["<=", HERD]}),
	}


def _finish_and_check(names: list[str], after_the_fault: dict) -> None:
	# nothing half-done: the first batch whole, the second not at all
	assert after_the_fault["cases with a step"] == escalation.BATCH
	assert after_the_fault["cases escalated"] == escalation.BATCH  # the case updates went with their rows
	assert after_the_fault["comments"] == escalation.BATCH
	frappe.local.bc_sla_cache = {}
	counts = escalation.sweep(now=HERD)  # the next run
	frappe.db.commit()
	assert counts["escalations"] == N - escalation.BATCH and counts["failed"] == 0
	assert _state(names) == {
		"cases with a step": N,
		"most rows for one step": 1,
		"cases escalated": N,
		"comments": N,
		"still due": 0,
	}
	assert escalation.sweep(now=HERD)["escalations"] == 0  # and a third run finds nothing to do


def test_a_sweep_killed_in_the_middle_of_a_batch_leaves_it_undone_and_the_next_run_applies_each_step_once(
	site, herd
):
	process = _sweeper(site)
	process.send_signal(signal.SIGKILL)
	process.wait(timeout=30)
	assert process.returncode == -signal.SIGKILL
	frappe.db.rollback()  # see what the other process committed
	_finish_and_check(herd, _state(herd))


def test_a_mariadb_restart_in_the_middle_of_a_sweep_leaves_nothing_half_done(site, herd):
	if not os.environ.get("BC_DB_SUPERVISED"):
		pytest.skip(
			"nothing restarts MariaDB here: .ci/run supervises it (BC_DB_SUPERVISED=1) as systemd would"
		)
	primary = servers.Primary()
	process = _sweeper(site)
	primary.sql("SHUTDOWN")  # the supervisor starts it again, as systemd's Restart= does
	for _ in range(120):
		time.sleep(0.5)
		try:
			primary.sql("SELECT 1")
			break
		except servers.ReplicaError:
			continue
	else:
		pytest.fail("MariaDB did not come back within 60 s")
	_out, err = process.communicate("go\n", timeout=60)
	assert process.returncode != 0  # the sweep's connection died under it: it stops, loudly
	assert "Lost connection" in err or "gone away" in err or "OperationalError" in err, err[-2000:]
	_reconnect()
	_finish_and_check(herd, _state(herd))


# ------------------------------------------------------------------ two workers, the scheduler's jobs twice

MESSAGES = 200  # a due acknowledgement SMS on each of the first MESSAGES cases of the herd


@pytest.fixture
def gateway_for_workers(site):
	"""A local SMS gateway, committed into SMS Settings for the workers; the settings restored after."""
	from tools.loopback import Gateway

	gateway = Gateway()
	gateway.delay = 0.01  # a delivery job of MESSAGES lasts seconds: the two workers overlap
	gateway.up()
	sms = frappe.get_single("SMS Settings")
	saved = {
		k: sms.get(k) for k in ("sms_gateway_url", "message_parameter", "receiver_parameter", "use_post")
	}
	sms.update(
		{
			"sms_gateway_url": gateway.url,
			"message_parameter": "msg",
			"receiver_parameter": "to",
			"use_post": 1,
		}
	)
	sms.save()
	frappe.db.commit()
	yield gateway
	gateway.down()
	_reconnect()
	for key, value in saved.items():
		frappe.db.set_single_value("SMS Settings", key, value)
	frappe.db.commit()
	frappe.clear_document_cache("SMS Settings", "SMS Settings")


def _due_messages(names: list[str]) -> list[str]:
	stamp = frappe.utils.now_datetime().replace(microsecond=0)
	due = stamp - dt.timedelta(minutes=10)  # past the after-commit job's grace: the retries take them too
	columns = [*ROW_META, "reference_doctype", "reference_name", "purpose", "medium", "recipient"]
	columns += ["message", "status", "attempts", "next_attempt_on"]
	rows = [
		(
			*(f"{PREFIX}MSG-{i:04d}", stamp, stamp, "Administrator", "Administrator", 0, "Complaint", case),
			*("Acknowledgement", "SMS", f"05{i:08d}", f"تم استلام طلبكم رقم {case}", "Queued", 0, due),
		)
		for i, case in enumerate(names[:MESSAGES])
	]
	frappe.db.bulk_insert("Case Message", columns, rows)
	frappe.db.commit()
	return [row[0] for row in rows]


def _workers(n: int) -> list[subprocess.Popen]:
	"""n RQ workers of the site (Frappe's own `worker` command), with this checkout's code first, as in
	production: without CI in their environment (Frappe's execute_job runs a job as a test under CI)."""
	env = {k: v for k, v in os.environ.items() if k != "CI"}
	env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
	command = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", frappe.local.site]
	return [
		subprocess.Popen(
			# the scheduler's queue first: both take a sweep at once, then a refresh each, then the messages
			[*command, "worker", "--queue", "default,short,long", "--burst"],
			cwd=os.getcwd(),
			env=env,
			stdout=subprocess.PIPE,
			stderr=subprocess.STDOUT,
			text=True,
		)
		for _ in range(n)
	]


def _figures(live: bool) -> dict:
	from frappe.desk.query_report import run

	period = {"period": "Range", "from_date": str(SUNDAY.date()), "to_date": frappe.utils.today()}
	frappe.flags.bc_count_live = live
	try:
		return {
			report: run(report, filters=period, ignore_prepared_report=True)["result"]
			for report in ("Beneficiary Care KPIs", "Periodic Summary")
		}
	finally:
		frappe.flags.bc_count_live = False


def test_two_workers_given_the_schedulers_jobs_twice_at_once_apply_each_step_once_send_each_message_once_and_keep_exact_figures(
	site, herd, gateway_for_workers
):
	from frappe.utils.background_jobs import enqueue, get_queue

	messages = _due_messages(herd)
	started = frappe.utils.now_datetime()
	jobs = {
		"sweep": "beneficiary_care.service_levels.escalation.sweep",
		"refresh": "beneficiary_care.reporting.figures_rollup.refresh",
		"retry": "beneficiary_care.messaging.delivery.retry_due",
	}

	# the messages' own delivery job, as a registration's commit wakes it; a run of the retries; and a
	# delivery job of an earlier release, naming the messages, in the opposite order
	def waiting_jobs() -> int:
		short = get_queue("short").get_jobs()
		return sum(
			j.kwargs.get("method") == "beneficiary_care.messaging.delivery.deliver_waiting" for j in short
		)

	before = waiting_jobs()
	frappe.cache.delete(frappe.cache.make_key(delivery.WAKE_KEY))
	delivery.wake_delivery()
	delivery.wake_delivery()  # a second commit while the job waits: no second job
	assert waiting_jobs() == before + 1
	enqueue(jobs["retry"], queue="short")
	enqueue("beneficiary_care.messaging.delivery.deliver", queue="short", names=messages[::-1])
	# each scheduled job as Frappe's scheduler puts it on the queue, and a second run of it beside it (a
	# second bench's scheduler, a run by hand), so that the two workers take both together
	for method in jobs.values():
		frappe.get_doc("Scheduled Job Type", {"method": method}).enqueue(force=True)
		enqueue(method, queue="default")
	frappe.db.commit()
	workers = _workers(2)
	logs = [worker.communicate(timeout=600)[0] for worker in workers]
	assert [w.returncode for w in workers] == [0, 0], logs
	assert not any(get_queue(q).count for q in ("short", "default")), "the burst workers left jobs queued"
	frappe.db.rollback()  # see what the workers committed

	# each message once: one request to the gateway, Sent after one attempt
	assert Counter(m["msg"] for m in gateway_for_workers.received) == {
		f"تم استلام طلبكم رقم {case}": 1 for case in herd[:MESSAGES]
	}
	sent = frappe.qb.DocType("Case Message")
	states = (
		frappe.qb.from_(sent)
		.select(sent.status, sent.attempts, Count("*").as_("n"))
		.where(sent.name.isin(messages))
		.groupby(sent.status, sent.attempts)
	).run(as_dict=True)
	assert [(s.status, s.attempts, s.n) for s in states] == [("Sent", 1, MESSAGES)]

	# each step once: the same steps on every case of the herd, each with its one timeline comment
	escalations = frappe.qb.DocType("Case Escalation")
	rows = (
		frappe.qb.from_(escalations)
		.select(
			escalations.reference_name,
			Count("*").as_("n"),
			Count(escalations.step).distinct().as_("steps"),
		)
		.where(escalations.reference_name.isin(herd))
		.groupby(escalations.reference_name)
	).run(as_dict=True)
	assert len(rows) == N and {(r.n, r.steps) for r in rows} == {(rows[0].steps, rows[0].steps)}
	steps = rows[0].steps
	assert steps >= 1
	quiet = herd[MESSAGES:]  # cases without a message: every Info comment on them is a step's
	assert frappe.db.count(
		"Comment", {"reference_name": ["in", quiet], "comment_type": "Info"}
	) == steps * len(quiet)
	frappe.local.bc_sla_cache = {}
	again = escalation.sweep()
	assert (again["escalations"], again["failed"]) == (0, 0)  # nothing was left undone
	frappe.db.rollback()
	# what these jobs logged (the queue may also hold jobs an earlier test left, for records it rolled
	# back, which fail on their own): a job that failed, a case the sweep skipped, a message
	titles = [
		*jobs.values(),
		"beneficiary_care.messaging.delivery.deliver",
		"beneficiary_care.messaging.delivery.deliver_waiting",
	]
	failures = [
		log
		for log in frappe.get_all(
			"Error Log", filters={"creation": [">=", started]}, fields=["method", "error"]
		)
		if log.method in titles or log.method.startswith(("SLA sweep failed", "Case Message"))
	]
	assert not failures, failures[:3]

	# the figures: the reports equal a count from the cases themselves
	assert _figures(live=False) == _figures(live=True)


def test_jobs_run_below_web_requests_each_in_a_scheduling_group_of_its_own(site):
	"""RQ 1's work horse (Frappe v15) leads a session of its own: with autogroup scheduling that is a group
	of its own, where Frappe's lowered priority counted for nothing until the app's before_job hook
	(framework/jobs.py). Six jobs on two workers at once: the kernel takes one group's change in 100 ms, the others
	try again. RQ 2's (v16) stays in its worker's session, where the nice value counts: the hook leaves
	that group alone."""
	if not os.path.exists("/proc/self/autogroup"):
		pytest.skip("this kernel has no autogroup scheduling (/proc/self/autogroup)")
	configured = frappe.conf.get("background_process_niceness")  # Frappe's set_niceness adds it
	increment = 10 if configured is None else frappe.utils.cint(configured)
	if increment <= 0:
		pytest.skip("this site's background_process_niceness does not lower its jobs")
	from frappe.utils.background_jobs import enqueue

	from tests.integration.helpers import scheduling_group

	# the function itself, not its dotted path: Frappe resolves a path only within installed apps
	with open("/proc/self/autogroup") as f:
		before = f.read().strip()
	jobs = [enqueue(scheduling_group, queue="short", job_id=f"bc-group-{i}-{time.time()}") for i in range(6)]
	workers = _workers(2)
	outputs = [worker.communicate(timeout=300)[0] for worker in workers]
	assert all(worker.returncode == 0 for worker in workers), outputs
	lowered = min(19, os.getpriority(os.PRIO_PROCESS, 0) + increment)
	with open("/proc/self/autogroup") as f:
		ours = f.read().strip()
	seen = []
	for job in jobs:
		job.refresh()
		seen.append(job.return_value())
	assert all(seen), f"a job did not run: {outputs[0][-2000:]}"
	assert [s["nice"] for s in seen] == [lowered] * 6  # Frappe's set_niceness, from the worker
	if _rq_major() < 2:  # Frappe v15's RQ 1 setsid()s its work horse: a scheduling group of its own
		assert all(s["sid"] == s["pid"] for s in seen)
		assert all(s["group"] != ours for s in seen)
		assert [s["group"].rsplit(" ", 1)[-1] for s in seen] == [str(lowered)] * 6  # and now the groups'
	else:  # v16's RQ 2 only setpgrp()s it: it stays in its worker's session and group (here, ours)
		assert all(s["sid"] != s["pid"] for s in seen)
		assert all(s["group"] == ours for s in seen)  # where its nice value ranks it below requests
		assert ours == before  # and the hook left the group alone


def _rq_major() -> int:
	return int(importlib.metadata.version("rq").split(".")[0])
