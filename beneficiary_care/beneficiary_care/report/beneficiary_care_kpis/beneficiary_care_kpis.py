"""The eight KPIs of the association's report (four for complaints, four for inquiries) and CSAT, each
with numerator, denominator, rate, target and met / not met, beside the same period a year earlier;
then the times taken (working and calendar, mean and median). Definitions: KPIS.md."""

from __future__ import annotations

import frappe
from frappe import _

from beneficiary_care.core.kpis import evaluate_all
from beneficiary_care.core.shares import rate
from beneficiary_care.framework.helpers import reads_replica
from beneficiary_care.reporting import counting, display, population


@reads_replica
def execute(filters=None):
	filters = frappe._dict(filters or {})
	current, previous = population.periods(filters)
	goals = display.targets()
	now_values = evaluate_all(counting.kpi_counts(current, filters), goals)
	before = {v.key: v for v in evaluate_all(counting.kpi_counts(previous, filters), goals)}
	wanted = set(population.kinds(filters)) | {"All"}
	data = []
	for value in now_values:
		if value.definition.kind not in wanted:
			continue
		data.append(
			{
				"indicator": _(value.definition.label),
				"kind": _(value.definition.kind) if value.definition.kind != "All" else _("All Cases"),
				"numerator": value.numerator,
				"denominator": value.denominator,
				"rate": display.percent_text(value.rate),
				"target": display.percent_text(value.target),
				"met": "" if value.met is None else (_("Yes") if value.met else _("No")),
				"previous": display.percent_text(before[value.key].rate),
				"definition": _(value.definition.numerator) + " / " + _(value.definition.denominator),
			}
		)
	for kind in population.kinds(filters):
		for row in counting.times(kind, current, filters):
			data.append(
				{
					"indicator": _(row["label"]),
					"kind": _(kind),
					"rate": _("mean {0} h · median {1} h").format(
						_hours(row["mean_hours"]), _hours(row["median_hours"])
					),
				}
			)
	satisfied, answered, _i, _n, stars = counting.survey_counts(current, filters)
	summary = [
		{
			"label": _("CSAT"),
			"value": display.percent_text(rate(satisfied, answered)),
			"datatype": "Data",
			"indicator": "Green",
		},
		{
			"label": _("Average Rating (of 5)"),
			"value": round(stars / answered, 2) if answered else "—",
			"datatype": "Data",
			"indicator": "Blue",
		},
		{"label": _("Surveys Answered"), "value": answered, "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Campaign CSAT"),
			"value": display.percent_text(counting.campaign_csat(current)),
			"datatype": "Data",
			"indicator": "Green",
		},
		{
			"label": _("Survey Response Rate"),
			"value": display.percent_text(rate(*counting.survey_response(current, filters))),
			"datatype": "Data",
			"indicator": "Blue",
		},
		{
			"label": _("Cancelled or Spam (excluded)"),
			"value": counting.cancelled_count(current, filters),
			"datatype": "Int",
			"indicator": "Gray",
		},
	]
	kpis_with_rate = [v for v in now_values if v.rate is not None and v.definition.kind in wanted]
	chart = {
		"data": {
			"labels": [_(v.definition.label) for v in kpis_with_rate],
			"datasets": [
				{"name": _("Rate (%)"), "values": [float(v.rate) for v in kpis_with_rate]},
				{"name": _("Target"), "values": [float(v.target or 0) for v in kpis_with_rate]},
			],
		},
		"type": "bar",
	}
	return columns(), data, None, chart, summary


def _hours(value) -> str:
	return "—" if value is None else display.show_digits(f"{value:.2f}")


def columns() -> list[dict]:
	return [
		{"fieldname": "indicator", "label": _("Indicator"), "fieldtype": "Data", "width": 260},
		{"fieldname": "kind", "label": _("Case Kind"), "fieldtype": "Data", "width": 100},
		{"fieldname": "numerator", "label": _("Numerator"), "fieldtype": "Int", "width": 100},
		{"fieldname": "denominator", "label": _("Denominator"), "fieldtype": "Int", "width": 100},
		{"fieldname": "rate", "label": _("Rate (%)"), "fieldtype": "Data", "width": 190},
		{"fieldname": "target", "label": _("Target"), "fieldtype": "Data", "width": 90},
		{"fieldname": "met", "label": _("Target Met"), "fieldtype": "Data", "width": 90},
		{"fieldname": "previous", "label": _("Same Period Last Year"), "fieldtype": "Data", "width": 140},
		{"fieldname": "definition", "label": _("Definition"), "fieldtype": "Data", "width": 360},
	]
