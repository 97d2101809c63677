"""Tier 2: integration tests against a real Frappe v15 site.

They run inside a bench, with the bench's Python:

    cd /path/to/frappe-bench/apps/beneficiary_care
    ../../env/bin/python -m pytest tests

The bench is the one whose Python runs the tests (or $BC_BENCH); the site is $BC_SITE, else the
bench's default site (`bench use`). Where there is no Frappe, no bench, no site, or the app
is not installed on it, every test here is skipped and the reason is printed in the summary.
Each test runs as Administrator in a transaction that is rolled back afterwards.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _find_bench() -> Path | None:
	candidates = [os.environ.get("BC_BENCH"), str(Path(sys.prefix).parent)]
	for candidate in filter(None, candidates):
		path = Path(candidate)
		if (path / "sites" / "apps.txt").exists():
			return path
	return None


def _site_of(bench: Path) -> str | None:
	site = os.environ.get("BC_SITE")
	if not site:  # `bench use` writes default_site (older benches: currentsite.txt)
		common = bench / "sites" / "common_site_config.json"
		current = bench / "sites" / "currentsite.txt"
		if common.exists():
			site = json.loads(common.read_text()).get("default_site")
		if not site and current.exists():
			site = current.read_text().strip()
	return site if site and (bench / "sites" / site / "site_config.json").exists() else None


def _unavailable() -> str | None:
	try:
		import frappe  # noqa: F401
	except ImportError:
		return "no Frappe here: run inside a bench (<bench>/env/bin/python -m pytest tests)"
	bench = _find_bench()
	if bench is None:
		return "no bench found: set BC_BENCH to the frappe-bench folder"
	if _site_of(bench) is None:
		return f"no test site in {bench}/sites: set BC_SITE or `bench use <site>`"
	return None


REASON = _unavailable()


def pytest_collection_modifyitems(config, items):
	if REASON is None:
		return
	skip = pytest.mark.skip(reason=f"integration tier skipped: {REASON}")
	for item in items:
		if Path(str(item.fspath)).is_relative_to(HERE):
			item.add_marker(skip)


@pytest.fixture(scope="session")
def site():
	import frappe

	bench = _find_bench()
	site_name = _site_of(bench)
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
