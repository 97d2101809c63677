"""The association's first day, with Frappe's own onboarding (Module Onboarding and its Onboarding Steps,
kept by v15 and v16): the steps are the app's standard records (beneficiary_care/module_onboarding,
beneficiary_care/onboarding_step); v15 shows them as a block on the app's workspace, v16 in the
sidebar's panel (framework.versions.show_onboarding).

Frappe marks a step complete when it is clicked (its widget calls update_onboarding_step after the
form is saved or the page opened). Here a step is done only when the data says so (core.first_day):
the steps are brought in line with the data each time the onboarding is shown, and a click on a step
the data does not bear out is answered with what is missing, so it stays open. Through Frappe's
override_whitelisted_methods: Frappe has no hook for a step's completion.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import cint, now_datetime
from frappe.utils.password import get_decrypted_password

from beneficiary_care.core import first_day
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.framework.helpers import SETTINGS, settings_values
from beneficiary_care.framework.versions import is_set

ONBOARDING = "Beneficiary Care"  # the Module Onboarding, named as the module and its workspace
WORKSPACE = "Beneficiary Care"


def facts() -> first_day.Facts:
	"""What the site holds, in a few indexed queries."""
	values = settings_values(
		[
			"association_name",
			"association_logo",
			"association_phone",
			"association_address",
			"ramadan_start_time",
			"ramadan_end_time",
			"default_calendar",
			"sms_tested_on",
			"whatsapp_enabled",
			"whatsapp_phone_number_id",
		]
	)
	# this year's (or, late in the year, the coming year's) holidays and Ramadan
	year_start = f"{now_datetime().year}-01-01"
	holiday = frappe.qb.DocType("Working Calendar Holiday")
	period = frappe.qb.DocType("Working Calendar Period")
	member, department, user = (
		frappe.qb.DocType("Care Department Member"),
		frappe.qb.DocType("Care Department"),
		frappe.qb.DocType("User"),
	)
	departments = (
		frappe.qb.from_(member)
		.join(department)
		.on(department.name == member.parent)
		.join(user)
		.on(user.name == member.user)
		.select(Count(member.parent).distinct())
		.where((member.is_active == 1) & (department.enabled == 1) & (user.enabled == 1))
		.run()[0][0]
	)
	website = frappe.db.get_value("Case Channel", {"code": "website"}, "name")
	token = get_decrypted_password(SETTINGS, SETTINGS, "whatsapp_access_token", raise_exception=False)
	return first_day.Facts(
		association_name=bool(values.association_name),
		association_logo=bool(values.association_logo),
		association_phone=bool(values.association_phone),
		association_address=bool((values.association_address or "").strip()),
		holidays_this_year=frappe.qb.from_(holiday)
		.select(Count("*"))
		.where((holiday.parent == values.default_calendar) & (holiday.holiday_date >= year_start))
		.run()[0][0],
		ramadan_this_year=bool(
			frappe.qb.from_(period)
			.select(period.name)
			.where((period.parent == values.default_calendar) & (period.to_date >= year_start))
			.limit(1)
			.run()
		),
		ramadan_hours=bool(values.ramadan_start_time and values.ramadan_end_time),
		departments_with_active_member=departments,
		sms_reached_provider=is_set(values.sms_tested_on)
		or bool(frappe.db.exists("Case Message", {"medium": "SMS", "status": "Sent"})),
		outgoing_email=bool(frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1})),
		whatsapp_connected=bool(cint(values.whatsapp_enabled) and values.whatsapp_phone_number_id and token),
		portal_cases=sum(
			1 for doctype in CASE_DOCTYPES if website and frappe.db.exists(doctype, {"channel": website})
		),
		imported_cases=cint(
			frappe.db.exists(
				"Data Import",
				{
					"reference_doctype": ["in", CASE_DOCTYPES],
					"status": ["in", ["Success", "Partial Success"]],
				},
			)
			and 1
		),
		acknowledged_cases=cint(
			frappe.db.exists("Case Message", {"purpose": "Acknowledgement", "status": "Sent"}) and 1
		),
	)


def refresh(commit: bool = False) -> dict[str, bool]:
	"""The onboarding's steps set as the data says: done, or not (again) done. Returns the state.
	With `commit`, what changed is committed: for a GET request, which Frappe does not commit."""
	state, changed = first_day.done(facts()), False
	stored = {
		row.name: row
		for row in frappe.get_all(
			"Onboarding Step",
			filters={"name": ["in", list(first_day.STEPS)]},
			fields=["name", "is_complete", "is_skipped"],
		)
	}
	for step, is_done in state.items():
		row = stored.get(step)
		if row is None:
			continue
		if cint(row.is_complete) != is_done or (is_done and cint(row.is_skipped)):
			changed = True
			frappe.db.set_value(
				"Onboarding Step",
				step,
				{"is_complete": int(is_done), "is_skipped": 0 if is_done else row.is_skipped},
				update_modified=False,
			)
	if frappe.db.exists("Module Onboarding", ONBOARDING):
		over = all(
			state[step] or (step in stored and cint(stored[step].is_skipped) and first_day.may_skip(step))
			for step in first_day.STEPS
		)
		if cint(frappe.db.get_value("Module Onboarding", ONBOARDING, "is_complete")) != over:
			changed = True
			frappe.db.set_value(
				"Module Onboarding", ONBOARDING, "is_complete", int(over), update_modified=False
			)
	if changed and commit:
		frappe.db.commit()  # nosemgrep: the steps' state only, written when the data moved it
	return state


@frappe.whitelist()
def update_onboarding_step(name: str, field: str, value: int | str) -> None:
	"""Frappe's update_onboarding_step, but for the first day's steps: complete only when the data says
	so (else the administrator is told what is missing), skipped only where the step is optional."""
	if name not in first_day.STEPS:
		return frappe.get_attr("frappe.desk.desktop.update_onboarding_step")(
			name=name, field=field, value=value
		)
	# Frappe's own lets any signed-in user set any step; the first day's are for whom the guide is shown
	# (not frappe.only_for, which lets everyone through under tests)
	if not set(frappe.get_roles()) & set(frappe.get_doc("Module Onboarding", ONBOARDING).get_allowed_roles()):
		frappe.throw(_("Not permitted"), frappe.PermissionError)
	if field == "is_complete":
		if not refresh()[name]:
			frappe.throw(_(first_day.MISSING[name]), title=_("Not done yet"))
		return
	if field == "is_skipped":
		if cint(value) and not first_day.may_skip(name):
			frappe.throw(
				_(first_day.MSG_NOT_SKIPPABLE) + " " + _(first_day.MISSING[name]), title=_("Not done yet")
			)
		frappe.db.set_value("Onboarding Step", name, "is_skipped", cint(value))
		return
	frappe.throw(_("Not permitted"), frappe.PermissionError)


def guide_shown() -> bool:
	"""Whether Frappe still shows the guide: installed and not over. Once the day is over it is not
	checked again on every opening of the workspace."""
	return frappe.db.get_value("Module Onboarding", ONBOARDING, "is_complete") == 0


@frappe.whitelist()
def get_desktop_page(page: str) -> dict:
	"""Frappe's get_desktop_page (v15's workspace, which shows the onboarding block), with the first
	day's steps brought in line with the data first when it is the app's workspace."""
	if WORKSPACE in str(page) and guide_shown():
		refresh()
	return frappe.get_attr("frappe.desk.desktop.get_desktop_page")(page=page)


@frappe.whitelist()
def get_onboarding_data(module: str) -> list | None:
	"""Frappe v16's get_onboarding_data (the sidebar's onboarding panel), the same way."""
	if module == ONBOARDING and guide_shown():
		refresh(commit=True)  # v16 asks for it by GET, which Frappe does not commit
	return frappe.get_attr("frappe.desk.desktop.get_onboarding_data")(module=module)
