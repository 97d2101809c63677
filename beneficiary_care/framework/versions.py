"""Where Frappe v15 and v16 differ for the app's own code: how, and why. The rest of the app asks here.

- **Under tests.** v15 marks a test run with the flag `frappe.flags.in_test`. v16 marks it with the
  module attribute `frappe.in_test` (its runner's `toggle_test_mode` sets both, and `frappe.init` copies
  the attribute into the flags of each new site context); where only the attribute is set, v16's own
  code already behaves as under tests (it checks no SMTP connection, for one). `in_test` reads both.
- **Permission hooks.** A `has_permission` hook can only narrow what the DocType's permissions allow.
  v15 takes None as "no objection" and goes on to the next hook; v16 takes anything falsy, None
  included, as a refusal (`frappe.permissions.has_controller_permissions`). True means "allowed" on
  both (on v15 it also ends the look at other apps' hooks for the same DocType, which the app's
  DocTypes do not have): the app's hooks answer `NO_OBJECTION`.
- **Onboarding.** Both keep Module Onboarding and its Onboarding Steps. v15 shows one as a block of a
  workspace (the workspace's content names it); v16 no longer does, and shows it only in the sidebar's
  panel, for the module's Workspace Sidebar that names it (`module_onboarding`). For a module that
  ships no sidebar, v16 makes one each time from the module's records, unsaved and naming none:
  `show_onboarding` saves that one with the onboarding named (nothing on v15, which has no sidebar).
- **Empty values of a Single.** v16 casts what it reads of a Single DocType to the field's type, an
  empty Datetime included: it comes back as 0001-01-01 00:00, which is truthy (v15 gives None).
  `is_set` tells a value from that.

Where both releases already agree, the app calls Frappe directly: Assignment Rule's cache is cleared
by `frappe.cache_manager.clear_doctype_map(doctype, name)` on both (a Redis hash on v15, Frappe's
client cache on v16; cases.routing), and a lost database connection is recognised with the classes
of the driver in use, `frappe.db.OperationalError` and `frappe.db.is_interface_error` (pymysql on
v15; mysqlclient by default on v16; whatsapp).
"""

from __future__ import annotations

import datetime as dt

import frappe

NO_OBJECTION = True


def in_test() -> bool:
	"""Whether this process runs under tests, on v15 (the flag) or v16 (the module attribute)."""
	return bool(getattr(frappe, "in_test", False) or frappe.flags.in_test)


def show_onboarding(module: str, onboarding: str) -> None:
	"""Where Frappe keeps workspace sidebars (v16), the module's sidebar shows `onboarding`."""
	if not frappe.db.table_exists("Workspace Sidebar") or not frappe.db.exists(
		"Module Onboarding", onboarding
	):
		return
	name = frappe.db.get_value("Workspace Sidebar", {"module": module, "for_user": ["is", "not set"]}, "name")
	if name:
		if frappe.db.get_value("Workspace Sidebar", name, "module_onboarding") != onboarding:
			frappe.db.set_value("Workspace Sidebar", name, "module_onboarding", onboarding)
		return
	from frappe.desk.doctype.workspace_sidebar.workspace_sidebar import auto_generate_sidebar_from_module

	for sidebar in auto_generate_sidebar_from_module():
		if sidebar.module == module:
			sidebar.module_onboarding = onboarding
			sidebar.insert(ignore_permissions=True)


def is_set(value) -> bool:
	"""Whether a value read from a Single is set: v16 reads an empty Datetime as 0001-01-01."""
	if isinstance(value, dt.date):
		return value.year > 1
	return bool(value)
