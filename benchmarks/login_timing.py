"""Does asking for a login code take longer for a registered mobile than for an unknown one? (issue
30, finding 3). N requests for each, alternated, to the site served by gunicorn on 127.0.0.1; prints
each one's median and spread, and how well the best single threshold on the time tells them apart
(50 % is a coin toss: the time says nothing).

It starts gunicorn itself (as portal_load.py does), makes a beneficiary file for each registered
mobile asked for (a mobile gets 3 codes an hour, after which a registered mobile costs what an
unknown one does: each request asks for a fresh one; all removed after, with the codes and messages
the requests made), and names a new client address in
X-Forwarded-For for each request, as a proxy would, so that the door's limit (10 per address in 10
minutes) is not what is measured. No worker runs: the jobs the requests queue are measured as queued,
which is all the request itself does.

    cd frappe-bench/sites
    ../env/bin/python ../apps/beneficiary_care/benchmarks/login_timing.py --site SITE --n 300
"""

from __future__ import annotations

import random
import statistics
import time

import requests
from bench_site import arguments, connected
from portal_load import HEADERS, PORT, start_gunicorn

RUN = random.randrange(10**3)


def ask(mobile: str, i: int) -> float:
	started = time.perf_counter()
	response = requests.post(
		f"http://127.0.0.1:{PORT}/api/method/beneficiary_care.portal.api.request_login_code",
		json={"mobile": mobile},
		headers={**HEADERS, "X-Forwarded-For": f"198.18.{i // 250 % 250}.{i % 250 + 1}"},
		timeout=30,
	)
	took = (time.perf_counter() - started) * 1000
	assert response.status_code == 200, response.text[:200]
	return took


def best_split(known: list[float], unknown: list[float]) -> float:
	"""The share of requests the best single threshold classifies right (either way round)."""
	labelled = sorted([(t, 1) for t in known] + [(t, 0) for t in unknown])
	total, best = len(labelled), 0.5
	below_known = below_unknown = 0
	for _, label in labelled:
		below_known += label
		below_unknown += 1 - label
		right = below_unknown + (len(known) - below_known)  # unknown below, known above
		best = max(best, right / total, 1 - right / total)
	return best


def main() -> None:
	args = arguments(__doc__, n=(int, 300, "requests for each mobile"), workers=(int, 2, "gunicorn workers"))
	known = [f"0559{RUN:03d}{i:03d}" for i in range(args.n)]
	unknown = [f"0558{RUN:03d}{i:03d}" for i in range(args.n + 20)]
	with connected(args.site, args.sites_path) as frappe:
		HEADERS["Host"] = args.site
		files = [
			frappe.get_doc({"doctype": "Beneficiary", "full_name": "قياس زمن الرمز", "mobile": mobile})
			.insert(ignore_permissions=True)
			.name
			for mobile in known
		]
		frappe.db.commit()
		server = start_gunicorn(".", args.workers)
		try:
			for i in range(20):  # warm the workers
				ask(unknown[args.n + i], 10**6 + i)
			times: dict[str, list[float]] = {"registered": [], "unknown": []}
			for i in range(args.n):
				pair = (("registered", known[i]), ("unknown", unknown[i]))
				for j, (label, mobile) in enumerate(pair if i % 2 else pair[::-1]):
					times[label].append(ask(mobile, 2 * i + j))
		finally:
			server.terminate()
			stored = ["+966" + m[1:] for m in known + unknown]
			frappe.db.delete("Care Login Code", {"mobile": ("in", stored)})
			frappe.db.delete("Case Message", {"recipient": ("in", stored)})
			frappe.db.delete("Beneficiary", {"name": ("in", files)})
			frappe.db.commit()
		for label in ("registered", "unknown"):
			t = sorted(times[label])
			print(
				f"{label:>10}: n={len(t)} median {statistics.median(t):.1f} ms"
				f" (p10 {t[len(t) // 10]:.1f}, p90 {t[len(t) * 9 // 10]:.1f})"
			)
		ratio = statistics.median(times["registered"]) / statistics.median(times["unknown"])
		print(f"median ratio registered/unknown: {ratio:.3f}")
		split = best_split(times["registered"], times["unknown"])
		print(f"best threshold tells them apart: {split * 100:.1f} %")


if __name__ == "__main__":
	main()
