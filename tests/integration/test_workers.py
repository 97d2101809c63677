"""Workers that die (issue 13): a sweep killed with SIGKILL in the middle of a batch, and a sweep whose
MariaDB server restarts under it, leave nothing half-done (a batch is one transaction: its Case
Escalation rows, comments and case updates commit together or not at all), and the next run applies
every due step, each once.

Each sweep runs in a process of its own (the bench's Python), paused in the middle of its second batch
(after the batch's writes, before its commit) so that the kill or the restart lands there every time."""

from tests.integration import require_site

require_site()

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import frappe
import pytest

from beneficiary_care.frappe_helpers import ROW_META
from beneficiary_care.reporting.figures_rollup import delete_cases
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
	like = ["like", f"{PREFIX}%"]
	frappe.db.delete("Case Escalation", {"reference_name": like})
	frappe.db.delete("Comment", {"reference_name": like})
	frappe.db.delete("Notification Log", {"document_name": like})
	delete_cases("Complaint", {"name": like})
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
	rows = frappe.get_all(
		"Case Escalation",
		filters={"reference_name": like},
		fields=["reference_name", "step", "count(*) as n"],
		group_by="reference_name, step",
	)
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
