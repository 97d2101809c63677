"""Query reports on the site's read replica, with a fallback to the primary when the replica does not
answer. Frappe v15's `frappe.desk.query_report.run` switches to the replica itself (frappe.read_only)
but reads the Report record there before any report code runs, so a replica that is down fails the
request; this override (hooks.py, override_whitelisted_methods) makes the switch first, checks the
replica answers, and hands Frappe's own `run` the connection: the primary, with a logged warning, if
the replica did not answer. Without `read_from_replica` it is Frappe's `run`, unchanged."""

from __future__ import annotations

from typing import Any

import frappe
from frappe.desk import query_report

from beneficiary_care.framework.helpers import reads_replica


@frappe.whitelist()
def run(report_name: str, **kwargs: Any) -> dict:
	return _run(report_name, **kwargs)


@reads_replica
def _run(report_name: str, **kwargs: Any) -> dict:
	return query_report.run(report_name, **kwargs)
