"""The package's layers (.importlinter) hold, and the contracts do catch what they forbid: a copy of
the package with one forbidden import fails the check."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("importlinter", reason="import-linter is not installed (tests/requirements.txt)")

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(where: Path) -> subprocess.CompletedProcess:
	return subprocess.run(
		[str(LINT), "--no-cache"],
		cwd=where,
		env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
		capture_output=True,
		text=True,
		timeout=120,
	)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
	where = tmp_path_factory.mktemp("layers")
	shutil.copytree(
		ROOT / "beneficiary_care", where / "beneficiary_care", ignore=shutil.ignore_patterns("*.pyc")
	)
	shutil.copy(ROOT / ".importlinter", where / ".importlinter")
	return where


def add_line(path: Path, line: str) -> str:
	original = path.read_text()
	path.write_text(line + "\n" + original)
	return original


def test_the_package_keeps_its_contracts(copy):
	result = lint(copy)
	assert result.returncode == 0, result.stdout + result.stderr
	assert "5 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
	("module", "line", "broken"),
	[
		("core/arabic.py", "import frappe", "The core never imports Frappe"),
		("core/shares.py", "import requests", "The core never imports Frappe"),
		("reporting/display.py", "from beneficiary_care.cases import document", "Each layer imports only"),
		(
			"framework/helpers.py",
			"from beneficiary_care.messaging import delivery",
			"Each layer imports only",
		),
		("messaging/sms.py", "from beneficiary_care.messaging import whatsapp", "each channel on its own"),
		("messaging/texts.py", "from beneficiary_care.messaging import conversations", "what comes in above"),
		(
			"framework/versions.py",
			"from beneficiary_care.framework import helpers",
			"version differences under",
		),
		("core/phone.py", "from beneficiary_care.core import cases", "No import cycles"),
	],
)
def test_a_forbidden_import_breaks_a_contract(copy, module, line, broken):
	path = copy / "beneficiary_care" / module
	original = add_line(path, line)
	try:
		result = lint(copy)
	finally:
		path.write_text(original)
	assert result.returncode != 0
	assert broken in result.stdout and "BROKEN" in result.stdout
