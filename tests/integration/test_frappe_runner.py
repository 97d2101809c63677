"""Frappe's own test command runs the app's tests and fails when they fail:
`bench --site S run-tests --app beneficiary_care` (beneficiary_care/tests/test_pytest_tiers.py), run
here on a passing and on a failing selection (BC_RUN_TESTS_PATHS) so that both outcomes are seen."""

from tests.integration import require_site

require_site()

import os
import subprocess
import sys
from pathlib import Path

import frappe

ROOT = Path(__file__).resolve().parents[2]


def run_tests(selection: str) -> subprocess.CompletedProcess:
	return subprocess.run(
		[
			*(sys.executable, "-m", "frappe.utils.bench_helper", "frappe"),
			*("--site", frappe.local.site, "run-tests", "--app", "beneficiary_care"),
		],
		cwd=os.getcwd(),  # the bench's sites folder (conftest)
		# this checkout's app, as the rest of the run tests it; Frappe's run-tests gives a failing exit
		# status only where CI is set (frappe/commands/utils.py, v15 and v16), as a CI service sets it
		env={**os.environ, "BC_RUN_TESTS_PATHS": selection, "PYTHONPATH": str(ROOT), "CI": "true"},
		capture_output=True,
		text=True,
		timeout=600,
	)


def test_run_tests_passes_when_the_selected_tests_pass_and_fails_when_one_fails(tmp_path):
	(tmp_path / "test_passing.py").write_text("def test_passes():\n    assert 1 + 1 == 2\n")
	(tmp_path / "test_failing.py").write_text("def test_fails():\n    assert 1 + 1 == 3\n")
	frappe.db.commit()  # nothing of this test is in the transaction; the runner connects on its own
	passing = run_tests(f"{tmp_path / 'test_passing.py'} tests/unit/test_history_import.py")
	output = passing.stdout + passing.stderr
	assert passing.returncode == 0, output[-3000:]
	assert (
		"TestPytestTiers" in output
		or "test_the_apps_pytest_tiers_pass_on_this_site" in output
		or "Ran 1 test" in output
	)
	assert " passed" in output and " failed" not in output
	failing = run_tests(str(tmp_path / "test_failing.py"))
	output = failing.stdout + failing.stderr
	assert failing.returncode != 0, output[-3000:]
	assert "1 failed" in output and "FAILED (failures=1)" in output
