"""Tier 2: integration tests against a real Frappe v15 site.

They run inside a bench, with the bench's Python:

    cd /path/to/frappe-bench/apps/beneficiary_care
    ../../env/bin/python -m pytest tests

The bench is the one whose Python runs the tests (or $BC_BENCH); the site is $BC_SITE, else the
bench's default site (`bench use`). Where there is no Frappe, no bench, no site, or the app
is not installed on it, each module skips itself (require_site) and the reason is printed in the
summary.
Each test runs as Administrator in a transaction that is rolled back afterwards.
"""

from __future__ import annotations

import os

import pytest

from tests.integration import find_bench, site_of


@pytest.fixture(scope="session")
def site():
	import frappe

	bench = find_bench()
	site_name = site_of(bench)
	previous = os.getcwd()
	os.chdir(bench / "sites")  # Frappe's logger and file paths are relative to sites/
	frappe.init(site=site_name, sites_path=".")
	frappe.connect()
	if "beneficiary_care" not in frappe.get_installed_apps():
		frappe.destroy()
		os.chdir(previous)
		pytest.skip(f"beneficiary_care is not installed on {site_name}")
	frappe.flags.in_test = True
	frappe.flags.mute_emails = True
	yield site_name
	frappe.db.rollback()
	frappe.destroy()
	os.chdir(previous)


@pytest.fixture(autouse=True)
def rollback(request, site):
	"""Run each test as Administrator, in English, and undo its writes."""
	import frappe

	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
