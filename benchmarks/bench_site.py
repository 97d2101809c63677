"""Connect a benchmark script to a Frappe site (run it with the bench's Python, as the bench's user).

cd frappe-bench/sites && ../env/bin/python ../apps/beneficiary_care/benchmarks/<script>.py --site S
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's beneficiary_care (and tools) first


def arguments(description: str, **extra) -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=description)
	parser.add_argument("--site", required=True)
	parser.add_argument("--sites-path", default=".", help="the bench's sites folder (default: current)")
	for name, (kind, default, text) in extra.items():
		parser.add_argument(f"--{name}", type=kind, default=default, help=text)
	return parser.parse_args()


@contextmanager
def connected(site: str, sites_path: str = "."):
	import frappe

	os.chdir(sites_path)
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		yield frappe
	finally:
		frappe.db.rollback()
		frappe.destroy()


def staff_user(frappe, email: str, first_name: str, *roles: str) -> str:
	"""A user with `roles` for a benchmark, made once (kept for the next run)."""
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": first_name, "send_welcome_email": 0}
		).insert(ignore_permissions=True).add_roles(*roles)
	return email


def care_department(frappe, name: str, members: list[str] = ()) -> str:
	"""A Care Department with `members` for a benchmark, made once (kept for the next run)."""
	if not frappe.db.exists("Care Department", name):
		frappe.get_doc(
			{"doctype": "Care Department", "department_name": name, "members": [{"user": u} for u in members]}
		).insert(ignore_permissions=True)
	return name
