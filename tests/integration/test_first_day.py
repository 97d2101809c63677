"""The association's first day on a site (issue 32): Frappe's onboarding, with each step done only when
the data says so (setup.first_day), whatever is clicked."""

from tests.integration import require_site

require_site()

import frappe
import pytest
from frappe import _

from beneficiary_care.core import first_day as fd
from beneficiary_care.framework.helpers import SETTINGS
from beneficiary_care.setup import first_day
from tests.integration import helpers


def stored(step: str) -> tuple[int, int]:
	return tuple(frappe.db.get_value("Onboarding Step", step, ["is_complete", "is_skipped"]))


def test_the_onboarding_and_its_steps_are_installed_in_the_order_of_the_day():
	onboarding = frappe.get_doc("Module Onboarding", first_day.ONBOARDING)
	assert [row.step for row in onboarding.steps] == list(fd.STEPS)
	assert "Care Manager" in onboarding.get_allowed_roles()
	if frappe.db.table_exists("Workspace Sidebar"):  # v16: the module's sidebar shows it
		assert frappe.db.get_value(
			"Workspace Sidebar", {"module": "Beneficiary Care"}, "module_onboarding"
		) == (first_day.ONBOARDING)
	else:  # v15: the app's workspace holds it as a block
		content = frappe.db.get_value("Workspace", first_day.WORKSPACE, "content")
		assert '"onboarding_name": "Beneficiary Care"' in content


def test_a_department_counts_only_once_it_has_an_active_member_who_can_log_in():
	before = first_day.facts().departments_with_active_member
	department = frappe.get_doc({"doctype": "Care Department", "department_name": "قسم اليوم الأول"}).insert()
	assert first_day.facts().departments_with_active_member == before
	user = helpers.staff_user("first-day-member@care.example.com", "Department Staff")
	department.append("members", {"user": user, "is_active": 1})
	department.save()
	assert first_day.facts().departments_with_active_member == before + 1
	frappe.db.set_value("User", user, "enabled", 0)
	assert first_day.facts().departments_with_active_member == before


def test_a_click_does_not_complete_a_step_the_data_does_not_bear_out():
	frappe.db.set_single_value(SETTINGS, {"sms_tested_on": None})
	frappe.db.delete("Case Message", {"medium": "SMS", "status": "Sent"})
	with pytest.raises(frappe.ValidationError, match=_(fd.MSG_SMS)):
		first_day.update_onboarding_step(fd.SMS, "is_complete", 1)
	assert stored(fd.SMS)[0] == 0
	frappe.db.set_single_value(SETTINGS, "sms_tested_on", frappe.utils.now_datetime())
	first_day.update_onboarding_step(fd.SMS, "is_complete", 1)  # the data says so now
	assert stored(fd.SMS)[0] == 1
	frappe.db.set_single_value(SETTINGS, {"sms_tested_on": None})
	first_day.refresh()  # and when it no longer does, the step is open again
	assert stored(fd.SMS)[0] == 0


def test_only_the_optional_steps_can_be_skipped():
	with pytest.raises(frappe.ValidationError, match=_(fd.MSG_NOT_SKIPPABLE)):
		first_day.update_onboarding_step(fd.DEPARTMENTS, "is_skipped", 1)
	first_day.update_onboarding_step(fd.HISTORY, "is_skipped", 1)
	assert stored(fd.HISTORY) == (0, 1)


def test_a_first_case_completes_its_step_once_its_acknowledgement_is_sent(gateway):
	frappe.db.delete("Case Message", {"purpose": "Acknowledgement"})
	assert first_day.refresh()[fd.FIRST_CASE] is False
	helpers.case("Complaint")
	assert first_day.refresh()[fd.FIRST_CASE] is True
	assert stored(fd.FIRST_CASE)[0] == 1


def test_the_onboarding_is_over_when_every_step_is_done_or_an_optional_one_skipped(monkeypatch):
	ready = fd.Facts(**dict.fromkeys(fd.Facts.__dataclass_fields__, 1))
	monkeypatch.setattr(first_day, "facts", lambda: ready)
	first_day.refresh()
	assert frappe.db.get_value("Module Onboarding", first_day.ONBOARDING, "is_complete") == 1
	monkeypatch.setattr(first_day, "facts", lambda: fd.Facts())
	first_day.refresh()
	assert frappe.db.get_value("Module Onboarding", first_day.ONBOARDING, "is_complete") == 0


def test_frappes_other_onboardings_are_left_to_frappe():
	other = frappe.get_all(
		"Onboarding Step", filters={"name": ["not in", list(fd.STEPS)]}, pluck="name", limit=1
	)
	if not other:
		pytest.skip("no other app's onboarding step on this site")
	first_day.update_onboarding_step(other[0], "is_complete", 1)
	assert stored(other[0])[0] == 1


@pytest.mark.parametrize(
	("role", "allowed"),
	[
		("System Manager", True),
		("Care Manager", True),
		("Care Officer", False),
		("Department Head", False),
		("Department Staff", False),
		("Complaints Committee", False),
		("Care Beneficiary", False),
	],
)
def test_only_those_the_guide_is_for_may_skip_or_mark_its_steps(role, allowed):
	user = helpers.staff_user(f"first-day-{role.replace(' ', '-').lower()}@care.example.com", role)
	frappe.set_user(user)
	try:
		if allowed:
			first_day.update_onboarding_step(fd.WHATSAPP, "is_skipped", 1)
			assert stored(fd.WHATSAPP)[1] == 1
		else:
			with pytest.raises(frappe.PermissionError):
				first_day.update_onboarding_step(fd.WHATSAPP, "is_skipped", 1)
			assert stored(fd.WHATSAPP)[1] == 0
	finally:
		frappe.set_user("Administrator")
