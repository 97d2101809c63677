"""Backup and restore (issue 13): `bench backup --with-files` of a site with cases, surveys, attachments
and daily figures, restored with `bench restore` onto a new site, gives the same reports, the same
attachments, and survey links that are still single-use. The work is benchmarks/backup_restore.py
(it prints its figures); this runs it against the test site.

It needs a MariaDB user that may create databases ($BC_DB_ROOT_USER / $BC_DB_ROOT_PASSWORD; .ci/run
makes one for the run); without one it is skipped with that reason."""

from tests.integration import require_site

require_site()

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_a_site_restored_from_its_backup_onto_a_new_site_answers_the_same(site):
	password = os.environ.get("BC_DB_ROOT_PASSWORD")
	if not password:
		pytest.skip("no MariaDB user that may create a site: set BC_DB_ROOT_USER and BC_DB_ROOT_PASSWORD")
	done = subprocess.run(
		[
			sys.executable,
			str(ROOT / "benchmarks" / "backup_restore.py"),
			*("--site", site, "--target", "restore-test.localhost"),
			*("--db-root-user", os.environ.get("BC_DB_ROOT_USER", "root"), "--db-root-password", password),
		],
		cwd=os.getcwd(),  # the bench's sites folder (conftest)
		capture_output=True,
		text=True,
		timeout=900,
	)
	print(done.stdout)
	assert done.returncode == 0, done.stderr[-3000:]
	assert "RESTORE CHECK: identical" in done.stdout, done.stdout[-3000:]
	assert "differing: none" in done.stdout
	assert not Path("restore-test.localhost").exists()  # the new site is dropped again
