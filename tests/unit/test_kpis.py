from decimal import Decimal

import pytest

from beneficiary_care.core import kpis


def test_every_kpi_of_kpis_md_is_defined_once_with_a_target_setting():
	keys = [d.key for d in kpis.DEFINITIONS]
	assert len(keys) == len(set(keys)) == 10
	assert sum(d.kind == "Complaint" for d in kpis.DEFINITIONS) == 5
	assert sum(d.kind == "Inquiry" for d in kpis.DEFINITIONS) == 4


def test_rate_target_and_met():
	value = kpis.evaluate("complaint_fcr", 3, 8, 30)
	assert (value.rate, value.target, value.met) == (Decimal("37.50"), Decimal("30"), True)
	assert kpis.evaluate("complaint_fcr", 2, 8, 30).met is False
	assert kpis.evaluate("complaint_fcr", 3, 10, 30).met is True  # exactly on target is met


def test_zero_denominator_shows_a_dash_not_zero():
	value = kpis.evaluate("inquiry_satisfaction", 0, 0, 80)
	assert value.rate is None and value.met is None


def test_no_target_no_verdict():
	assert kpis.evaluate("csat", 1, 2, None).met is None


def test_numerator_above_denominator_is_a_counting_bug():
	with pytest.raises(ValueError):
		kpis.evaluate("csat", 3, 2, 80)


def test_evaluate_all_keeps_kpis_md_order_and_fills_missing():
	values = kpis.evaluate_all({"csat": (4, 5)}, {"target_csat": 80})
	assert [v.key for v in values] == [d.key for d in kpis.DEFINITIONS]
	assert values[-1].rate == Decimal("80.00") and values[-1].met
	assert values[0].rate is None


def test_compare_with_the_previous_year():
	rows = kpis.compare({"هاتف": 99, "حضور": 51}, {"هاتف": 60, "بريد": 4})
	assert [(r.label, r.current, r.previous) for r in rows] == [
		("هاتف", 99, 60),
		("حضور", 51, 0),
		("بريد", 0, 4),
	]
	assert rows[0].change.percent == Decimal("65.00")
	assert rows[1].change.is_new
	assert rows[2].change.percent == Decimal("-100.00")
