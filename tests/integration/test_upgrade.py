"""An upgrade leaves no case behind (issue 22): the app's first release installed on a fresh site, cases
of every kind and status written by it, then `bench migrate` to this checkout; every case, report and
setting is checked (upgrade_site.py). The first release is taken from this repository's history
(`git archive`), the one each later one was migrated from.

It needs a MariaDB user that may create databases ($BC_DB_ROOT_USER / $BC_DB_ROOT_PASSWORD; .ci/run
makes one for the run) and the repository's history (a clone, not an export); without them it is
skipped with the reason."""

from tests.integration import require_site

require_site()

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The first commit from which the app installs on a new site (there are no release tags): the app
# skeleton and its first integration tests. The skeleton before it (bb9f7a4) named
# required_apps = ["frappe"], which Frappe v15's installer looks up on GitHub's API.
FIRST_RELEASE = "0bb7c8f"
SITE = "upgrade-test.localhost"


def bench(*command: str, pythonpath: Path, stdin: str | None = None, timeout: int = 900):
	done = subprocess.run(
		[sys.executable, *command],
		cwd=os.getcwd(),  # the bench's sites folder (conftest)
		env={**os.environ, "PYTHONPATH": str(pythonpath)},
		input=stdin,
		capture_output=True,
		text=True,
		timeout=timeout,
	)
	assert done.returncode == 0, f"{' '.join(command[:6])}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
	return done.stdout


def result_of(output: str) -> dict:
	line = next(line for line in output.splitlines() if line.startswith("RESULT "))
	return json.loads(line[len("RESULT ") :])


def test_the_first_release_upgraded_to_this_checkout_keeps_every_case_and_watches_every_open_one(tmp_path):
	password = os.environ.get("BC_DB_ROOT_PASSWORD")
	if not password:
		pytest.skip("no MariaDB user that may create a site: set BC_DB_ROOT_USER and BC_DB_ROOT_PASSWORD")
	old = tmp_path / "first-release"
	old.mkdir()
	if not (ROOT / ".git").exists():
		pytest.skip(f"not a git checkout: no history to take the first release from ({FIRST_RELEASE})")
	# the checkout may belong to another user than the bench's (.ci/run runs tier 2 as the bench's
	# owner): git refuses such a repository unless it is named safe
	archive = subprocess.run(
		["git", "-c", f"safe.directory={ROOT}", "-C", str(ROOT), "archive", FIRST_RELEASE],
		capture_output=True,
		timeout=120,
	)
	assert archive.returncode == 0, f"git archive {FIRST_RELEASE}: {archive.stderr.decode()[-1000:]}"
	subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
	credentials = (
		*("--db-root-username", os.environ.get("BC_DB_ROOT_USER", "root")),
		*("--db-root-password", password),
	)
	helper = ("-m", "frappe.utils.bench_helper", "frappe")
	script = str(Path(__file__).with_name("upgrade_site.py"))
	try:
		bench(
			*helper,
			*(
				"new-site",
				SITE,
				*credentials,
				"--admin-password",
				"admin",
				"--install-app",
				"beneficiary_care",
			),
			pythonpath=old,
		)
		written = result_of(bench(script, "write", SITE, pythonpath=old))
		assert {w["kind"] for w in written["cases"].values()} == {"Complaint", "Inquiry", "Suggestion"}
		migrate = bench(*helper, "--site", SITE, "migrate", pythonpath=ROOT, timeout=1500)
		print(migrate[-2000:])
		checked = result_of(bench(script, "check", SITE, pythonpath=ROOT, stdin=json.dumps(written["cases"])))
		assert checked["problems"] == []
		assert checked["open"] > 0
		# the upgrade and the sweep after it fired no past step and sent nothing
		assert checked["escalations"] == 0
		assert checked["messages"] == written["messages"]
		# and a second migrate changes nothing
		bench(*helper, "--site", SITE, "migrate", pythonpath=ROOT, timeout=1500)
		again = result_of(bench(script, "check", SITE, pythonpath=ROOT, stdin=json.dumps(written["cases"])))
		assert again["problems"] == [] and again["escalations"] == 0
	finally:
		if Path(SITE).exists():
			bench(*helper, "drop-site", SITE, *credentials, "--no-backup", "--force", pythonpath=ROOT)
