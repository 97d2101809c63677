"""The escalation sweep over 100,000 open complaints on a real site: seconds and SQL queries.

It writes N open complaints (bulk insert) received over the 30 days before a fixed instant on the seed
calendar, each in the state a sweep running every 10 minutes would have left it at Tuesday 10 November
2026 11:40 (Riyadh): deadlines, status, the ladder steps already applied (Case Escalation rows) and its
next SLA instant. The instants are fixed, not the wall clock's, so that two runs measure the same work.
Then, timed:

  1. a quiet sweep at 11:50: what came due in those 10 minutes;
  2. the herd at 12:00: every case received over the weekend started its clock on Sunday at 08:00,
     and with the default complaint policy (40 working hours, steps at 50 %, 75 %, 100 %) all of them
     reach their 50 % step together at Tuesday 12:00;
  3. a burst: 1,000 cases that had steps applied lose them and are made due: 1,000+ steps at once;
  4. an idle sweep: nothing due, only the indexed selection over all N.

Each prints the cases looked at, steps applied, steps per second, seconds and SQL queries; at the end
it checks that no step was applied twice (the unique key) and that every due step was applied.

and removes everything it wrote.

    cd frappe-bench/sites
    ../env/bin/python ../apps/beneficiary_care/benchmarks/escalation_sweep.py --site SITE --n 100000
"""

from __future__ import annotations

import datetime as dt
import random
import time

from bench_site import arguments, connected, staff_user

from beneficiary_care.framework.helpers import ROW_META

PREFIX = "BENCH-SLA-"
SWEEP_EVERY = dt.timedelta(minutes=10)
QUIET = dt.datetime(2026, 11, 10, 11, 50)  # a Tuesday, Riyadh
HERD = dt.datetime(2026, 11, 10, 12, 0)


def main() -> None:
	args = arguments(__doc__.splitlines()[0], n=(int, 100_000, "open complaints to write"))
	with connected(args.site, args.sites_path) as frappe:
		from beneficiary_care.core import sla
		from beneficiary_care.reporting.figures_rollup import delete_cases
		from beneficiary_care.service_levels import configuration, escalation
		from beneficiary_care.setup import starting_data

		staff = [
			staff_user(frappe, email, role, role)
			for role, email in (
				("Complaints Committee", "bench-committee@example.com"),
				("Care Manager", "bench-manager@example.com"),
			)
		]
		frappe.db.commit()

		now = QUIET  # the state is written as a sweep at 11:40 left it
		policy = next(p for p in configuration.policies() if p.name == "الشكاوى - افتراضي")
		cal = configuration.calendar(starting_data.CALENDAR_NAME).calendar
		share = configuration.settings().at_risk_share
		channel = frappe.db.get_value("Case Channel", {"code": "phone"}, "name")
		rng = random.Random(11)
		last_sweep = now - SWEEP_EVERY

		t0 = time.perf_counter()
		cases, escalations = [], []
		for i in range(args.n):
			name = f"{PREFIX}{i:06d}"
			received = now - dt.timedelta(seconds=rng.randrange(0, 30 * 86400))
			clock = sla.Clock(
				received,
				received,
				policy.response_seconds,
				policy.resolution_seconds,
				first_responded_on=received + dt.timedelta(hours=1),
			)
			spent = sla.used(cal, clock, last_sweep)
			applied = set(sla.due_steps(policy.steps, set(), spent, clock.resolution_seconds))
			level = max((sla.ACTION_LEVELS[policy.steps[s].action] for s in applied), default=0)
			cases.append(
				(
					name,
					received,
					received,
					"Administrator",
					"Administrator",
					0,
					received,
					channel,
					"قياس التصعيد",
					"حالة أنشأها برنامج قياس الأداء وتحذف بعده.",
					"In Progress",
					"Medium",
					"Accepted",
					policy.name,
					received,
					sla.response_due(cal, clock),
					sla.resolution_due(cal, clock),
					sla.status(cal, clock, last_sweep, share),
					clock.first_responded_on,
					sla.next_event(cal, clock, last_sweep, share, policy.steps, applied),
					0,
					level,
					0,
				)
			)
			escalations += [
				(
					f"{name}-{s + 1}",
					received,
					received,
					"Administrator",
					"Administrator",
					0,
					"Complaint",
					name,
					policy.name,
					0,
					s + 1,
					policy.steps[s].action,
					sla.ACTION_LEVELS[policy.steps[s].action],
					last_sweep,
				)
				for s in sorted(applied)
			]
		computed = time.perf_counter() - t0
		frappe.db.bulk_insert(
			"Complaint",
			[
				*ROW_META,
				"received_on",
				"channel",
				"subject",
				"description",
				"status",
				"priority",
				"acceptance",
				"sla_policy",
				"sla_clock_start",
				"response_due",
				"resolution_due",
				"sla_status",
				"first_responded_on",
				"next_sla_event_on",
				"reopen_count",
				"escalation_level",
				"reassignment_count",
			],
			cases,
			chunk_size=5000,
		)
		frappe.db.bulk_insert(
			"Case Escalation",
			[
				*ROW_META,
				"reference_doctype",
				"reference_name",
				"sla_policy",
				"round",
				"step",
				"action",
				"level",
				"escalated_on",
			],
			escalations,
			chunk_size=5000,
		)
		frappe.db.commit()
		written = time.perf_counter() - t0
		print(f"open complaints written:   {args.n:,} ({len(escalations):,} ladder steps already applied)")
		print(f"  SLA state computed in the core for all: {computed:.1f} s; written in {written:.1f} s")

		queries = {"n": 0}
		real_sql = frappe.db.sql

		def counting_sql(*a, **kw):
			queries["n"] += 1
			return real_sql(*a, **kw)

		def timed(label: str, at: dt.datetime) -> dict:
			queries["n"] = 0
			frappe.local.bc_sla_cache = {}
			t = time.perf_counter()
			counts = escalation.sweep(now=at)
			seconds = time.perf_counter() - t
			rate = f", {counts['escalations'] / seconds:,.0f} steps/s" if counts["escalations"] else ""
			print(f"{label}")
			print(
				f"  cases looked at: {counts['cases']:,}; steps applied: {counts['escalations']:,}; failed: {counts['failed']}"
			)
			print(f"  {seconds:.2f} s, {queries['n']:,} SQL queries{rate}")
			return counts

		applied_before = frappe.db.count("Case Escalation", {"reference_name": ["like", f"{PREFIX}%"]})
		frappe.db.sql = counting_sql
		try:
			quiet = timed("1. quiet sweep at 11:50 (what came due in 10 minutes):", QUIET)
			herd = timed("2. the herd at 12:00 (the weekend's cases reach 50 % together):", HERD)
			escalated = [c[0] for c in cases if c[-2] >= 1]
			burst = rng.sample(escalated, min(1000, len(escalated)))
			removed = real_sql(
				"select count(*) from `tabCase Escalation` where reference_name in %s", (burst,)
			)[0][0]
			real_sql("delete from `tabCase Escalation` where reference_name in %s", (burst,))
			real_sql(
				"update `tabComplaint` set next_sla_event_on = %s, escalation_level = 0 where name in %s",
				(HERD - dt.timedelta(seconds=1), burst),
			)
			frappe.db.commit()
			again = timed(
				f"3. burst: {len(burst):,} cases lose their {removed:,} steps and are due at once:", HERD
			)
			timed("4. idle sweep (nothing due; the indexed selection over all):", HERD)
		finally:
			frappe.db.sql = real_sql
		applied_after = frappe.db.count("Case Escalation", {"reference_name": ["like", f"{PREFIX}%"]})
		distinct = frappe.db.sql(
			"select count(*) from (select distinct reference_name, `round`, step from `tabCase Escalation`"
			" where reference_name like %s) t",
			(f"{PREFIX}%",),
		)[0][0]
		expected = applied_before + quiet["escalations"] + herd["escalations"]
		print(
			f"check: {applied_after:,} steps on the cases, {distinct:,} distinct (none twice: "
			f"{applied_after == distinct}); re-applied in the burst {again['escalations']:,} of {removed:,} "
			f"removed (all: {again['escalations'] >= removed}); before the burst {expected:,} expected"
		)

		# clean up everything written, and the notification jobs the steps queued
		from frappe.utils.background_jobs import get_queue

		logs = set(
			frappe.get_all(
				"Notification Log", filters={"document_name": ["like", f"{PREFIX}%"]}, pluck="name"
			)
		)
		for queue_name in ("default", "short"):
			for job in get_queue(queue_name).get_jobs():
				kwargs = job.kwargs.get("kwargs") or {}
				docs = [kwargs.get("doc") or {}] + [doc for _users, doc in kwargs.get("alerts") or []]
				if any(str(doc.get("document_name", "")).startswith(PREFIX) for doc in docs) or (
					logs & set(kwargs.get("names") or [])
				):
					job.delete()
		for doctype, field in (
			("Case Escalation", "reference_name"),
			("Comment", "reference_name"),
			("ToDo", "reference_name"),
			("Notification Log", "document_name"),
		):
			frappe.db.delete(doctype, {field: ["like", f"{PREFIX}%"]})
		delete_cases("Complaint", {"name": ["like", f"{PREFIX}%"]})
		for user in staff:
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		frappe.db.commit()


if __name__ == "__main__":
	main()
