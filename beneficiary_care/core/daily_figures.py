"""What the daily figures (DocType Case Day Figures) hold, and how the KPIs of KPIS.md are read off them.

One row per day, case kind, department, confidentiality, dimension and value. The rows of the
dimension TOTALS carry every count a day's cases give (received, resolved at first contact, on time,
...); the other dimensions carry how many cases had each value of a breakdown (channel, need, ...), the
surveys answered on the day's cases, or how many cases' times fell in each median bucket
(core.medians). Data only: the SQL that fills the rows is in beneficiary_care/reporting/
(figures_sql, figures_rollup).

What depends on the moment a report is run — open cases already past a deadline — is never stored:
the reports count it live and add it here (Overdue).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

TOTALS = ""
COUNT_DIMENSIONS = ("channel", "need_category", "subject_category", "root_cause", "is_justified")
OPEN_LEVEL = "open_level"  # cases still open, by escalation level
COMMITTEE_STATUS = "committee_status"  # cases that reached the Complaints Committee, by status
CANCELLED = "cancelled"  # cancelled or spam: counted on their own line, in no other figure
SURVEYS = "surveys"  # satisfaction surveys answered on the day's cases
TIME_COLUMNS = (
	"response_working_seconds",
	"response_calendar_seconds",
	"resolution_working_seconds",
	"resolution_calendar_seconds",
)
STATE = "__state__"  # the one row that says when the figures were last brought up to date


@dataclass(frozen=True)
class Metric:
	fieldname: str
	fieldtype: str  # Int or Float
	label: str


METRICS: tuple[Metric, ...] = (
	Metric("cases", "Int", "Cases"),
	Metric("fcr", "Int", "Resolved at First Contact"),
	Metric("accepted", "Int", "Accepted"),
	Metric("decided", "Int", "Accepted or Rejected"),
	Metric("responded", "Int", "Responded"),
	Metric("response_on_time", "Int", "Responded on Time"),
	Metric("answered", "Int", "Answered"),
	Metric("answered_on_time", "Int", "Answered on Time"),
	Metric("resolved", "Int", "Resolved (not rejected)"),
	Metric("resolved_on_time", "Int", "Resolved on Time"),
	Metric("accurate", "Int", "Accurate"),
	Metric("reassignments", "Int", "Reassignments"),
	Metric("escalated", "Int", "Escalated"),
	Metric("committee", "Int", "Reached the Committee"),
	Metric("satisfied", "Int", "Satisfied (4 or 5 stars)"),
	Metric("stars", "Float", "Sum of Ratings"),
	Metric("response_working_seconds_sum", "Float", "Time to First Response (working), Total"),
	Metric("response_working_seconds_count", "Int", "Time to First Response (working), Cases"),
	Metric("response_calendar_seconds_sum", "Float", "Time to First Response (calendar), Total"),
	Metric("response_calendar_seconds_count", "Int", "Time to First Response (calendar), Cases"),
	Metric("resolution_working_seconds_sum", "Float", "Time to Resolve (working), Total"),
	Metric("resolution_working_seconds_count", "Int", "Time to Resolve (working), Cases"),
	Metric("resolution_calendar_seconds_sum", "Float", "Time to Resolve (calendar), Total"),
	Metric("resolution_calendar_seconds_count", "Int", "Time to Resolve (calendar), Cases"),
)
METRIC_NAMES = tuple(m.fieldname for m in METRICS)


@dataclass(frozen=True)
class Overdue:
	"""Open cases past a deadline at the moment of the report (live, never stored)."""

	unresponded: int = 0  # no first response yet, response deadline passed
	unresolved: int = 0  # not answered or resolved yet, resolution deadline passed


def kpi_counts(kind: str, m: Mapping[str, float], overdue: Overdue) -> dict[str, tuple[int, int]]:
	"""(numerator, denominator) of each KPI of KPIS.md for one case kind, from its summed counts."""
	n = {name: int(m.get(name) or 0) for name in METRIC_NAMES}
	if kind == "Complaint":
		return {
			"complaint_fcr": (n["fcr"], n["cases"]),
			"complaint_acceptance": (n["accepted"], n["decided"]),
			"complaint_on_time_response": (n["response_on_time"], n["responded"] + overdue.unresponded),
			"complaint_on_time_resolution": (n["resolved_on_time"], n["resolved"] + overdue.unresolved),
			"complaint_accuracy": (n["accurate"], n["resolved"]),
		}
	if kind == "Inquiry":
		return {
			"inquiry_fcr": (n["fcr"], n["cases"]),
			"inquiry_on_time": (n["answered_on_time"], n["answered"] + overdue.unresolved),
			"inquiry_accuracy": (n["accurate"], n["answered"]),
		}
	return {}


def add(into: dict[str, float], more: Mapping[str, float]) -> dict[str, float]:
	"""Sum counts key by key (rows of the figures, live rows of days that changed since)."""
	for key, value in more.items():
		into[key] = into.get(key, 0) + (value or 0)
	return into


def spans(days) -> list[tuple]:
	"""Days as few half-open [first, day after last) spans of consecutive days, in order: a day list
	becomes range conditions an index on the opening time can serve."""
	out: list[list] = []
	for day in sorted(set(days)):
		if out and out[-1][1] == day:
			out[-1][1] = day + dt.timedelta(days=1)
		else:
			out.append([day, day + dt.timedelta(days=1)])
	return [tuple(span) for span in out]


def months(first, last) -> list[list]:
	"""The days of each calendar month from `first`'s to `last`'s, in order (none when either is
	None): how a full recount goes, a month at a time."""
	if first is None or last is None:
		return []
	out, day = [], first.replace(day=1)
	while day <= last:
		following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
		out.append([day + dt.timedelta(days=i) for i in range((following - day).days)])
		day = following
	return out
