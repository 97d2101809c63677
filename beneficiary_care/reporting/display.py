"""How the reports show figures: labels, Arabic-Indic digits when the settings ask for them, percents
and changes, the KPI targets, distributions in the association's order with shares adding up to
exactly 100.00 %."""

from __future__ import annotations

import frappe
from frappe import _

from beneficiary_care.core.digits import to_arabic_indic_digits
from beneficiary_care.core.kpis import DEFINITIONS
from beneficiary_care.core.shares import format_percent, shares_by_key
from beneficiary_care.framework.helpers import setting, settings_values


def label(value: str | None) -> str:
	return value if value else _("Not set")


def show_digits(text: str) -> str:
	"""Arabic-Indic digits when the association asked for them (Beneficiary Care Settings)."""
	if setting("use_arabic_indic_digits"):
		return to_arabic_indic_digits(text)
	return text


def percent_text(value) -> str:
	return show_digits(format_percent(value))


def change_text(change) -> str:
	"""+48.85% / -12.00% / new (none a year earlier) / — (none in either period: nothing changed)."""
	if change.is_new:
		return "—" if not change.current else _("new")
	sign = "+" if change.percent > 0 else ""
	return show_digits(f"{sign}{change.percent:.2f}%")


def targets() -> dict:
	return settings_values([d.target_field for d in DEFINITIONS])


def ordered(doctype: str, counts: dict[str, int], order_by: str = "creation asc") -> dict[str, int]:
	"""Counts in the order the association keeps its records (the seed's table order), zeros
	included, then any value no longer in the list, then unset."""
	names = frappe.get_all(doctype, order_by=order_by, pluck="name")
	out = {name: counts.get(name, 0) for name in names}
	for value, count in counts.items():
		if value not in out:
			out[value] = count
	return out


def distribution_rows(counts: dict[str, int], **fixed) -> list[dict]:
	"""A distribution as report rows: each value with its count and share (largest remainder, adding up
	to exactly 100.00 %), then the total. `fixed` goes on every row (a section's name)."""
	shares = shares_by_key(counts) or {}
	rows = [
		{
			**fixed,
			"value": value,
			"label": label(value),
			"count": count,
			"share": percent_text(shares.get(value)),
		}
		for value, count in counts.items()
		if count or value
	]
	rows.append(
		{
			**fixed,
			"label": _("Total"),
			"count": sum(counts.values()),
			"share": percent_text(sum(shares.values()) if shares else None),
			"bold": 1,
		}
	)
	return rows
