"""The upgrade an association makes (issue 31): a v15 site with the app and its data moved to v16 with
`bench migrate`, and nothing lost or changed.

It takes two benches, so it runs in two halves through a folder both can read, `$BC_UPGRADE_DIR`
(.ci/run makes one for the run and runs the v15 benches before the v16 one):
- on **v15**, a new site gets the app from this checkout and the association's data
  (major_upgrade_site.write: cases of every kind and status, the demo's half-years with surveys,
  history brought in with Data Import, a WhatsApp contact, an approved H1-2023 board report with its
  stored PDF), then Frappe's own backup with its files goes into `$BC_UPGRADE_DIR/<release>/` with the
  site's fingerprint (every row of the app's tables, its settings, the Frappe records it keeps, the
  cases' timelines, every file's SHA-256, the KPI report and Periodic Summary);
- on **v16**, the newest of those backups is restored onto a new site with Frappe's `restore`, the site
  migrated with `bench migrate`, and its fingerprint must equal v15's, then again after a second
  migrate; the approved PDF's bytes still match the hash stored on the report.

Both need a MariaDB user that may create databases ($BC_DB_ROOT_USER / $BC_DB_ROOT_PASSWORD); each half is
skipped with the reason where it cannot run."""

from tests.integration import require_site

require_site()

import json
import os
import re
import shutil
from pathlib import Path

import frappe
import pytest

from tests.integration.test_upgrade import bench, result_of

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = str(Path(__file__).with_name("major_upgrade_site.py"))
SITE = "major-upgrade.localhost"
HELPER = ("-m", "frappe.utils.bench_helper", "frappe")
# v16 moved the desk from /app/ to /desk/ (its __version__ can be renamed by a copy; this cannot)
ON_V16 = frappe.utils.get_absolute_url("Complaint", "x").startswith("/desk/")


def credentials() -> tuple[str, ...]:
	password = os.environ.get("BC_DB_ROOT_PASSWORD")
	if not password:
		pytest.skip("no MariaDB user that may create a site: set BC_DB_ROOT_USER and BC_DB_ROOT_PASSWORD")
	return ("--db-root-username", os.environ.get("BC_DB_ROOT_USER", "root"), "--db-root-password", password)


def upgrade_dir() -> Path:
	folder = os.environ.get("BC_UPGRADE_DIR")
	if not folder or not Path(folder).is_dir():
		pytest.skip("no folder shared by a v15 and a v16 bench: set BC_UPGRADE_DIR (.ci/run makes one)")
	return Path(folder)


def drop(site: str, creds) -> None:
	if Path(site).exists():
		bench(*HELPER, "drop-site", site, *creds, "--no-backup", "--force", pythonpath=ROOT)


def release_key(folder: Path) -> tuple[int, ...]:
	return tuple(int(part) for part in re.findall(r"\d+", folder.name))


@pytest.mark.skipif(ON_V16, reason="the v15 half: this bench runs Frappe v16")
def test_a_v15_site_with_the_associations_data_is_backed_up_for_v16():
	shared, creds = upgrade_dir(), credentials()
	out = shared / frappe.__version__
	shutil.rmtree(out, ignore_errors=True)
	drop(SITE, creds)
	try:
		bench(*HELPER, "new-site", SITE, *creds, "--admin-password", "admin", pythonpath=ROOT, timeout=1500)
		bench(*HELPER, "--site", SITE, "install-app", "beneficiary_care", pythonpath=ROOT, timeout=1500)
		written = result_of(bench(SCRIPT, "write", SITE, pythonpath=ROOT, timeout=1500))
		mark = written["fingerprint"]
		assert {w["kind"] for w in written["cases"].values()} == {"Complaint", "Inquiry", "Suggestion"}
		assert len(mark["approved"]) == 1 and mark["approved"][0]["pdf_sha256"]
		assert mark["tables"]["WhatsApp Contact"] and mark["tables"]["Satisfaction Survey"]
		assert any(r["is_historical"] == "1" for r in mark["tables"]["Complaint"].values())
		out.mkdir(parents=True)
		bench(*HELPER, "--site", SITE, "backup", "--with-files", "--backup-path", str(out), pythonpath=ROOT)
		config = json.loads(Path(SITE, "site_config.json").read_text())
		(out / "expected.json").write_text(
			json.dumps({"encryption_key": config.get("encryption_key"), **written}, ensure_ascii=False)
		)
		for file in out.iterdir():
			file.chmod(0o644)  # the v16 bench's owner reads it
		out.chmod(0o755)
	finally:
		drop(SITE, creds)


@pytest.mark.skipif(not ON_V16, reason="the v16 half: this bench runs Frappe v15")
def test_the_v15_site_moved_to_v16_with_bench_migrate_keeps_everything():
	shared, creds = upgrade_dir(), credentials()
	backups = sorted((d for d in shared.iterdir() if (d / "expected.json").exists()), key=release_key)
	if not backups:
		pytest.skip(f"no v15 backup in {shared}: the v15 half did not run before this one")
	source = backups[-1]
	expected = json.loads((source / "expected.json").read_text())
	database = next(source.glob("*-database.sql.gz"))
	public = next(f for f in source.glob("*-files.tar") if not f.name.endswith("-private-files.tar"))
	private = next(source.glob("*-private-files.tar"))
	print(f"upgrading the site of Frappe {source.name} ({database.name}) to this bench's Frappe")
	drop(SITE, creds)
	try:
		bench(*HELPER, "new-site", SITE, *creds, "--admin-password", "admin", pythonpath=ROOT, timeout=1500)
		if expected["encryption_key"]:  # what the v15 site encrypted (passwords) reads with its key
			key = expected["encryption_key"]
			bench(*HELPER, "--site", SITE, "set-config", "encryption_key", key, pythonpath=ROOT)
		# Frappe's restore, as an administrator moving a site runs it; it migrates afterwards itself where
		# the backup's apps are older, and `bench migrate` is then run as the upgrade guide says
		bench(
			*HELPER,
			"--site",
			SITE,
			"restore",
			str(database),
			*creds,
			"--with-public-files",
			str(public),
			"--with-private-files",
			str(private),
			"--force",
			pythonpath=ROOT,
			timeout=1800,
		)
		print(bench(*HELPER, "--site", SITE, "migrate", pythonpath=ROOT, timeout=1800)[-1500:])
		after = result_of(bench(SCRIPT, "fingerprint", SITE, pythonpath=ROOT, timeout=900))["fingerprint"]
		assert_same(expected["fingerprint"], after)
		approved = after["approved"][0]
		assert after["files"][approved["pdf_file"]]["sha256"] == approved["pdf_sha256"]
		# a second migrate changes nothing either
		bench(*HELPER, "--site", SITE, "migrate", pythonpath=ROOT, timeout=1800)
		again = result_of(bench(SCRIPT, "fingerprint", SITE, pythonpath=ROOT, timeout=900))["fingerprint"]
		assert_same(expected["fingerprint"], again)
	finally:
		drop(SITE, creds)


def assert_same(before: dict, after: dict) -> None:
	"""Every difference named: the table, the row and the column (or the part of the fingerprint)."""
	problems = []
	for doctype, rows in before["tables"].items():
		now = after["tables"].get(doctype)
		if now is None:
			problems.append(f"{doctype}: the table is gone")
			continue
		if set(rows) != set(now):
			problems.append(
				f"{doctype}: rows lost {sorted(set(rows) - set(now))[:5]}, new {sorted(set(now) - set(rows))[:5]}"
			)
		for name in set(rows) & set(now):
			for column, value in rows[name].items():
				if now[name].get(column, "(no column)") != value:
					problems.append(
						f"{doctype} {name}.{column}: {value!r} became {now[name].get(column, '(no column)')!r}"
					)
	for part in ("singles", "kept", "timelines", "files", "reports", "approved"):
		if before[part] != after[part]:
			keys = before[part].keys() if isinstance(before[part], dict) else [None]
			changed = [k for k in keys if k is None or before[part].get(k) != after[part].get(k)]
			problems.append(f"{part} changed: {changed[:10]}")
	assert problems == [], "\n".join(problems[:40])
