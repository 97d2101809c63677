"""How many cases per second the intake path registers on a real site.

Each registration is what a desk save does: validate (normalise the contact, find the beneficiary
file, check the lifecycle), insert with its yearly reference, route by the department's Assignment
Rule (a ToDo for the next member), write the SMS acknowledgement (a Case Message) and queue its
delivery job after commit — then commit, as each request does. Alternately with each registration it
inserts a bare ToDo and commits (Frappe's own floor on this machine), and prints both medians, their
ratio, and how much of each registration Frappe's own Assignment Rule takes. The script then checks
that every case got its assignee, its queued acknowledgement and exactly one assignment alert
(Notification Log) for its assignee, and removes everything it created.

    cd frappe-bench/sites
    ../env/bin/python ../apps/beneficiary_care/benchmarks/intake_rate.py --site SITE --n 300
"""

from __future__ import annotations

import statistics
import time

from bench_site import arguments, care_department, connected, staff_user


def main() -> None:
	args = arguments(__doc__.splitlines()[0], n=(int, 300, "cases to register"))
	with connected(args.site, args.sites_path) as frappe:
		from frappe.utils.background_jobs import get_queue

		from beneficiary_care.reporting.figures_rollup import delete_cases_and_records

		members = [
			staff_user(frappe, f"bench-intake-{i}@example.com", f"Bench {i}", "Department Staff")
			for i in range(3)
		]
		department = care_department(frappe, "قسم قياس الأداء", members)
		channel = frappe.db.get_value("Case Channel", {"code": "phone"}, "name")
		frappe.db.commit()

		# how much of each registration is Frappe's own Assignment Rule (its doc-event hook, timed in place)
		from frappe.automation.doctype.assignment_rule import assignment_rule

		real_apply, in_rule = assignment_rule.apply, [0.0]

		def timed_apply(*a, **kw):
			t = time.perf_counter()
			try:
				return real_apply(*a, **kw)
			finally:
				in_rule[0] += time.perf_counter() - t

		assignment_rule.apply = timed_apply
		names, timings, bare, todos_made, rule = [], [], [], [], []
		started = time.perf_counter()
		for i in range(args.n):
			t0 = time.perf_counter()
			todos_made.append(
				frappe.get_doc({"doctype": "ToDo", "description": f"bench floor {i}"}).insert().name
			)
			frappe.db.commit()
			bare.append(time.perf_counter() - t0)
			in_rule[0] = 0.0
			t0 = time.perf_counter()
			case = frappe.get_doc(
				{
					"doctype": "Complaint",
					"channel": channel,
					"department": department,
					"subject": f"قياس أداء التسجيل {i}",
					"description": "حالة أنشأها برنامج قياس الأداء وتحذف بعده.",
					"contact_name": "مستفيد تجريبي",
					"mobile": f"0559{i:06d}",
				}
			).insert()
			frappe.db.commit()
			timings.append(time.perf_counter() - t0)
			rule.append(in_rule[0])
			names.append(case.name)
		assignment_rule.apply = real_apply
		elapsed = time.perf_counter() - started - sum(bare)
		frappe.db.delete("ToDo", {"name": ["in", todos_made]})
		frappe.db.commit()
		# the alerts (Notification Logs) are made by jobs after commit: count those queued for these cases
		# (an alert about the case itself, or about the ToDo that assigns it)
		about = set(names) | set(
			frappe.get_all("ToDo", filters={"reference_name": ["in", names]}, pluck="name")
		)
		alerts = 0
		for job in get_queue("default").get_jobs():
			kwargs = job.kwargs.get("kwargs", {})
			if str(job.kwargs.get("method", "")).endswith("make_notification_logs"):
				if (kwargs.get("doc") or {}).get("document_name") in about:
					alerts += len(kwargs.get("users") or [])
					job.delete()
		alerts += frappe.db.count(
			"Notification Log", {"document_name": ["in", names], "for_user": ["in", members]}
		)

		todos = frappe.db.count(
			"ToDo", {"reference_type": "Complaint", "reference_name": ["in", names], "status": "Open"}
		)
		messages = frappe.get_all(
			"Case Message", filters={"reference_name": ["in", names]}, fields=["name", "status"]
		)
		queued = sum(1 for m in messages if m.status == "Queued")
		print(f"cases registered:          {args.n}")
		print(f"wall time:                 {elapsed:.2f} s")
		print(f"cases per second:          {args.n / elapsed:.1f}")
		print(
			f"per case, median / p95:    {statistics.median(timings) * 1000:.1f} ms / "
			f"{sorted(timings)[int(0.95 * len(timings)) - 1] * 1000:.1f} ms"
		)
		floor = statistics.median(bare) * 1000
		print(f"bare ToDo insert + commit: {floor:.1f} ms median (alternated, same run)")
		print(f"ratio registration / bare: {statistics.median(timings) * 1000 / floor:.1f}×")
		in_frappe = statistics.median(rule) * 1000
		rest = statistics.median(t - r for t, r in zip(timings, rule, strict=True)) * 1000
		print(
			f"  of which Frappe's Assignment Rule (its apply hook, assign_to.add): {in_frappe:.1f} ms median, "
			f"{in_frappe / floor:.1f}× bare"
		)
		print(f"  the rest of the registration: {rest:.1f} ms median, {rest / floor:.1f}× bare")
		print(f"assigned (open ToDo):      {todos} of {args.n}")
		print(f"assignment alerts:         {alerts} for {args.n} assignments (one each expected)")
		print(f"acknowledgements queued:   {queued} of {args.n}")

		# clean up: the delivery jobs, the cases and all they made, the department, the users
		message_names = {m.name for m in messages}
		queue = get_queue("short")
		for job in queue.get_jobs():
			if set(job.kwargs.get("kwargs", {}).get("names") or []) & message_names:
				job.delete()
		delete_cases_and_records("Complaint", names)
		frappe.delete_doc("Care Department", department, force=True, ignore_permissions=True)
		for user in members:
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		frappe.db.commit()


if __name__ == "__main__":
	main()
