"""How fast each department responded (the annual report's "degree of response of the departments"),
as counts: received, answered, on time against what was due, exact medians, reassignments,
escalations. From the daily figures by department; open cases past a deadline counted live. The
desk report (Department Responsiveness) and the board's report both read it."""

from __future__ import annotations

import datetime as dt

from beneficiary_care.core.daily_figures import TOTALS, add
from beneficiary_care.core.periods import Period
from beneficiary_care.reporting import counting, figures_read, population


def responsiveness(period: Period, filters: dict, at: dt.datetime) -> list[dict]:
	"""One dict per department ('' for cases without one), most cases first."""
	totals: dict[str, dict] = {}
	late: dict[str, list[int]] = {}
	kinds = population.kinds(filters)
	for doctype in kinds:
		for (_value, department), values in figures_read.read(
			doctype, TOTALS, period, filters, by_department=True
		).items():
			add(totals.setdefault(department or "", {}), values)
		for department, overdue in figures_read.overdue(
			doctype, period, filters, at, by_department=True
		).items():
			counts = late.setdefault(department or "", [0, 0])
			counts[0] += overdue.unresponded
			counts[1] += overdue.unresolved
	rows = []
	for department, v in sorted(totals.items(), key=lambda kv: -(kv[1].get("cases") or 0)):
		n = {key: int(value or 0) for key, value in v.items() if not key.endswith("_sum")}
		unresponded, unresolved = late.get(department, (0, 0))
		answered = n.get("answered", 0)
		resolution_sum = float(v.get("resolution_working_seconds_sum") or 0)
		rows.append(
			{
				"department": department,
				"received": n.get("cases", 0),
				"answered": answered,
				"response_on_time": n.get("response_on_time", 0),
				"response_due": n.get("responded", 0) + unresponded,
				"resolution_on_time": n.get("answered_on_time", 0),
				"resolution_due": answered + unresolved,
				"median_response_seconds": counting.median_across(
					kinds, "response_working_seconds", period, filters, department
				),
				"median_resolution_seconds": counting.median_across(
					kinds, "resolution_working_seconds", period, filters, department
				),
				"mean_resolution_seconds": resolution_sum / answered if answered else None,
				"reassignments": n.get("reassignments", 0),
				"escalated": n.get("escalated", 0),
				"committee": n.get("committee", 0),
			}
		)
	return rows
