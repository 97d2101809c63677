"""The test tools live beside Frappe v15's own pins (tests/constraints-frappe15.txt): in the unit
tier's virtualenv and in a bench's env after `pip install -r tests/requirements.txt`, every pinned
package that is installed is at a version Frappe accepts, and pip finds no broken requirement (import-
linter 2.17 needed click >= 8.2 and moved Frappe's Click~=8.1.7)."""

import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

CONSTRAINTS = Path(__file__).resolve().parents[1] / "constraints-frappe15.txt"


def pins() -> list[Requirement]:
	lines = (line.split("#", 1)[0].strip() for line in CONSTRAINTS.read_text().splitlines())
	return [Requirement(line) for line in lines if line]


def test_the_constraints_hold_frappes_click_pin():
	assert "~=8.1.7" in str(next(p for p in pins() if p.name.lower() == "click").specifier)


def test_every_installed_package_that_frappe_pins_is_at_a_version_frappe_accepts():
	wrong = []
	for pin in pins():
		try:
			version = metadata.version(pin.name)
		except metadata.PackageNotFoundError:
			continue
		if not pin.specifier.contains(version, prereleases=True):
			wrong.append(f"{pin.name} {version} (Frappe v15: {pin.specifier})")
	assert not wrong, wrong


def test_pip_finds_no_broken_requirement():
	result = subprocess.run(
		[sys.executable, "-m", "pip", "check"], capture_output=True, text=True, timeout=120
	)
	assert result.returncode == 0, result.stdout + result.stderr
