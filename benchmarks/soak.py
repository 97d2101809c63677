"""A soak (issue 13): desk users, portal guests and a manager's reports, together, for minutes, against
gunicorn with several workers and real RQ workers, on a site with a large history of cases.

  - DESK officers (Care Officer, members of one department) each loop: register a case through the
    desk's own save (frappe.desk.form.save.savedocs), answer one of their inquiries (load it, set the
    answer, save), reassign one of their complaints to a colleague (assign_to.add, then remove);
  - GUESTS each loop: submit the public form (the web form's accept), then track the case with its
    reference and mobile (track_case);
  - a MANAGER runs the KPI and Periodic Summary reports every few seconds;
  - each person waits between actions (--think, default 1-3 s: people think; without it two cores only
    measure a queue). At 1-3 s the 40 people register about 5 cases a second, 3,000 in 10 minutes: the
    association's report counts 323 in half a year;
  - the SMS gateway is a local one on loopback that records every message.

It prints, per kind of request, how many, p50 / p95 / p99 and errors; then, once the RQ queues are
empty, checks that every submission became exactly one case with a unique reference, that every case
registered in the soak got its acknowledgement (delivered to the gateway, once), and that the reports
equal a fresh recount from the cases. The history (HISTORY closed cases over the two years before, by
bulk insert) is written once and kept for the next run (--clean removes it); everything else the soak
wrote is removed at the end.

    cd frappe-bench/sites
    ../env/bin/python ../apps/beneficiary_care/benchmarks/soak.py --site SITE --minutes 10
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict

import requests
from bench_site import arguments, care_department, connected, staff_user
from lock_waits import LockWaits
from portal_load import HEADERS, PORT, start_gunicorn

from beneficiary_care.framework.helpers import ROW_META
from tools.loopback import Gateway, MailServer

SOAK_MAIL = "Soak outgoing"
MARK = "قياس التحمل"
HISTORY_PREFIX = "SOAK-H-"
PASSWORD = "Soak-Test-2026!x"
KINDS = ("Complaint", "Inquiry", "Suggestion")
RUN = f"{time.time():.0f}"
THINK = (1.0, 3.0)  # seconds between a person's actions (--think)


class Recorder:
	"""Each request's time and error. Those that start in the first `warmup` seconds are made, and their
	errors counted, but their times are not: each gunicorn worker starts cold (its first requests load
	the app's modules, DocTypes and translations)."""

	def __init__(self, warmup: float = 0.0):
		self.lock = threading.Lock()
		self.counting_from = time.time() + warmup
		self.warmup: dict[str, list[float]] = defaultdict(list)
		self.times: dict[str, list[float]] = defaultdict(list)
		self.errors: dict[str, list[str]] = defaultdict(list)

	def timed(self, kind: str, call):
		started = time.perf_counter()
		try:
			response = call()
			ok = response.ok
			detail = "" if ok else f"{response.status_code} {response.text[:200]}"
		except requests.RequestException as err:
			response, ok, detail = None, False, f"{type(err).__name__}: {err}"
		with self.lock:
			if time.time() - (time.perf_counter() - started) >= self.counting_from:
				self.times[kind].append(time.perf_counter() - started)
			else:
				self.warmup[kind].append(time.perf_counter() - started)
			if not ok:
				self.errors[kind].append(detail)
		return response if ok else None


def cpu_seconds(pid: int) -> float:
	"""CPU time of a process and all its children, live or reaped (/proc: utime, stime, cutime, cstime):
	a gunicorn master and its workers, an RQ worker and the job processes it forks."""
	try:
		with open(f"/proc/{pid}/stat") as f:
			fields = f.read().rsplit(")", 1)[1].split()
	except OSError:
		return 0.0
	own = sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
	children = 0.0
	for entry in os.listdir("/proc"):
		if entry.isdigit():
			try:
				with open(f"/proc/{entry}/stat") as f:
					if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
						children += cpu_seconds(int(entry))
			except (OSError, ValueError, IndexError):
				continue
	return own + children


def cpu_waited(pid: int) -> float:
	"""Seconds the threads of a process and its live children spent ready to run but waiting for a CPU
	(/proc/PID/task/TID/schedstat, its second field). Threads and processes that end during the run
	take their wait with them: MariaDB's connection threads of other clients, the RQ job processes."""
	waited = 0.0
	try:
		threads = os.listdir(f"/proc/{pid}/task")
	except OSError:
		return waited
	for tid in threads:
		try:
			with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
				waited += int(f.read().split()[1]) / 1e9
		except (OSError, ValueError, IndexError):
			continue  # a thread that ended meanwhile: its wait is lost, as it is for those before it
	try:
		with open(f"/proc/{pid}/task/{pid}/children") as f:
			children = [int(c) for c in f.read().split()]
	except (OSError, ValueError):
		children = []
	return waited + sum(cpu_waited(child) for child in children)


def mariadb_pid() -> int | None:
	for entry in os.listdir("/proc"):
		if entry.isdigit():
			try:
				with open(f"/proc/{entry}/comm") as f:
					if f.read().strip() == "mariadbd":
						return int(entry)
			except OSError:
				continue
	return None


def percentile(values: list[float], share: float) -> float:
	ordered = sorted(values)
	return ordered[max(0, int(share * len(ordered)) - 1)] * 1000


# ------------------------------------------------------------------ the people


def officer(
	base: str,
	email: str,
	colleagues: list[str],
	department: str,
	channel: str,
	until: float,
	rec: Recorder,
	made: list,
):
	rng = random.Random(email)
	session = requests.Session()
	session.headers.update(HEADERS)
	session.post(f"{base}/api/method/login", data={"usr": email, "pwd": PASSWORD})
	mine = {"Inquiry": [], "Complaint": []}
	i = 0
	while time.time() < until:
		i += 1
		kind = "Inquiry" if i % 2 else "Complaint"
		doc = {
			"doctype": kind,
			"__islocal": 1,
			"name": f"new-{kind.lower()}-{rng.randrange(10**9)}",
			"channel": channel,
			"department": department,
			"subject": f"{MARK} {email} {i}",
			"description": "حالة سجلها موظف في اختبار التحمل.",
			"contact_name": f"{MARK} مستفيد",
			"mobile": f"0558{rng.randrange(10**6):06d}",
		}
		response = rec.timed(
			"desk: register a case",
			lambda doc=doc: session.post(
				f"{base}/api/method/frappe.desk.form.save.savedocs",
				data={"doc": json.dumps(doc), "action": "Save"},
			),
		)
		if response is not None:
			name = response.json()["docs"][0]["name"]
			mine[kind].append(name)
			made.append((kind, name))
		time.sleep(rng.uniform(*THINK))
		if mine["Inquiry"] and i % 3 == 0:
			name = mine["Inquiry"].pop(0)
			loaded = rec.timed(
				"desk: open a case",
				lambda name=name: session.get(
					f"{base}/api/method/frappe.desk.form.load.getdoc",
					params={"doctype": "Inquiry", "name": name},
				),
			)
			if loaded is not None:
				case = loaded.json()["docs"][0]
				case.update(status="Answered", resolution="<p>هذه إجابة اختبار التحمل.</p>")
				rec.timed(
					"desk: answer a case",
					lambda case=case: session.post(
						f"{base}/api/method/frappe.desk.form.save.savedocs",
						data={"doc": json.dumps(case), "action": "Save"},
					),
				)
			time.sleep(rng.uniform(*THINK))
		if mine["Complaint"] and i % 4 == 0:
			name = mine["Complaint"].pop(0)
			other = rng.choice([c for c in colleagues if c != email])

			def reassign(name=name, other=other):
				added = session.post(
					f"{base}/api/method/frappe.desk.form.assign_to.add",
					data={"doctype": "Complaint", "name": name, "assign_to": json.dumps([other])},
				)
				if not added.ok:
					return added
				for holder in added.json().get("message") or []:  # the case's assignments now
					if holder.get("owner") != other:
						return session.post(
							f"{base}/api/method/frappe.desk.form.assign_to.remove",
							data={"doctype": "Complaint", "name": name, "assign_to": holder["owner"]},
						)
				return added

			rec.timed("desk: reassign a case", reassign)
			time.sleep(rng.uniform(*THINK))


def guest(base: str, index: int, until: float, rec: Recorder, references: list):
	rng = random.Random(index)
	i = 0
	while time.time() < until:
		i += 1
		mobile = f"0566{index:02d}{i:04d}"
		data = {
			"doctype": "Case Submission",
			"web_form_name": "submit-a-case",
			"kind": KINDS[i % 3],
			"full_name": f"{MARK} {index}-{i}",
			"mobile": mobile,
			"description": f"{MARK}: طلب {index}-{i}",
			"consent": 1,
		}
		phone = {"X-Forwarded-For": f"soak-phone-{RUN}-{index}-{i // 4}", "Accept": "application/json"}
		response = rec.timed(
			"guest: submit the form",
			lambda data=data, phone=phone: requests.post(
				f"{base}/api/method/frappe.website.doctype.web_form.web_form.accept",
				data={"web_form": "submit-a-case", "data": json.dumps(data)},
				headers={**HEADERS, **phone},
				timeout=120,
			),
		)
		reference = response.json().get("message", {}).get("case_reference") if response is not None else None
		if reference:
			references.append(reference)
		time.sleep(rng.uniform(*THINK))
		if reference:
			rec.timed(
				"guest: track the case",
				lambda reference=reference, mobile=mobile, phone=phone: requests.post(
					f"{base}/api/method/beneficiary_care.portal.api.track_case",
					data={"reference": reference, "mobile": mobile},
					headers={**HEADERS, **phone},
					timeout=120,
				),
			)
			time.sleep(rng.uniform(*THINK))


def manager(base: str, email: str, until: float, every: float, rec: Recorder):
	session = requests.Session()
	session.headers.update(HEADERS)
	session.post(f"{base}/api/method/login", data={"usr": email, "pwd": PASSWORD})
	year = {"period": "Year", "fiscal_year": dt.date.today().year}
	while time.time() < until:
		for report in ("Beneficiary Care KPIs", "Periodic Summary"):
			rec.timed(
				f"manager: {report}",
				lambda report=report: session.post(
					f"{base}/api/method/frappe.desk.query_report.run",
					data={"report_name": report, "filters": json.dumps(year), "ignore_prepared_report": 1},
				),
			)
		time.sleep(every)


# ------------------------------------------------------------------ set-up and checks


def write_history(frappe, n: int) -> float:
	"""N closed cases over the two years before today, once (kept for the next run)."""
	from beneficiary_care.reporting import figures_rollup

	have = sum(frappe.db.count(k, {"name": ["like", f"{HISTORY_PREFIX}%"]}) for k in KINDS)
	if have >= n // 3 * 3:
		return 0.0
	started = time.perf_counter()
	channel = frappe.db.get_value("Case Channel", {"code": "phone"}, "name")
	rng = random.Random(7)
	now = dt.datetime.now().replace(microsecond=0)
	columns = [*ROW_META, "received_on", "channel", "subject", "description", "status", "priority"]
	columns += ["first_responded_on", "resolved_on", "figures_changed_on"]
	for kind in KINDS:
		rows = []
		for i in range(have // 3, n // 3):
			received = now - dt.timedelta(seconds=rng.randrange(1, 730 * 86400))
			answered = received + dt.timedelta(hours=rng.randrange(1, 200))
			rows.append(
				(
					f"{HISTORY_PREFIX}{kind[:3].upper()}-{i:07d}",
					received,
					answered,
					"Administrator",
					"Administrator",
					0,
					received,
					channel,
					"حالة سابقة",
					"من سجل الحالات السابق.",
					"Closed",
					"Medium",
					answered,
					answered,
					now,
				)
			)
		frappe.db.bulk_insert(kind, columns, rows, chunk_size=5000)
		frappe.db.commit()
	figures_rollup.refresh(full=True)
	frappe.db.commit()
	return time.perf_counter() - started


def outgoing_mail(frappe, port: int) -> bool:
	"""A site in production sends mail: Frappe's assignment alerts and the app's Notifications email the
	officers. Without an outgoing account each of them would fail and write an Error Log, so a site
	without one gets an account on the local SMTP server for the soak (True: removed at the end). The
	mails wait in Frappe's Email Queue: no scheduler runs here to send them."""
	if frappe.db.exists("Email Account", SOAK_MAIL):  # an interrupted run's
		frappe.delete_doc("Email Account", SOAK_MAIL, force=True, ignore_permissions=True)
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return False
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": SOAK_MAIL,
			"email_id": "soak-outgoing@example.com",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": port,
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)
	return True


def restore_site(frappe, args, saved_sms: dict, own_mail: bool, people: list[str]) -> None:
	"""What the soak changed and made, undone: its cases and all they made, the mails to its people
	still in Frappe's Email Queue (the alerts name no case), this site's jobs still queued (they would
	run later on deleted cases), the SMS Settings and the soak's Email Account."""
	from frappe.utils.background_jobs import get_queue

	from beneficiary_care.reporting.figures_rollup import delete_cases

	remove_soak_cases(frappe)  # the history stays unless --clean 1
	if args.clean:
		for kind in KINDS:
			delete_cases(kind, {"name": ["like", f"{HISTORY_PREFIX}%"]})
	mails = frappe.get_all(
		"Email Queue Recipient", filters={"recipient": ["in", people or [""]]}, pluck="parent", distinct=True
	)
	for chunk in range(0, len(mails), 1000):
		names = mails[chunk : chunk + 1000]
		frappe.db.delete("Email Queue Recipient", {"parent": ["in", names]})
		frappe.db.delete("Email Queue", {"name": ["in", names]})
	dropped = 0
	for queue in ("short", "default", "long"):
		for job in get_queue(queue).get_jobs():
			if job.kwargs.get("site") == args.site:
				job.delete()
				dropped += 1
	for key in ("sms_gateway_url", "message_parameter", "receiver_parameter", "use_post"):
		frappe.db.set_single_value("SMS Settings", key, saved_sms.get(key))
	if own_mail:
		frappe.delete_doc("Email Account", SOAK_MAIL, force=True, ignore_permissions=True)
	frappe.db.commit()
	print(f"removed: the soak's cases, {len(mails)} queued mails to its people, {dropped} jobs still queued")


def remove_soak_cases(frappe) -> None:
	"""The cases a soak registered (this run's, or an interrupted run's) and all they made."""
	from beneficiary_care.reporting.figures_rollup import delete_cases_and_records

	for kind in KINDS:
		names = frappe.get_all(kind, filters={"contact_name": ["like", f"{MARK}%"]}, pluck="name")
		delete_cases_and_records(kind, names)
	frappe.db.delete("Case Submission", {"full_name": ["like", f"{MARK}%"]})
	frappe.db.commit()


def people(frappe, desk: int) -> tuple[list[str], str, str]:
	from frappe.utils.password import update_password

	officers = []
	for i in range(desk):
		email = staff_user(
			frappe, f"soak-officer-{i}@example.com", f"Soak {i}", "Care Officer", "Department Staff"
		)
		update_password(email, PASSWORD)
		officers.append(email)
	boss = staff_user(frappe, "soak-manager@example.com", "Soak Manager", "Care Manager")
	update_password(boss, PASSWORD)
	department = care_department(frappe, "قسم اختبار التحمل", officers)
	frappe.db.commit()
	return officers, boss, department


def main() -> None:
	args = arguments(
		__doc__.splitlines()[0],
		minutes=(float, 10, "how long"),
		desk=(int, 20, "desk officers"),
		guests=(int, 20, "portal guests"),
		history=(int, 200_000, "closed cases in the site's history"),
		workers=(int, 2 * (os.cpu_count() or 1) + 1, "gunicorn workers"),
		**{
			"rq-workers": (int, 2, "RQ workers"),
			"report-every": (float, 5.0, "seconds between the manager's runs"),
		},
		clean=(int, 0, "1: remove the history too at the end"),
		think=(str, "1-3", "seconds each person waits between actions, as low-high"),
		warmup=(float, 60.0, "seconds at the start whose request times are not counted (errors are)"),
	)
	global THINK
	THINK = tuple(float(x) for x in args.think.split("-", 1))
	sites = os.path.abspath(args.sites_path)
	HEADERS["Host"] = args.site
	gateway, mail = Gateway(), MailServer()
	gateway.up()
	mail.up()
	with connected(args.site, sites) as frappe:
		remove_soak_cases(frappe)
		history_seconds = write_history(frappe, args.history)
		officers, boss, department = people(frappe, args.desk)
		channel = frappe.db.get_value("Case Channel", {"code": "phone"}, "name")
		sms = frappe.get_single("SMS Settings")
		saved_sms = sms.as_dict()
		sms.update(
			{
				"sms_gateway_url": gateway.url,
				"message_parameter": "msg",
				"receiver_parameter": "to",
				"use_post": 1,
			}
		)
		sms.save(ignore_permissions=True)
		own_mail = outgoing_mail(frappe, mail.port)
		frappe.db.commit()
		started = frappe.utils.now_datetime()
		history = sum(frappe.db.count(k, {"name": ["like", f"{HISTORY_PREFIX}%"]}) for k in KINDS)
		conf = frappe._dict(frappe.conf)
	try:
		server = start_gunicorn(sites, args.workers)
		workers = [
			subprocess.Popen(
				[
					sys.executable,
					"-m",
					"frappe.utils.bench_helper",
					"frappe",
					"--site",
					args.site,
					"worker",
					"--queue",
					"short,default,long",
				],
				cwd=sites,
				stdout=log,
				stderr=subprocess.STDOUT,
			)
			for log in (open(f"/tmp/soak-worker-{n}.log", "w") for n in range(args.rq_workers))
		]
		base = f"http://127.0.0.1:{PORT}"
		rec, made, references = Recorder(args.warmup), [], []
		until = time.time() + args.minutes * 60
		threads = [
			threading.Thread(
				target=officer, args=(base, email, officers, department, channel, until, rec, made)
			)
			for email in officers
		]
		threads += [
			threading.Thread(target=guest, args=(base, i, until, rec, references)) for i in range(args.guests)
		]
		threads.append(threading.Thread(target=manager, args=(base, boss, until, args.report_every, rec)))

		def cpu() -> dict[str, float]:
			return {
				"gunicorn": cpu_seconds(server.pid),
				"RQ workers": sum(cpu_seconds(w.pid) for w in workers),
				"MariaDB": cpu_seconds(database) if database else 0.0,
				"the soak's clients": sum(os.times()[:2]),
			}

		def waited() -> dict[str, float]:
			return {"gunicorn": cpu_waited(server.pid), "MariaDB": cpu_waited(database) if database else 0.0}

		database = mariadb_pid()
		try:
			cpu_before, waited_before, wall_before = cpu(), waited(), time.time()
			with LockWaits(conf) as locks:
				for thread in threads:
					thread.start()
				for thread in threads:
					thread.join()
			cpu_used = {k: v - cpu_before[k] for k, v in cpu().items()}
			cpu_waits = {k: v - waited_before[k] for k, v in waited().items()}
			wall = time.time() - wall_before
			with connected(args.site, sites) as frappe:  # let the workers finish what was queued
				from frappe.utils.background_jobs import get_queue

				drained, left = time.time(), 0
				for _ in range(600):
					left = sum(get_queue(q).count for q in ("short", "default", "long"))
					if not left:
						break
					time.sleep(1)
				drained = time.time() - drained
		finally:
			server.terminate()
			for worker in workers:
				worker.terminate()
			server.wait(timeout=30)
		print(
			f"site: {history:,} cases in its history (written in {history_seconds:.0f} s this run); {args.workers} gunicorn workers, {args.rq_workers} RQ workers"
		)
		print(
			f"{args.desk} desk officers, {args.guests} guests waiting {args.think} s between actions, a manager's reports every {args.report_every:g} s, for {args.minutes:g} min"
		)
		cold = [t for times in rec.warmup.values() for t in times]
		if cold:
			print(
				f"the first {args.warmup:g} s (cold workers): {len(cold)} requests of all kinds, p50 {statistics.median(cold) * 1000:.0f} / p95 {percentile(cold, 0.95):.0f} ms; not in the table, but their errors are"
			)
		print(f"{'request':32} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
		for kind in sorted(rec.times):
			times = rec.times[kind]
			print(
				f"{kind:32} {len(times):>6} {statistics.median(times) * 1000:>8.0f} {percentile(times, 0.95):>8.0f} {percentile(times, 0.99):>8.0f} {len(rec.errors[kind]):>7}"
			)
		for kind, errors in rec.errors.items():
			for error in errors[:3]:
				print(f"  error ({kind}): {error}")
		if left:
			print(f"the RQ queues still held {left} jobs {drained:.0f} s after the load ended (left queued)")
		else:
			print(f"the RQ queues were empty {drained:.0f} s after the load ended")
		cores = os.cpu_count() or 1
		print(f"CPU during the load ({wall:.0f} s, {cores} cores: {wall * cores:.0f} CPU-seconds in all):")
		for who, seconds in cpu_used.items():
			print(f"  {who:22} {seconds:>7.0f} s  {seconds / wall:>5.2f} cores")
		print("ready to run but waiting for a CPU (/proc schedstat):")
		for who, seconds in cpu_waits.items():
			print(f"  {who:22} {seconds:>7.0f} s")
		print("\n".join(locks.report()))
		with connected(args.site, sites) as frappe:
			from frappe.desk.query_report import run

			cases = {
				k: frappe.get_all(k, filters={"contact_name": ["like", f"{MARK}%"]}, pluck="name")
				for k in KINDS
			}
			guests_cases = {
				n
				for k in KINDS
				for n in frappe.get_all(k, filters={"contact_name": ["like", f"{MARK} %-%"]}, pluck="name")
			}
			everything = [n for names in cases.values() for n in names]
			submissions = frappe.db.count("Case Submission", {"full_name": ["like", f"{MARK}%"]})
			delivered = defaultdict(int)
			for message in gateway.received:
				for name in everything:
					if name in message.get("msg", ""):
						delivered[name] += 1
			acknowledged = frappe.db.count(
				"Case Message",
				{
					"reference_name": ["in", everything or [""]],
					"purpose": "Acknowledgement",
					"status": "Sent",
				},
			)
			print(
				f"guest submissions answered:       {len(references)} ({len(set(references))} unique references); Case Submissions stored: {submissions}"
			)
			print(
				f"cases from guests:                {len(guests_cases)}; every returned reference is a case: {set(references) <= guests_cases}"
			)
			print(
				f"cases registered in all:          {len(everything)} (desk {len(made)}, guests {len(guests_cases)}); {len(everything) / wall:.1f} a second"
			)
			print(
				f"acknowledgements sent:            {acknowledged} of {len(everything)}; cases whose SMS reached the gateway: {len(delivered)}"
			)
			year = {"period": "Year", "fiscal_year": dt.date.today().year}
			figures = {
				r: run(r, filters=year, ignore_prepared_report=True)["result"]
				for r in ("Beneficiary Care KPIs", "Periodic Summary")
			}
			frappe.flags.bc_count_live = True
			recount = {
				r: run(r, filters=year, ignore_prepared_report=True)["result"]
				for r in ("Beneficiary Care KPIs", "Periodic Summary")
			}
			frappe.flags.bc_count_live = False
			print(
				f"reports equal a fresh recount:    {json.dumps(figures, default=str) == json.dumps(recount, default=str)}"
			)
			from frappe.query_builder.functions import Count  # Frappe, imported once connected

			error_log = frappe.qb.DocType("Error Log")
			count = Count(error_log.name)
			logged = (  # the query builder: Frappe v16's get_all takes no SQL in its fields
				frappe.qb.from_(error_log)
				.select(error_log.method, count.as_("n"))
				.where(error_log.creation >= started)
				.groupby(error_log.method)
				.orderby(count, order=frappe.qb.desc)
			).run(as_dict=True)
			print(f"Error Logs written during the soak: {sum(e.n for e in logged)}")
			for entry in logged[:5]:
				print(f"  {entry.n:>6}  {entry.method}")
			errors = sum(len(e) for e in rec.errors.values()) + sum(e.n for e in logged)
			print(f"targets: no error {errors == 0}")
			for what, kinds, target in (
				("desk save (register, answer)", ("desk: register a case", "desk: answer a case"), 500),
				("guest submission", ("guest: submit the form",), 800),
			):
				warm = [t for k in kinds for t in rec.times.get(k, [])]
				every = warm + [t for k in kinds for t in rec.warmup.get(k, [])]
				print(
					f"  {what} p95 < {target} ms: {percentile(warm, 0.95) < target if warm else None} ({percentile(warm, 0.95) if warm else 0:.0f} ms; with the first {args.warmup:g} s: {percentile(every, 0.95) if every else 0:.0f} ms)"
				)
	finally:  # the site as it was, whatever happened above
		with connected(args.site, sites) as frappe:
			restore_site(frappe, args, saved_sms, own_mail, [*officers, boss])
		gateway.down()
		mail.down()


if __name__ == "__main__":
	main()
