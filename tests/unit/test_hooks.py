"""hooks.py names each hook once: Frappe reads the module's names, so a second
`override_whitelisted_methods = {...}` further down silently replaced the first (the board's PDF and
the replica's report lost their routes to the case form's)."""

import ast
import collections
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[2] / "beneficiary_care" / "hooks.py"


def test_every_hook_is_assigned_once():
	names = [
		target.id
		for node in ast.parse(HOOKS.read_text()).body
		if isinstance(node, ast.Assign)
		for target in node.targets
		if isinstance(target, ast.Name)
	]
	assert [name for name, count in collections.Counter(names).items() if count > 1] == []


def test_the_overridden_methods_are_all_there():
	namespace: dict = {}
	exec(compile(HOOKS.read_text(), str(HOOKS), "exec"), namespace)  # hooks.py imports nothing of Frappe
	assert set(namespace["override_whitelisted_methods"]) == {
		"frappe.utils.print_format.download_pdf",
		"frappe.desk.query_report.run",
		"frappe.website.doctype.web_form.web_form.accept",
		"upload_file",
		"frappe.handler.upload_file",
		"beneficiary_care.whatsapp.webhook",
		# the first day's steps, done only when the data says so (setup/first_day.py)
		"frappe.desk.desktop.update_onboarding_step",
		"frappe.desk.desktop.get_desktop_page",
		"frappe.desk.desktop.get_onboarding_data",
	}
