"""Tier 2: integration tests against a real Frappe v15 site (see conftest.py)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest


def find_bench() -> Path | None:
	candidates = [os.environ.get("BC_BENCH"), str(Path(sys.prefix).parent)]
	for candidate in filter(None, candidates):
		path = Path(candidate)
		if (path / "sites" / "apps.txt").exists():
			return path
	return None


def site_of(bench: Path) -> str | None:
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
	bench = find_bench()
	if bench is None:
		return "no bench found: set BC_BENCH to the frappe-bench folder"
	if site_of(bench) is None:
		return f"no test site in {bench}/sites: set BC_SITE or `bench use <site>`"
	return None


REASON = _unavailable()


def require_site() -> None:
	"""Skip the calling test module, with the reason, where there is no Frappe site to test against.

	Call it at the top of every integration test module, before importing frappe."""
	if REASON is not None:
		pytest.skip(f"integration tier skipped: {REASON}", allow_module_level=True)


def set_test_mode(enabled: bool) -> None:
	"""Frappe's mark of a test run (beneficiary_care.framework.versions.in_test reads it): the flag on v15;
	on v16 also the module attribute `frappe.in_test`, which v16's own code reads (without it, saving an
	Email Account checks its SMTP connection)."""
	import frappe  # only inside a bench

	if hasattr(frappe, "in_test"):  # v16
		frappe.in_test = enabled
	frappe.flags.in_test = enabled
