"""The sections of the board's report as plain data, in the order of the association's document:
preamble, executive summary, cases by need and channel, complaints by subject, the comparison with a
year earlier, KPIs against target, the departments' response, cases under follow-up by escalation
level, the Complaints Committee, satisfaction, recurring cases, recommendations.

Tables hold text already formatted (numbers.Numbers); charts are bars whose widths are percentages of
the largest value, drawn by the template with HTML and CSS only. Confidential complaints (about a
named employee) appear only as counts: the snapshot holds no case text, and the recurrence section
counts employees without naming them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from beneficiary_care.core.board.figures import KINDS, Figures, Line
from beneficiary_care.core.board.numbers import GREGORIAN_MONTHS, Numbers
from beneficiary_care.core.shares import rate


@dataclass(frozen=True)
class Table:
	columns: list[str]
	rows: list[list[str]]
	foot: list[str] | None = None
	numeric: frozenset[int] = frozenset()  # columns of numbers (centred, left-to-right)
	caption: str = ""
	empty: str = ""  # shown instead of the rows when there are none


@dataclass(frozen=True)
class Bar:
	label: str
	value: str  # the text beside the bar
	widths: tuple[float, ...]  # one bar per series, % of the chart's width
	marker: float | None = None  # a target line, % of the chart's width


@dataclass(frozen=True)
class Bars:
	caption: str
	bars: list[Bar]
	legend: tuple[str, ...] = ()  # one name per series
	columns: bool = False  # vertical bars (months), else horizontal


@dataclass(frozen=True)
class Section:
	key: str
	title: str
	paragraphs: list[str] = field(default_factory=list)
	blocks: list = field(default_factory=list)
	html: str = ""  # staff text (preamble, recommendations), already sanitised by the desk


def build(
	figures: Figures,
	numbers: Numbers,
	*,
	preamble: str,
	summary: str,
	recommendations: str,
) -> list[Section]:
	_ = numbers._
	return [
		Section("preamble", _("Preamble"), html=preamble),
		Section("summary", _("Executive Summary"), paragraphs=_paragraphs(summary)),
		_needs_and_channels(figures, numbers),
		_subjects(figures, numbers),
		_comparison(figures, numbers),
		_kpis(figures, numbers),
		_departments(figures, numbers),
		_follow_up(figures, numbers),
		_committee(figures, numbers),
		_satisfaction(figures, numbers),
		_recurrence(figures, numbers),
		Section("recommendations", _("Recommendations and Suggestions"), html=recommendations),
	]


def _paragraphs(text: str) -> list[str]:
	return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def _widths(values: list[float]) -> list[float]:
	top = max(values, default=0)
	return [round(v * 100 / top, 2) if top else 0.0 for v in values]


def distribution(figures: Figures, name: str, heading: str, numbers: Numbers) -> tuple[Table, Bars]:
	"""A distribution's table (№, value, count, share; total 100.00 %) and its bars."""
	_ = numbers._
	lines = figures.lines(name)
	shares = figures.shares(name) or [None] * len(lines)
	rows = [
		[numbers.plain(i), line.label or _("Not set"), numbers.count(line.current), numbers.percent(share)]
		for i, (line, share) in enumerate(zip(lines, shares, strict=True), start=1)
	]
	total = sum(line.current for line in lines)
	foot = ["", _("Total"), numbers.count(total), numbers.percent(sum(shares) if total else None)]
	table = Table(
		# not "Share": that msgid is also Frappe's sidebar button, which the app's translation would rename
		[_("No."), heading, _("Cases"), _("Share of Cases")],
		rows,
		foot,
		frozenset({0, 2, 3}),
		empty=_("No cases in this period."),
	)
	widths = _widths([line.current for line in lines])
	bars = Bars(
		heading,
		[
			Bar(row[1], f"{row[2]} · {row[3]}", (width,))
			for row, width in zip(rows, widths, strict=True)
			if total
		],
	)
	return table, bars


def _needs_and_channels(figures: Figures, numbers: Numbers) -> Section:
	_ = numbers._
	need_table, need_bars = distribution(figures, "needs", _("Need"), numbers)
	channel_table, channel_bars = distribution(figures, "channels", _("Channel"), numbers)
	paragraphs = (
		[]
		if figures.is_empty
		else [
			_("Shares are of all the period's cases; they add up to {0}.").format(
				numbers.percent(Decimal(100))
			)
		]
	)
	return Section(
		"needs_channels",
		_("Cases by Need and by Channel"),
		paragraphs,
		[need_table, need_bars, channel_table, channel_bars],
	)


def _subjects(figures: Figures, numbers: Numbers) -> Section:
	_ = numbers._
	table, bars = distribution(figures, "subjects", _("Subject"), numbers)
	paragraphs = []
	if figures.confidential_complaints:
		paragraphs.append(
			_(
				"({0}) of these complaints are confidential (about a named employee): they are counted"
				" here and never described."
			).format(numbers.count(figures.confidential_complaints))
		)
	return Section("subjects", _("Complaints by Subject"), paragraphs, [table, bars])


def _change_row(label: str, line: Line, numbers: Numbers) -> list[str]:
	return [label, numbers.count(line.current), numbers.count(line.previous), numbers.change(line.change)]


def _comparison(figures: Figures, numbers: Numbers) -> Section:
	_ = numbers._
	kinds = {line.label: line for line in figures.lines("kinds")}
	rows = [_change_row(_(kind), kinds.get(kind, Line(kind, 0, 0)), numbers) for kind in KINDS]
	total = figures.total
	table = Table(
		[_("Case Kind"), _("This Period"), _("Same Period Last Year"), _("Change")],
		rows,
		_change_row(_("Total"), total, numbers),
		frozenset({1, 2, 3}),
	)
	previous = figures.previous_period
	paragraphs = [
		_("The same period of the previous year ran from {0} to {1}.").format(
			numbers.gregorian(previous.start), numbers.gregorian(previous.last_day)
		)
	]
	if figures.cancelled:
		paragraphs.append(
			_("({0}) cases marked cancelled or spam are excluded from every figure.").format(
				numbers.count(figures.cancelled)
			)
		)
	months = figures.lines("months")
	widths = _widths([v for line in months for v in (line.current, line.previous)])
	bars = Bars(
		_("Cases per Month, beside the Same Month Last Year"),
		[
			Bar(
				_month_label(line.label, numbers),
				f"{numbers.count(line.current)} / {numbers.count(line.previous)}",
				(widths[2 * i], widths[2 * i + 1]),
			)
			for i, line in enumerate(months)
		],
		(_("This Period"), _("Same Period Last Year")),
		columns=True,
	)
	return Section(
		"comparison", _("Comparison with the Same Period of the Previous Year"), paragraphs, [table, bars]
	)


def _month_label(month: str, numbers: Numbers) -> str:
	"""'2023-01' → 'January' (the year is the period's)."""
	try:
		return numbers._(GREGORIAN_MONTHS[int(month[5:7]) - 1])
	except (ValueError, IndexError):
		return month


def _kpis(figures: Figures, numbers: Numbers) -> Section:
	_ = numbers._
	rows, bars = [], []
	for now, before in figures.kpis():
		met = "—" if now.met is None else (_("Met") if now.met else _("Not met"))
		rows.append(
			[
				_(now.definition.label),
				_(now.definition.kind) if now.definition.kind != "All" else _("All Cases"),
				f"{numbers.count(now.numerator)} / {numbers.count(now.denominator)}",
				numbers.percent(now.rate),
				numbers.percent(now.target),
				met,
				numbers.percent(before.rate),
			]
		)
		if now.rate is not None:
			bars.append(
				Bar(
					_(now.definition.label),
					numbers.percent(now.rate),
					(float(now.rate),),
					None if now.target is None else float(min(now.target, Decimal(100))),
				)
			)
	table = Table(
		[
			_("Indicator"),
			_("Case Kind"),
			_("Count"),
			_("Rate"),
			_("Target"),
			_("Result"),
			_("Same Period Last Year"),
		],
		rows,
		numeric=frozenset({2, 3, 4, 6}),
	)
	return Section(
		"kpis",
		_("Performance Indicators against Target"),
		[_("Each bar is the indicator's rate; the line across it is its target.")] if bars else [],
		[table, Bars(_("Indicators against Target"), bars, (_("Rate"), _("Target")))],
	)


def _departments(figures: Figures, numbers: Numbers) -> Section:
	_ = numbers._
	rows = []
	for d in figures.departments:
		rows.append(
			[
				d.get("department") or _("Not set"),
				numbers.count(d.get("received")),
				numbers.count(d.get("answered")),
				numbers.percent(_rate(d.get("response_on_time"), d.get("response_due"))),
				numbers.percent(_rate(d.get("resolution_on_time"), d.get("resolution_due"))),
				numbers.hours(d.get("median_resolution_seconds")),
				numbers.count(d.get("escalated")),
			]
		)
	table = Table(
		[
			_("Department"),
			_("Cases Received"),
			_("Answered"),
			_("On-Time First Response"),
			_("On-Time Resolution"),
			_("Median Hours to Resolve"),
			_("Escalated"),
		],
		rows,
		numeric=frozenset(range(1, 7)),
		empty=_("No cases in this period."),
	)
	return Section("departments", _("Responsiveness of the Departments"), [], [table])


def _rate(numerator, denominator) -> Decimal | None:
	return rate(int(numerator or 0), int(denominator or 0))


def _follow_up(figures: Figures, numbers: Numbers) -> Section:
	_ = numbers._
	counts = [
		(_("Not escalated") if level == 0 else _("Level {0}").format(numbers.plain(level)), count)
		for level, count in figures.levels()
	]
	table = _count_table(_("Escalation Level"), counts, _("No case of the period is still open."), numbers)
	return Section("follow_up", _("Cases under Follow-up and their Escalation Levels"), [], [table])


def _committee(figures: Figures, numbers: Numbers) -> Section:
	_ = numbers._
	counts = [(_(status), count) for status, count in figures.committee()]
	empty = _("No case of the period reached the Complaints Committee.")
	table = _count_table(_("Outcome"), counts, empty, numbers)
	return Section("committee", _("Cases before the Complaints Committee and their Outcomes"), [], [table])


def _count_table(heading: str, counts: list[tuple[str, int]], empty: str, numbers: Numbers) -> Table:
	"""Labels with their case counts and a total (none when there are no rows)."""
	rows = [[label, numbers.count(count)] for label, count in counts]
	total = [numbers._("Total"), numbers.count(sum(c for _label, c in counts))] if rows else None
	return Table([heading, numbers._("Cases")], rows, total, frozenset({1}), empty=empty)


def _satisfaction(figures: Figures, numbers: Numbers) -> Section:
	_ = numbers._
	s = figures.satisfaction
	average = figures.average_rating()
	rows = [
		[_("Satisfaction (CSAT)"), numbers.percent(figures.csat())],
		[
			_("Average Rating (of 5)"),
			"—" if average is None else numbers.isolate(numbers.digits(f"{average:.2f}")),
		],
		[_("Surveys Answered"), numbers.count(int(s.get("answered") or 0))],
		[_("Survey Response Rate"), numbers.percent(figures.response_rate())],
	]
	table = Table([_("Measure"), _("Value")], rows, numeric=frozenset({1}))
	return Section("satisfaction", _("Beneficiary Satisfaction"), [], [table])


def _recurrence(figures: Figures, numbers: Numbers) -> Section:
	"""Seed ثالثاً/٣: the same person, the same employee, the same subject. People and employees are
	counted, never named (the board's copy leaves the cases' details in the desk)."""
	_ = numbers._
	r = figures.recurrence
	paragraphs = [
		_("({0}) beneficiaries submitted ({1}) or more complaints within ({2}) days.").format(
			numbers.count(int(r.get("persons") or 0)),
			numbers.count(int(r.get("person_count") or 0)),
			numbers.count(int(r.get("window_days") or 0)),
		),
		_("({0}) employees were named in ({1}) or more complaints within ({2}) days.").format(
			numbers.count(int(r.get("employees") or 0)),
			numbers.count(int(r.get("employee_count") or 0)),
			numbers.count(int(r.get("window_days") or 0)),
		),
	]
	rows = []
	for rise in r.get("subjects") or []:
		factor = rise.get("factor")
		rows.append(
			[
				rise.get("category") or _("Not set"),
				numbers.count(int(rise.get("current") or 0)),
				_("new this period")
				if factor is None
				else _("{0} × the mean of the previous periods ({1})").format(
					numbers.isolate(numbers.digits(str(factor))),
					numbers.isolate(numbers.digits(str(rise.get("previous_mean")))),
				),
			]
		)
	table = Table(
		[_("Subject"), _("Complaints"), _("Recurrence")],
		rows,
		numeric=frozenset({1}),
		caption=_("Subjects above their usual level"),
		empty=_("No subject rose above its usual level."),
	)
	return Section("recurrence", _("Recurring Cases"), paragraphs, [table])
