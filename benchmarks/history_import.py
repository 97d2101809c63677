"""How fast the association's history comes in through Frappe's Data Import, and that it comes in silently.

Writes a sheet per kind of `--n` historical cases (default 10,000: 60 % complaints, 30 % inquiries,
10 % suggestions, received over the two years before today, in a realistic mix of statuses: most
answered and closed, some rejected or cancelled, a few still open), with the old system's numbers,
channels as written and some files named by national ID, then imports each sheet as the desk's
"Start Import" does (Frappe's data_import.start_import: one commit per row). It prints the time, the
rows per second, and the counts it checked: every row imported, each case in its year's series, and
zero messages, mails, alerts, assignments and escalations (also after an escalation sweep); then
imports the same sheets again and checks that nothing was created or changed; then removes it all.

    cd frappe-bench/sites
    ../env/bin/python ../apps/beneficiary_care/benchmarks/history_import.py --site SITE --n 10000
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import time

from bench_site import arguments, connected

MIX = {"Complaint": 0.6, "Inquiry": 0.3, "Suggestion": 0.1}
# status: weight, and whether the outcome was given (a resolved date and an answer)
STATUSES = {
	"Complaint": {
		"Closed": 55,
		"Resolved": 10,
		"Rejected": 12,
		"Cancelled": 5,
		"In Progress": 8,
		"New": 5,
		"Awaiting Beneficiary": 3,
		"Reopened": 2,
	},
	"Inquiry": {"Closed": 60, "Answered": 30, "Cancelled": 4, "New": 6},
	"Suggestion": {"Closed": 40, "Adopted": 20, "Declined": 20, "Under Study": 15, "New": 5},
}
OUTCOME = {"Closed", "Resolved", "Rejected", "Answered", "Adopted", "Declined"}
RESOLUTION_LABEL = {"Complaint": "Resolution", "Inquiry": "Answer", "Suggestion": "Response to Submitter"}
CHANNELS = ["phone", "in_person", "website", "الاتصال الهاتفي", "الحضور الشخصي", "email"]


def sheet(kind: str, count: int, now: dt.datetime, rng: random.Random, national_ids: list[str]):
	header = [
		"Previous System Reference",
		"Received On",
		"Channel as Written",
		"Beneficiary National ID",
		"Submitter Name",
		"Mobile",
		"Subject",
		"Description",
		"Status",
		RESOLUTION_LABEL[kind],
		"Rejection Reason" if kind == "Complaint" else "Need",
		"Cancellation Reason",
		"First Responded On",
		"Resolved On",
		"Closed On",
	]
	rows = [header]
	statuses = list(STATUSES[kind])
	weights = list(STATUSES[kind].values())
	fmt = "%Y-%m-%d %H:%M:%S"
	for i in range(count):
		status = rng.choices(statuses, weights)[0]
		open_case = status not in OUTCOME and status != "Cancelled"
		# open cases are the recent ones; the rest spread over two years
		age = rng.randint(1, 60) if open_case else rng.randint(30, 730)
		received = (now - dt.timedelta(days=age, hours=rng.randint(0, 8))).replace(microsecond=0)
		# a first response within two days, but never after now (a recent open case)
		responded = min(received + dt.timedelta(hours=rng.randint(1, 48)), now - dt.timedelta(minutes=5))
		resolved = responded + dt.timedelta(hours=rng.randint(0, 24 * 10)) if status in OUTCOME else None
		closed = resolved + dt.timedelta(days=7) if status == "Closed" and resolved else None
		by_id = national_ids and rng.random() < 0.2
		rows.append(
			[
				f"BENCH-{kind[0]}-{i:06d}",
				received.strftime(fmt),
				rng.choice(CHANNELS),
				rng.choice(national_ids) if by_id else "",
				"" if by_id else "مستفيد من السجل",
				"" if by_id else f"05{rng.randint(0, 99999999):08d}",
				f"حالة من السجل رقم {i}",
				"وصف الحالة كما سجلت في النظام السابق.",
				status,
				"الرد الذي أعطي لمقدم الطلب." if status in OUTCOME and status != "Rejected" else "",
				"خارج نطاق الجمعية" if status == "Rejected" else "",
				"مكررة" if status == "Cancelled" else "",
				responded.strftime(fmt) if status in OUTCOME or rng.random() < 0.5 else "",
				resolved.strftime(fmt) if resolved else "",
				closed.strftime(fmt) if closed and closed <= now else "",
			]
		)
		if rows[-1][-1] == "" and status == "Closed":
			rows[-1][-1] = resolved.strftime(fmt)
	return rows


def main() -> None:
	args = arguments(
		__doc__.splitlines()[0],
		n=(int, 10000, "historical cases in all"),
		seed=(int, 22, "random seed of the sheets"),
	)
	with connected(args.site, args.sites_path) as frappe:
		from frappe.core.doctype.data_import.data_import import start_import
		from frappe.utils import now_datetime

		from beneficiary_care.core.national_id import luhn_check_digit
		from beneficiary_care.reporting.figures_rollup import delete_cases_and_records
		from beneficiary_care.service_levels import escalation

		rng = random.Random(args.seed)
		now = now_datetime()
		files = []

		def national_id() -> str:
			while True:
				nine = "1" + "".join(rng.choices("0123456789", k=8))
				candidate = nine + str(luhn_check_digit(nine))
				if not frappe.db.exists("Beneficiary", {"national_id": candidate}):
					return candidate

		for i in range(50):  # beneficiary files that some rows name by national ID
			files.append(
				frappe.get_doc(
					{
						"doctype": "Beneficiary",
						"full_name": f"مستفيد القياس {i}",
						"national_id": national_id(),
						"mobile": f"0599{i:06d}",
					}
				).insert(ignore_permissions=True)
			)
		frappe.db.commit()
		ids = [f.national_id for f in files]

		def counts() -> dict:
			return {
				"case messages": frappe.db.count("Case Message"),
				"mails": frappe.db.count("Email Queue"),
				"alerts": frappe.db.count("Notification Log"),
				"assignments": frappe.db.count("ToDo"),
				"escalations": frappe.db.count("Case Escalation"),
				"survey invitations": frappe.db.count("Survey Invitation"),
			}

		sheets = {kind: sheet(kind, round(args.n * share), now, rng, ids) for kind, share in MIX.items()}

		def run(label: str) -> tuple[float, dict]:
			took, logs = 0.0, {}
			for kind, rows in sheets.items():
				text = io.StringIO()
				csv.writer(text).writerows(rows)
				file = frappe.get_doc(
					{
						"doctype": "File",
						"file_name": f"bench-history-{kind}-{label}.csv",
						"content": text.getvalue().encode(),
						"is_private": 1,
					}
				).insert(ignore_permissions=True)
				data_import = frappe.get_doc(
					{
						"doctype": "Data Import",
						"reference_doctype": kind,
						"import_type": "Insert New Records",
						"import_file": file.file_url,
						"mute_emails": 1,
					}
				).insert(ignore_permissions=True)
				frappe.db.commit()
				t = time.perf_counter()
				start_import(data_import.name)
				took += time.perf_counter() - t
				log = frappe.get_all(
					"Data Import Log",
					filters={"data_import": data_import.name},
					fields=["success", "docname"],
				)
				logs[kind] = (data_import.name, file.name, log)
			return took, logs

		before = counts()
		took, logs = run("first")
		after = counts()
		imported = {kind: [e.docname for e in log if e.success] for kind, (_, _, log) in logs.items()}
		failed = {kind: sum(1 for e in log if not e.success) for kind, (_, _, log) in logs.items()}
		rows = sum(len(r) - 1 for r in sheets.values())
		print(f"rows: {rows} ({', '.join(f'{k} {len(r) - 1}' for k, r in sheets.items())})")
		print(f"imported: {sum(map(len, imported.values()))}, refused: {sum(failed.values())}")
		for kind, (data_import, _, _) in logs.items():  # what a refused row was told, if any
			for refused in frappe.get_all(
				"Data Import Log",
				filters={"data_import": data_import, "success": 0},
				fields=["row_indexes", "messages"],
				limit=5,
			):
				told = [m.get("message", m) for m in json.loads(refused.messages or "[]")]
				print(f"  refused {kind} row {refused.row_indexes}: {told}")
		print(f"import time: {took:.1f} s, {rows / took:.1f} rows/s (one commit per row, as the desk's job)")
		in_series = sum(
			1
			for kind, names in imported.items()
			for name, year in frappe.get_all(
				kind, filters={"name": ("in", names)}, fields=["name", "received_on"], as_list=True
			)
			if f"-{year.year}-" in name
		)
		print(f"in their received year's series: {in_series} of {sum(map(len, imported.values()))}")
		open_cases = answered = with_deadlines = with_result = 0
		for kind, names in imported.items():
			for status, resolved_on, due, sla in frappe.get_all(
				kind,
				filters={"name": ("in", names)},
				fields=["status", "resolved_on", "resolution_due", "sla_status"],
				as_list=True,
			):
				if status == "Cancelled":
					continue
				if resolved_on:
					answered += 1
					with_result += sla in ("Met", "Missed")
				else:
					open_cases += 1
					with_deadlines += bool(due and sla)
		print(
			f"open cases with deadlines and an SLA status: {with_deadlines} of {open_cases}; "
			f"answered cases with their SLA result (Met or Missed): {with_result} of {answered}"
		)
		escalation.sweep()
		frappe.db.commit()
		swept = counts()
		print("sent, assigned or escalated by the import:", {k: after[k] - before[k] for k in before})
		print("... and by the sweep after it:", {k: swept[k] - after[k] for k in before})

		stamps = {
			kind: dict(
				frappe.get_all(
					kind, filters={"name": ("in", names)}, fields=["name", "modified"], as_list=True
				)
			)
			for kind, names in imported.items()
		}
		cases_before = {kind: frappe.db.count(kind) for kind in sheets}
		again_took, again = run("again")
		cases_after = {kind: frappe.db.count(kind) for kind in sheets}
		stamps_after = {
			kind: dict(
				frappe.get_all(
					kind, filters={"name": ("in", names)}, fields=["name", "modified"], as_list=True
				)
			)
			for kind, names in imported.items()
		}
		same_names = all(
			sorted(e.docname for e in again[k][2] if e.success) == sorted(imported[k]) for k in sheets
		)
		print(
			f"imported again: {again_took:.1f} s; cases created: "
			f"{sum(cases_after.values()) - sum(cases_before.values())}; changed: "
			f"{sum(1 for k in sheets for n, m in stamps[k].items() if stamps_after[k].get(n) != m)}; "
			f"same cases: {same_names}; sent: { {k: counts()[k] - swept[k] for k in before} }"
		)

		for kind, names in imported.items():
			delete_cases_and_records(kind, names)
		for label_logs in (logs, again):
			for data_import, file, _ in label_logs.values():
				frappe.db.delete("Data Import Log", {"data_import": data_import})
				frappe.delete_doc("Data Import", data_import, force=True, ignore_permissions=True)
				frappe.delete_doc("File", file, force=True, ignore_permissions=True)
		for f in files:
			frappe.delete_doc("Beneficiary", f.name, force=True, ignore_permissions=True)
		frappe.db.commit()


if __name__ == "__main__":
	main()
