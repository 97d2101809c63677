"""The board's yearly report on a site with 1,000,000 cases: the time of each stage (figures snapshot,
HTML, PDF) and the PDF's size, medians of several rounds in one run.

The cases are report_speed.py's (prefix BENCH-R-, received over 2024–2025, the daily figures rebuilt
once); the report is the fiscal year 2025 beside 2024. Stages: `figures` is the snapshot taken when a
report goes to review (reporting.board_figures: the desk reports' counting); `html` the sections and
their HTML (core.board); `pdf` WeasyPrint laying it out with the embedded font. Nothing is stored:
the report document is not saved. Target (issue 11): under 10 s for the whole, PDF under 2 MB.

    cd frappe-bench/sites
    ../env/bin/python ../apps/beneficiary_care/benchmarks/board_report.py --site SITE --n 1000000
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from bench_site import arguments, connected
from report_speed import PREFIX, generate, remove


def main() -> None:
	args = arguments(
		__doc__.splitlines()[0],
		n=(int, 1_000_000, "cases"),
		keep=(int, 0, "1: keep the cases"),
		rounds=(int, 3, "timed rounds"),
	)
	with connected(args.site, args.sites_path) as frappe:
		from beneficiary_care.board import document, pdf
		from beneficiary_care.reporting import figures_rollup

		existing = sum(frappe.db.count(d, {"name": ["like", f"{PREFIX}%"]}) for d in ("Complaint", "Inquiry"))
		if existing < args.n:
			t0 = time.perf_counter()
			remove(frappe)
			generate(frappe, args.n)
			figures_rollup.rebuild()
			frappe.db.commit()
			print(f"generated {args.n:,} cases and their daily figures in {time.perf_counter() - t0:.0f} s")
		else:
			figures_rollup.refresh()
			frappe.db.commit()
		doc = frappe.get_doc(
			{"doctype": "Care Board Report", "report_kind": "Year", "fiscal_year": 2025, "language": "ar"}
		)
		period = document.period_of(doc)
		doc.from_date, doc.to_date, doc.name, doc.version = period.start, period.last_day, "BR-BENCH", 1
		numbers = document.numbers_for(doc)
		doc.title = "benchmark"
		stages: dict[str, list[float]] = {"figures": [], "html": [], "pdf": [], "whole": []}
		size = 0
		for _ in range(args.rounds):
			t0 = time.perf_counter()
			document.take_figures(doc, period, numbers)
			t1 = time.perf_counter()
			html = pdf.html(doc)
			t2 = time.perf_counter()
			content = pdf.render_pdf(doc)
			t3 = time.perf_counter()
			stages["figures"].append(t1 - t0)
			stages["html"].append(t2 - t1)
			stages["pdf"].append(t3 - t2)
			stages["whole"].append(t3 - t0)
			size = len(content)
		cases = sum(now for _kind, now, _before in document.figures(doc).data["kinds"])
		print(f"yearly report 2025: {cases:,} cases in the year, {len(html):,} characters of HTML")
		print(f"{'stage':10s} {'median s':>9s} {'min s':>7s} {'max s':>7s}   ({args.rounds} rounds)")
		for stage, times in stages.items():
			print(f"{stage:10s} {statistics.median(times):9.3f} {min(times):7.3f} {max(times):7.3f}")
		print(f"PDF: {size / 1024:.0f} KiB")
		if not args.keep:
			remove(frappe)
		frappe.db.rollback()
		print(f"done {dt.datetime.now():%H:%M:%S}")


if __name__ == "__main__":
	main()
