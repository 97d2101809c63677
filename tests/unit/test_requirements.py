"""The test tools live beside Frappe's own pins: in a bench's env after `pip install -r
tests/requirements.txt` (under constraints read from that env: .ci/run), every package the installed
Frappe pins is at a version it accepts, whatever the release; in the unit tier's virtualenv, the pins of
the oldest Frappe supported (tests/constraints-frappe15.txt, v15.55), or of the newest when the
virtualenv was made under tests/constraints-frappe16.txt ($BC_CONSTRAINTS names the file; .ci/run makes
both). And pip finds no broken requirement (import-linter 2.17 needed click >= 8.2 and moved Frappe
v15.55's Click~=8.1.7)."""

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

TESTS = Path(__file__).resolve().parents[1]
OLDEST = TESTS / "constraints-frappe15.txt"
NEWEST = TESTS / "constraints-frappe16.txt"


def file_pins(path: Path | None = None) -> list[Requirement]:
	"""The pins of a constraints file: `path`, else the one this virtualenv was made under."""
	path = path or (
		TESTS.parent / os.environ["BC_CONSTRAINTS"] if os.environ.get("BC_CONSTRAINTS") else OLDEST
	)
	lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
	return [Requirement(line) for line in lines if line]


def pins() -> list[Requirement]:
	"""The installed Frappe's own requirements (in a bench), else v15.55's from the constraints file."""
	try:
		declared = metadata.requires("frappe") or []
	except metadata.PackageNotFoundError:
		return file_pins()
	requirements = [Requirement(line) for line in declared]
	return [r for r in requirements if not r.url and not (r.marker and "extra" in str(r.marker))]


def test_the_constraints_hold_the_oldest_and_the_newest_frappes_pins():
	def pin(path: Path, name: str) -> str:
		return str(next(p for p in file_pins(path) if p.name.lower() == name).specifier)

	assert pin(OLDEST, "click") == "~=8.1.7" and pin(OLDEST, "weasyprint") == "==59.0"
	assert pin(NEWEST, "click") == "~=8.3.1" and pin(NEWEST, "weasyprint") == "==68.0"


def test_every_installed_package_that_frappe_pins_is_at_a_version_frappe_accepts():
	wrong = []
	for pin in pins():
		try:
			version = metadata.version(pin.name)
		except metadata.PackageNotFoundError:
			continue
		if not pin.specifier.contains(version, prereleases=True):
			wrong.append(f"{pin.name} {version} (Frappe: {pin.specifier})")
	assert not wrong, wrong


def test_pip_finds_no_broken_requirement():
	result = subprocess.run(
		[sys.executable, "-m", "pip", "check"], capture_output=True, text=True, timeout=120
	)
	assert result.returncode == 0, result.stdout + result.stderr


def test_the_metadata_admits_every_supported_frappe_and_its_python():
	"""pip reads requires-python and bench reads the Frappe range before installing: both must admit
	v15 (Python 3.10-3.13) and v16 (Python 3.14), and nothing they were not tested on."""
	from packaging.specifiers import SpecifierSet

	tomllib = pytest.importorskip("tomllib", reason="Python 3.10 has no tomllib")

	project = tomllib.loads((TESTS.parent / "pyproject.toml").read_text())
	python = SpecifierSet(project["project"]["requires-python"])
	assert all(v in python for v in ("3.10", "3.11", "3.13", "3.14.0", "3.14.10"))
	assert "3.9" not in python and "3.15.0" not in python
	frappe = SpecifierSet(project["tool"]["bench"]["frappe-dependencies"]["frappe"])
	assert all(v in frappe for v in ("15.0.0", "15.55.1", "15.101.1", "16.0.0", "16.12.3"))
	assert "14.99.0" not in frappe and "17.0.0" not in frappe
