"""Backup and restore of a site with the app's data (issue 13): what `bench backup --with-files` takes
and `bench restore` brings back onto a new site.

On SITE it writes a few dozen cases of every kind (answered, surveyed, with attachments), a survey link
answered and one not yet, and refreshes the daily figures. It takes every report, number card and
chart there, backs the site up with its files, restores the backup onto a new site TARGET, and on
TARGET checks: every report, card and chart gives the same figures; each attachment reads back byte
for byte; the answered survey link is refused and the open one works once, then is refused. It prints
the sizes and seconds, and what differed (nothing, if all is well); then drops TARGET and removes
what it wrote on SITE.

    cd frappe-bench/sites
    ../env/bin/python ../apps/beneficiary_care/benchmarks/backup_restore.py --site SITE \\
        [--target restore-check.localhost] [--db-root-user root --db-root-password ...]

The new site is made with `bench new-site` (bench restore needs one), restored onto, then given the source's encryption key (as on a move
to a new server), so that it can read what the source encrypted.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from bench_site import ROOT, arguments, connected

PREFIX = "استعادة النسخة"
FISCAL = [{"period": "Year", "fiscal_year": y} for y in (2025, 2026)]


def figures(frappe) -> dict:
	"""Every report (two fiscal years), number card and chart, as JSON-ready values."""
	from frappe.desk.query_report import run

	from beneficiary_care.reporting import dashboard

	out = {}
	reports = frappe.get_all(
		"Report", filters={"module": "Beneficiary Care", "report_type": "Script Report"}, pluck="name"
	)
	for report in reports:
		for filters in FISCAL:
			key = f"{report} {filters['fiscal_year']}"
			out[key] = run(report, filters=filters, ignore_prepared_report=True)["result"]
	for card in ("received_this_month", "received_last_month", "csat_this_quarter", "breaches_this_week"):
		out[card] = getattr(dashboard, card)()
	out["Complaints Received"] = dashboard.cases_over_time(chart_name="Complaints Received", refresh=1)
	out["Open by SLA Status"] = dashboard.cases_grouped(chart_name="Open Complaints by SLA Status", refresh=1)
	for kind in ("Complaint", "Inquiry", "Suggestion"):
		out[f"{kind} rows"] = frappe.db.count(kind)
	out["daily figure rows"] = frappe.db.count("Case Day Figures")
	return json.loads(json.dumps(out, default=str))


def attachments(frappe, names: list[str]) -> dict:
	out = {}
	for name in names:
		file = frappe.get_doc("File", name)
		content = file.get_content()
		out[name] = hashlib.sha256(content if isinstance(content, bytes) else content.encode()).hexdigest()
	return out


def check_target(args) -> None:
	"""Run on TARGET (a process of its own): print its figures, attachments and survey links."""
	payload = json.loads(Path(args.state).read_text())
	with connected(args.target, args.sites_path) as frappe:
		from beneficiary_care.messaging import surveys
		from beneficiary_care.portal import api

		result = {"figures": figures(frappe), "attachments": attachments(frappe, payload["files"])}
		used_state, _ = surveys.survey_state(payload["used_token"])
		open_state, _ = surveys.survey_state(payload["open_token"])
		api.submit_survey(payload["open_token"], overall_rating="4", comment="بعد الاستعادة")
		frappe.db.commit()
		try:
			api.submit_survey(payload["open_token"], overall_rating="5")
			second = "accepted"
		except frappe.ValidationError:
			second = "refused"
		result["surveys"] = {"answered link": used_state, "open link": open_state, "its second use": second}
	print("RESULT " + json.dumps(result, ensure_ascii=False))


def bench(args, *command: str) -> str:
	done = subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", *command],
		capture_output=True,
		text=True,
	)
	if done.returncode != 0:
		raise SystemExit(f"{' '.join(command[:3])} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
	return done.stdout + done.stderr


def write_data(frappe) -> dict:
	"""Cases of every kind, answered and surveyed, two attachments and two survey links."""
	from beneficiary_care.messaging import surveys
	from beneficiary_care.portal import api
	from beneficiary_care.reporting import figures_rollup

	channel = frappe.db.get_value("Case Channel", {"code": "phone"}, "name")
	cases = []
	for i in range(36):
		kind = ("Complaint", "Inquiry", "Suggestion")[i % 3]
		case = frappe.get_doc(
			{
				"doctype": kind,
				"channel": channel,
				"subject": f"{PREFIX} {i}",
				"description": "حالة كتبها فحص النسخ الاحتياطي وتحذف بعده.",
				"contact_name": "مستفيد تجريبي",
				"mobile": f"0557{i:06d}",
			}
		).insert()
		cases.append(case)
	files = []
	for is_private, case in ((1, cases[0]), (0, cases[1])):
		content = f"مرفق {case.name} ".encode() * 200 + bytes(range(256))
		files.append(
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"backup-check-{case.name}.bin",
					"attached_to_doctype": case.doctype,
					"attached_to_name": case.name,
					"is_private": is_private,
					"content": content,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	used, open_ = (surveys.invite_to_survey(case) for case in cases[1:3])
	api.submit_survey(used, overall_rating="5", answer_met_need="Yes")
	frappe.db.commit()
	figures_rollup.refresh(full=True)
	frappe.db.commit()
	return {
		"cases": [(c.doctype, c.name) for c in cases],
		"files": files,
		"used_token": used,
		"open_token": open_,
	}


def remove_data(frappe, state: dict) -> None:
	from beneficiary_care.reporting.figures_rollup import delete_cases_and_records

	for name in state["files"]:
		frappe.delete_doc("File", name, force=True, ignore_permissions=True)
	for doctype in ("Complaint", "Inquiry", "Suggestion"):
		delete_cases_and_records(doctype, [n for d, n in state["cases"] if d == doctype])
	frappe.db.commit()


def main() -> None:
	args = arguments(
		__doc__.splitlines()[0],
		target=(str, "restore-check.localhost", "the new site to restore onto (dropped at the end)"),
		**{
			"db-root-user": (str, "root", "a MariaDB user that may create databases"),
			"db-root-password": (str, "", "its password"),
		},
		phase=(str, "all", "internal: 'target' checks the restored site"),
		state=(str, "", "internal: what the first phase wrote"),
	)
	if args.phase == "target":
		check_target(args)
		return
	sites = Path(args.sites_path).resolve()
	with connected(args.site, args.sites_path) as frappe:
		state = write_data(frappe)
		before = {"figures": figures(frappe), "attachments": attachments(frappe, state["files"])}
		from frappe.utils.password import get_encryption_key

		key = get_encryption_key()  # a new site has none until something is encrypted: made now
	state_file = sites / args.site / "private" / "backup-check-state.json"
	state_file.write_text(json.dumps(state))
	try:
		t = time.perf_counter()
		printed = bench(args, "--site", args.site, "backup", "--with-files")
		backup_seconds = time.perf_counter() - t
		paths = dict(re.findall(r"(Database|Public|Private|Config)\s*:\s*(\S+)", printed))
		database, public, private = (
			sites / paths[k] if not Path(paths[k]).is_absolute() else Path(paths[k])
			for k in ("Database", "Public", "Private")
		)
		t = time.perf_counter()
		bench(  # a new, empty site on the "new server", as `bench restore` needs one
			args,
			"new-site",
			args.target,
			*("--db-root-username", args.db_root_user, "--db-root-password", args.db_root_password),
			*("--admin-password", "admin"),
		)
		new_site_seconds = time.perf_counter() - t
		t = time.perf_counter()
		bench(
			args,
			"--site",
			args.target,
			"restore",
			str(database),
			"--with-public-files",
			str(public),
			"--with-private-files",
			str(private),
			"--db-root-username",
			args.db_root_user,
			"--db-root-password",
			args.db_root_password,
			"--admin-password",
			"admin",
			"--force",
		)
		# the source's key, as on a move to a new server: what it encrypted (passwords) stays readable
		bench(args, "--site", args.target, "set-config", "encryption_key", key)
		restore_seconds = time.perf_counter() - t
		done = subprocess.run(
			[
				sys.executable,
				str(ROOT / "benchmarks" / "backup_restore.py"),
				"--site",
				args.site,
				"--target",
				args.target,
				"--phase",
				"target",
				"--state",
				str(state_file),
				"--sites-path",
				str(sites),
			],
			capture_output=True,
			text=True,
		)
		line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
		if line is None:
			raise SystemExit(
				f"the check on {args.target} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
			)
		after = json.loads(line[len("RESULT ") :])
		differ = [k for k in before["figures"] if before["figures"][k] != after["figures"].get(k)]
		size = {
			k: p.stat().st_size / 1024
			for k, p in (("database", database), ("public files", public), ("private files", private))
		}
		print(
			f"backup (bench backup --with-files):  {backup_seconds:.1f} s; "
			+ ", ".join(f"{k} {v:,.0f} KiB" for k, v in size.items())
		)
		print(
			f"new empty site {args.target}: {new_site_seconds:.1f} s; bench restore onto it: {restore_seconds:.1f} s"
		)
		print(f"reports, cards and charts compared:  {len(before['figures'])}; differing: {differ or 'none'}")
		print(
			f"attachments read back identical:     {before['attachments'] == after['attachments']} ({len(after['attachments'])})"
		)
		print(f"survey links after the restore:      {after['surveys']}")
		ok = (
			not differ
			and before["attachments"] == after["attachments"]
			and after["surveys"]
			== {
				"answered link": "used",
				"open link": "valid",
				"its second use": "refused",
			}
		)
		print("RESTORE CHECK: " + ("identical" if ok else "DIFFERENT"))
	finally:
		if (sites / args.target).exists():
			bench(
				args,
				"drop-site",
				args.target,
				*("--db-root-username", args.db_root_user, "--db-root-password", args.db_root_password),
				*("--no-backup", "--force"),
			)
		with connected(args.site, args.sites_path) as frappe:
			remove_data(frappe, state)
		state_file.unlink(missing_ok=True)


if __name__ == "__main__":
	main()
