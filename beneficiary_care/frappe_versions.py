"""Where Frappe v15 and v16 differ for the app's own code: how, and why. The rest of the app asks here.

- **Under tests.** v15 marks a test run with the flag `frappe.flags.in_test`. v16 marks it with the
  module attribute `frappe.in_test` (its runner's `toggle_test_mode` sets both, and `frappe.init` copies
  the attribute into the flags of each new site context); where only the attribute is set, v16's own
  code already behaves as under tests (it checks no SMTP connection, for one). `in_test` reads both.
"""

from __future__ import annotations

import frappe


def in_test() -> bool:
	"""Whether this process runs under tests, on v15 (the flag) or v16 (the module attribute)."""
	return bool(getattr(frappe, "in_test", False) or frappe.flags.in_test)
