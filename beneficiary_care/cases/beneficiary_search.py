"""Link search for Beneficiary: finds a file by name, file number, national ID or mobile as typed
(Arabic-Indic digits, any Saudi mobile form), and shows no more than the ID's last four digits."""

from __future__ import annotations

import frappe

from beneficiary_care.core.arabic import normalize_arabic
from beneficiary_care.core.digits import to_ascii_digits
from beneficiary_care.core.national_id import is_valid_national_id, normalize_national_id
from beneficiary_care.core.phone import is_saudi_mobile, normalize_saudi_mobile

RESULT_FIELDS = ["name", "full_name", "national_id_masked", "mobile"]


def search_conditions(txt: str) -> list[list]:
	"""OR-conditions for what staff type into a Beneficiary link."""
	typed = (txt or "").strip()
	if not typed:
		return []
	digits = to_ascii_digits(typed)
	conditions = [
		["name", "like", f"%{typed}%"],
		["full_name", "like", f"%{typed}%"],
		["file_number", "like", f"%{digits}%"],
	]
	folded = normalize_arabic(typed)
	if folded:  # نوره finds نورة, احمد finds أحمد
		conditions.append(["search_name", "like", f"%{folded}%"])
	if is_valid_national_id(typed):
		conditions.append(["national_id", "=", normalize_national_id(typed)])
	if is_saudi_mobile(typed):
		conditions.append(["mobile", "=", normalize_saudi_mobile(typed)])
	elif len(digits) >= 4 and digits.isdigit():
		conditions.append(["mobile", "like", f"%{digits}"])
	return conditions


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def search_beneficiaries(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict | None = None
) -> list[list]:
	return frappe.get_list(
		"Beneficiary",
		fields=RESULT_FIELDS,
		filters=filters or None,
		or_filters=search_conditions(txt) or None,
		order_by="full_name asc",
		limit_start=start,
		limit_page_length=page_len,
		as_list=True,
	)
