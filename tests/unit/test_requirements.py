"""The test tools live beside Frappe's own pins: in a bench's env after `pip install -r
tests/requirements.txt` (under constraints read from that env: .ci/run), every package the installed
Frappe pins is at a version it accepts, whatever the release; in the unit tier's virtualenv, the pins of
the oldest Frappe supported (tests/constraints-frappe15.txt, v15.55). And pip finds no broken
requirement (import-linter 2.17 needed click >= 8.2 and moved Frappe v15.55's Click~=8.1.7)."""

import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

CONSTRAINTS = Path(__file__).resolve().parents[1] / "constraints-frappe15.txt"


def file_pins() -> list[Requirement]:
	lines = (line.split("#", 1)[0].strip() for line in CONSTRAINTS.read_text().splitlines())
	return [Requirement(line) for line in lines if line]


def pins() -> list[Requirement]:
	"""The installed Frappe's own requirements (in a bench), else v15.55's from the constraints file."""
	try:
		declared = metadata.requires("frappe") or []
	except metadata.PackageNotFoundError:
		return file_pins()
	requirements = [Requirement(line) for line in declared]
	return [r for r in requirements if not r.url and not (r.marker and "extra" in str(r.marker))]


def test_the_constraints_hold_frappe_v15_55s_click_pin():
	assert "~=8.1.7" in str(next(p for p in file_pins() if p.name.lower() == "click").specifier)


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
