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

Where both releases already agree, the app calls Frappe directly: Assignment Rule's cache is cleared
by `frappe.cache_manager.clear_doctype_map(doctype, name)` on both (a Redis hash on v15, Frappe's
client cache on v16; cases.routing), and a lost database connection is recognised with the classes
of the driver in use, `frappe.db.OperationalError` and `frappe.db.is_interface_error` (pymysql on
v15; mysqlclient by default on v16; whatsapp).
"""

from __future__ import annotations

import frappe

NO_OBJECTION = True


def in_test() -> bool:
	"""Whether this process runs under tests, on v15 (the flag) or v16 (the module attribute)."""
	return bool(getattr(frappe, "in_test", False) or frappe.flags.in_test)
