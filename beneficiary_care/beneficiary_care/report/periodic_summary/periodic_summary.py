"""What a quarterly, four-monthly, half-year or annual report to the board holds, each figure beside
the same period of the previous year with the change: totals by kind, by channel, by need, complaints
by subject, cases still under follow-up by escalation level, cases the Complaints Committee handled,
and the KPIs."""

from __future__ import annotations

import frappe
from frappe import _

from beneficiary_care.core.kpis import compare, evaluate_all
from beneficiary_care.framework.helpers import reads_replica
from beneficiary_care.reporting import counting, display, population


@reads_replica
def execute(filters=None):
	filters = frappe._dict(filters or {})
	current, previous = population.periods(filters)
	data: list[dict] = []

	def section(title: str, now: dict[str, int], before: dict[str, int], total: bool = True) -> None:
		data.append({"section": title, "bold": 1})
		for row in compare(now, before):
			data.append(_row(display.label(row.label), row))
		if total:
			[all_rows] = compare({"": sum(now.values())}, {"": sum(before.values())})
			data.append({**_row(_("Total"), all_rows), "bold": 1})

	kinds = population.kinds(filters)
	section(
		_("Cases by Kind"),
		{_(k): counting.case_count(k, current, filters) for k in kinds},
		{_(k): counting.case_count(k, previous, filters) for k in kinds},
	)
	section(
		_("By Channel"),
		display.ordered("Case Channel", counting.counts_by("channel", current, filters)),
		counting.counts_by("channel", previous, filters),
	)
	section(
		_("By Need"),
		display.ordered("Need Category", counting.counts_by("need_category", current, filters)),
		counting.counts_by("need_category", previous, filters),
	)
	if "Complaint" in kinds:
		section(
			_("Complaints by Subject"),
			display.ordered(
				"Subject Category", counting.counts_by("subject_category", current, filters, ("Complaint",))
			),
			counting.counts_by("subject_category", previous, filters, ("Complaint",)),
		)
	data.append({"section": _("Under Follow-up by Escalation Level"), "bold": 1})
	for level, count in sorted(counting.open_by_level(current, filters).items()):
		data.append({"label": _("Level {0}").format(level), "current": count})
	data.append({"section": _("Handled by the Complaints Committee"), "bold": 1})
	for status, count in counting.committee_outcomes(current, filters).items():
		data.append({"label": _(status), "current": count})
	data.append({"section": _("KPIs"), "bold": 1})
	goals = display.targets()
	before = {v.key: v for v in evaluate_all(counting.kpi_counts(previous, filters), goals)}
	for value in evaluate_all(counting.kpi_counts(current, filters), goals):
		if value.definition.kind in kinds or value.definition.kind == "All":
			data.append(
				{
					"label": _(value.definition.label),
					"current": display.percent_text(value.rate),
					"previous": display.percent_text(before[value.key].rate),
					"change": "" if value.met is None else (_("Yes") if value.met else _("No")),
				}
			)
	summary = [
		{"label": _("Period"), "value": f"{current.start} – {current.last_day}", "datatype": "Data"},
		{
			"label": _("Same Period Last Year"),
			"value": f"{previous.start} – {previous.last_day}",
			"datatype": "Data",
		},
	]
	return columns(), data, None, None, summary


def _row(label: str, compared) -> dict:
	return {
		"label": label,
		"current": compared.current,
		"previous": compared.previous,
		"change": display.change_text(compared.change),
	}


def columns() -> list[dict]:
	return [
		{"fieldname": "section", "label": _("Report Section"), "fieldtype": "Data", "width": 230},
		{"fieldname": "label", "label": _("Line"), "fieldtype": "Data", "width": 240},
		{"fieldname": "current", "label": _("This Period"), "fieldtype": "Data", "width": 120},
		{"fieldname": "previous", "label": _("Same Period Last Year"), "fieldtype": "Data", "width": 150},
		{"fieldname": "change", "label": _("Change"), "fieldtype": "Data", "width": 110},
	]
