"""Load on the public form: N guest submissions, C at a time, to the site served by gunicorn on
127.0.0.1; prints p50 / p95 latency, throughput, and how many cases were created with unique
references (every submission must become exactly one case: none lost, none doubled).

It starts gunicorn itself (--workers, default 2 × cores + 1 as `bench setup production` does: 5 on
this 2-core machine), sends the submissions through the
web form's own endpoint (Frappe's `accept`), then removes the cases it created. Frappe limits a web
form to 10 submissions a minute per client address; each simulated phone sends at most 10 and names
its own address in X-Forwarded-For, as a proxy in front of the site would.

    cd frappe-bench/sites
    ../env/bin/python ../apps/beneficiary_care/benchmarks/portal_load.py --site SITE --n 1000 --concurrency 20
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from bench_site import arguments, connected

PORT = 8020
RUN = f"{time.time():.0f}"  # a new set of simulated phones each run
MARK = "قياس حمل البوابة"


HEADERS: dict[str, str] = {}  # Host: the site's name (gunicorn serves sites by host name)


def start_gunicorn(sites_path: str, workers: int) -> subprocess.Popen:
	gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")  # the bench env's
	server = subprocess.Popen(
		[
			gunicorn,
			"-b",
			f"127.0.0.1:{PORT}",
			"-w",
			str(workers),
			"-t",
			"120",
			"--preload",
			"frappe.app:application",
		],
		cwd=sites_path,
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)
	for _ in range(60):
		try:
			if requests.get(f"http://127.0.0.1:{PORT}/api/method/ping", headers=HEADERS, timeout=2).ok:
				return server
		except requests.ConnectionError:
			pass
		time.sleep(1)
	server.terminate()
	raise SystemExit("gunicorn did not start")


def submit(i: int, host: str) -> tuple[float, int, str | None]:
	data = {
		"doctype": "Case Submission",
		"web_form_name": "submit-a-case",
		"kind": ("Complaint", "Inquiry", "Suggestion")[i % 3],
		"full_name": f"{MARK} {i}",
		"mobile": f"0569{i:06d}",
		"description": f"{MARK}: طلب رقم {i}",
		"consent": 1,
	}
	phone = f"simulated-phone-{RUN}-{i // 10}"  # the rate limiter's key for this client, not an address
	started = time.perf_counter()
	response = requests.post(
		f"{host}/api/method/frappe.website.doctype.web_form.web_form.accept",
		data={"web_form": "submit-a-case", "data": json.dumps(data)},
		headers={**HEADERS, "X-Forwarded-For": phone, "Accept": "application/json"},
		timeout=120,
	)
	elapsed = time.perf_counter() - started
	reference = response.json().get("message", {}).get("case_reference") if response.ok else None
	return elapsed, response.status_code, reference


def main() -> None:
	args = arguments(
		__doc__.splitlines()[0],
		n=(int, 1000, "submissions"),
		concurrency=(int, 20, "at a time"),
		workers=(int, 2 * (os.cpu_count() or 1) + 1, "gunicorn workers"),
	)
	sites_path = os.path.abspath(args.sites_path)
	HEADERS["Host"] = args.site
	server = start_gunicorn(sites_path, args.workers)
	host = f"http://127.0.0.1:{PORT}"
	try:
		submit(-1, host)  # warm the workers
		started = time.perf_counter()
		with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
			results = list(pool.map(lambda i: submit(i, host), range(args.n)))
		wall = time.perf_counter() - started
	finally:
		server.terminate()
		server.wait(timeout=30)
	latencies = sorted(r[0] for r in results)
	statuses = {}
	for _, status, _ref in results:
		statuses[status] = statuses.get(status, 0) + 1
	references = [r[2] for r in results if r[2]]
	with connected(args.site, sites_path) as frappe:
		from beneficiary_care.reporting.figures_rollup import delete_cases_and_records

		cases = []
		for doctype in ("Complaint", "Inquiry", "Suggestion"):
			cases += frappe.get_all(doctype, filters={"contact_name": ["like", f"{MARK}%"]}, pluck="name")
		print(
			f"submissions:              {args.n} at {args.concurrency} concurrent, {args.workers} gunicorn workers"
		)
		print(f"HTTP answers:             {statuses}")
		print(
			f"latency p50 / p95 / p99:  {statistics.median(latencies) * 1000:.0f} ms / "
			f"{latencies[int(0.95 * len(latencies)) - 1] * 1000:.0f} ms / "
			f"{latencies[int(0.99 * len(latencies)) - 1] * 1000:.0f} ms"
		)
		print(f"throughput:               {args.n / wall:.1f} submissions/s ({wall:.1f} s)")
		print(f"references returned:      {len(references)} ({len(set(references))} unique)")
		print(
			f"cases created:            {len(cases)} ({len(set(cases))} unique); "
			f"all returned references exist: {set(references) <= set(cases)}"
		)
		for doctype in ("Complaint", "Inquiry", "Suggestion"):
			names = frappe.get_all(doctype, filters={"contact_name": ["like", f"{MARK}%"]}, pluck="name")
			delete_cases_and_records(doctype, names)
		frappe.db.delete("Case Submission", {"full_name": ["like", f"{MARK}%"]})
		frappe.db.commit()


if __name__ == "__main__":
	main()
