"""Report speed on a site with 1,000,000 cases: each report for a full year beside the bare SQL it
needs, measured side by side in one run.

The cases (prefix BENCH-R-, 40 % complaints, 60 % inquiries, received over 2024–2025, with deadlines,
times, departments, and a survey on one case in ten) are bulk-inserted once, as history (written when
received), the daily figures rebuilt (timed), and removed at the end (`--keep` leaves them for another
run). For each report the script records the SQL statements it issues, and those it issues when
counting from the cases alone (the daily figures off: the bare aggregate over the same rows); then it
times, alternately, the report's `execute` for 2025 and both sets of statements run bare on the same
connection, and prints medians and the ratio of the report to the bare aggregate.

    cd frappe-bench/sites
    ../env/bin/python ../apps/beneficiary_care/benchmarks/report_speed.py --site SITE --n 1000000
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
import statistics
import time

from bench_site import arguments, care_department, connected

from beneficiary_care.framework.helpers import ROW_META
from beneficiary_care.setup.demo import SURVEY_FIELDS

PREFIX = "BENCH-R-"
REPORTS = [
	"Beneficiary Care KPIs",
	"Cases by Need and Channel",
	"Complaints by Subject",
	"Root Cause Analysis",
	"Department Responsiveness",
	"Recurring Cases",
	"Periodic Summary",
]
YEAR = {"period": "Year", "fiscal_year": 2025}
ROUNDS = 3


def generate(frappe, n: int) -> None:
	from beneficiary_care.setup import starting_data

	rng = random.Random(5)
	channels = starting_data.names("case_channel")
	needs = starting_data.names("need_category")
	subjects = starting_data.names("subject_category")
	causes = starting_data.names("root_cause")
	departments = [f"{PREFIX}قسم {i}" for i in range(1, 4)]
	for name in departments:
		care_department(frappe, name)
	start = dt.datetime(2024, 1, 1)
	span = int((dt.datetime(2026, 1, 1) - start).total_seconds())
	common = [
		*ROW_META,
		"received_on",
		"channel",
		"need_category",
		"subject_category",
		"root_cause",
		"department",
		"subject",
		"description",
		"status",
		"priority",
		"first_responded_on",
		"resolved_on",
		"response_due",
		"resolution_due",
		"first_contact_resolution",
		"reassignment_count",
		"reopen_count",
		"escalation_level",
		"sla_status",
		"response_working_seconds",
		"response_calendar_seconds",
		"resolution_working_seconds",
		"resolution_calendar_seconds",
	]
	batch = {"Complaint": [], "Inquiry": []}
	surveys = []

	def flush():
		for doctype, rows in batch.items():
			if rows:
				fields = common + (["acceptance", "is_justified", "mobile"] if doctype == "Complaint" else [])
				frappe.db.bulk_insert(doctype, fields, rows, chunk_size=10_000)
				rows.clear()
		if surveys:
			frappe.db.bulk_insert(
				"Satisfaction Survey",
				SURVEY_FIELDS,
				surveys,
				chunk_size=10_000,
			)
			surveys.clear()
		frappe.db.commit()

	for i in range(n):
		doctype = "Complaint" if rng.random() < 0.4 else "Inquiry"
		received = start + dt.timedelta(seconds=rng.randrange(span))
		response = received + dt.timedelta(hours=rng.choice((1, 4, 9, 20, 30)))
		resolved = None if rng.random() < 0.05 else response + dt.timedelta(hours=rng.choice((0, 5, 20, 60)))
		work = rng.randrange(3600, 40 * 3600)
		row = [  # written when received: history, not edits of the last minutes
			f"{PREFIX}{i:07d}",
			received,
			received,
			"Administrator",
			"Administrator",
			0,
			received,
			rng.choice(channels),
			rng.choice(needs),
			rng.choice(subjects) if doctype == "Complaint" else None,
			rng.choice(causes),
			rng.choice(departments),
			"قياس سرعة التقارير",
			"بيانات قياس",
			"Closed" if resolved else "In Progress" if doctype == "Complaint" else "New",
			"Medium",
			response,
			resolved,
			received + dt.timedelta(hours=8),
			received + dt.timedelta(hours=40),
			int(rng.random() < 0.3),
			int(rng.random() < 0.1),
			int(rng.random() < 0.05),
			rng.choice((0, 0, 0, 1, 2, 3)),
			"Met",
			work // 3,
			work,
			work,
			work * 2,
		]
		if doctype == "Complaint":
			row += [
				rng.choice(("Accepted",) * 9 + ("Rejected",)),
				rng.choice(("Justified", "Not Justified")),
				f"+9665{rng.randrange(10**8):08d}",
			]
		batch[doctype].append(row)
		if rng.random() < 0.1:
			surveys.append(
				[
					f"{PREFIX}S{i:07d}",
					resolved or response,
					resolved or response,
					"Administrator",
					"Administrator",
					0,
					doctype,
					row[0],
					"Phone",
					resolved or response,
					rng.choice((1.0, 0.8, 0.8, 0.6, 0.4)),
					rng.choice(("Yes", "Yes", "No")),
				]
			)
		if (i + 1) % 50_000 == 0:
			flush()
	flush()


def recorded_sql(frappe, run) -> list[tuple]:
	"""The SQL statements `run()` issues, with their values."""
	real_sql = frappe.db.sql
	log: list[tuple] = []

	def recording(query, values=(), *a, **kw):
		log.append((query, values))
		return real_sql(query, values, *a, **kw)

	frappe.db.sql = recording
	try:
		run()
	finally:
		frappe.db.sql = real_sql
	return log


def main() -> None:
	args = arguments(
		__doc__.splitlines()[0],
		n=(int, 1_000_000, "cases"),
		keep=(int, 0, "1: keep the cases"),
		rounds=(int, ROUNDS, "timed rounds per report"),
	)
	with connected(args.site, args.sites_path) as frappe:
		from beneficiary_care.reporting import figures_rollup
		from beneficiary_care.reporting.figures_sql import ROLLUP

		existing = frappe.db.count("Complaint", {"name": ["like", f"{PREFIX}%"]}) + frappe.db.count(
			"Inquiry", {"name": ["like", f"{PREFIX}%"]}
		)
		if existing < args.n:
			t0 = time.perf_counter()
			remove(frappe)
			generate(frappe, args.n)
			print(f"generated {args.n:,} cases in {time.perf_counter() - t0:.0f} s")
			t0 = time.perf_counter()
			figures_rollup.rebuild()
			frappe.db.commit()
			print(
				f"daily figures rebuilt from all cases in {time.perf_counter() - t0:.1f} s "
				f"({frappe.db.count(ROLLUP):,} rows)"
			)
		else:
			figures_rollup.refresh()
			frappe.db.commit()
		rows_2025 = sum(
			frappe.db.count(dt_, {"received_on": ["between", ["2025-01-01", "2025-12-31 23:59:59"]]})
			for dt_ in ("Complaint", "Inquiry")
		)
		print(
			f"cases on the site: {existing if existing >= args.n else args.n:,}; received in 2025: {rows_2025:,}"
		)
		print(
			"report: the report's execute() for 2025; bare: the SQL the same figures need over the cases "
			"(the statements the report issues with the daily figures off), run bare; own SQL: the "
			"statements the report issues, run bare. Medians of the rounds, alternated."
		)
		print(
			f"{'report (full year 2025)':32s} {'report s':>9s} {'bare s':>8s} {'ratio':>6s} "
			f"{'own SQL s':>10s} {'queries':>8s}"
		)
		real_sql = frappe.db.sql
		for name in REPORTS:
			module = importlib.import_module(
				f"beneficiary_care.beneficiary_care.report.{frappe.scrub(name)}.{frappe.scrub(name)}"
			)
			module.execute(dict(YEAR))  # warm: record what a warm run issues, not one-off metadata loads
			own = recorded_sql(frappe, lambda m=module: m.execute(dict(YEAR)))
			frappe.flags.bc_count_live = True
			try:
				bare = recorded_sql(frappe, lambda m=module: m.execute(dict(YEAR)))
			finally:
				frappe.flags.bc_count_live = False
			report_times, bare_times, own_times = [], [], []
			for _ in range(args.rounds):
				t = time.perf_counter()
				module.execute(dict(YEAR))
				report_times.append(time.perf_counter() - t)
				for log, times in ((bare, bare_times), (own, own_times)):
					t = time.perf_counter()
					for query, values in log:
						real_sql(query, values)
					times.append(time.perf_counter() - t)
			r, b, o = (statistics.median(x) for x in (report_times, bare_times, own_times))
			print(f"{name:32s} {r:9.3f} {b:8.3f} {r / b:6.2f} {o:10.3f} {len(own):8d}")
		if not args.keep:
			remove(frappe)


def remove(frappe) -> None:
	for doctype in ("Satisfaction Survey", "Complaint", "Inquiry"):
		frappe.db.delete(doctype, {"name": ["like", f"{PREFIX}%"]})
	for name in frappe.get_all("Care Department", filters={"name": ["like", f"{PREFIX}%"]}, pluck="name"):
		frappe.delete_doc("Care Department", name, force=True, ignore_permissions=True)
	frappe.db.commit()
	from beneficiary_care.reporting import figures_rollup

	figures_rollup.rebuild()  # the cases went by SQL: recount
	frappe.db.commit()


if __name__ == "__main__":
	main()
