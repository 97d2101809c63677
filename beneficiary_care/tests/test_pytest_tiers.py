"""`bench --site S run-tests --app beneficiary_care`, the first thing a Frappe engineer types, runs the
app's tests: the README's test command, `python -m pytest tests`, both tiers, against this site.

The app's tests are pytest tests under the repository's `tests/` (tier 1, the framework-free core;
tier 2, this site), not unittest cases inside the package: Frappe's runner finds this one case, which
runs them with the bench's Python and fails when any of them fails. `BC_RUN_TESTS_PATHS` (paths and
pytest options, as one string) narrows the run, e.g. `tests/unit` or `tests/integration -k history`.

Frappe's runner holds its own connection to the site; this case writes nothing and commits before the
tests start, so the pytest run (its own connection, each test rolled back) waits on nothing."""

import os
import shlex
import subprocess
import sys
import unittest
from pathlib import Path

import frappe

REPOSITORY = Path(__file__).resolve().parents[2]


class TestPytestTiers(unittest.TestCase):
	def test_the_apps_pytest_tiers_pass_on_this_site(self):
		tests = REPOSITORY / "tests"
		if not (tests / "conftest.py").exists():
			self.fail(
				f"the app's tests are not at {tests}: run-tests needs the app's repository, not a wheel"
			)
		try:
			import pytest  # noqa: F401
		except ImportError:
			self.fail(
				"pytest is not in the bench's env: "
				"env/bin/pip install -c tests/constraints-frappe15.txt -r tests/requirements.txt"
			)
		selection = shlex.split(os.environ.get("BC_RUN_TESTS_PATHS") or "tests")
		frappe.db.commit()
		done = subprocess.run(
			[sys.executable, "-m", "pytest", *selection, "-p", "no:cacheprovider", "-q", "-rs"],
			cwd=REPOSITORY,
			env={**os.environ, "BC_SITE": frappe.local.site, "CI": os.environ.get("CI") or "true"},
		)
		self.assertEqual(done.returncode, 0, f"pytest {' '.join(selection)} failed on {frappe.local.site}")
