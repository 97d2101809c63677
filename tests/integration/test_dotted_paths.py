"""Every dotted path the app stores or hands out still leads somewhere (issue 33): what hooks.py names,
what the JSON records Frappe syncs name (Number Cards, Dashboard Chart sources, Web Form, Notification,
Report), what the desk's JavaScript and the guest pages call, what the Python code hands to the job
queue as a string, the patches sites have run, and the public addresses the app keeps through
`override_whitelisted_methods` (above all the WhatsApp webhook associations registered at Meta).

Each is imported (a module) or got (a function); a method that a browser calls must be whitelisted, and
one that a guest page calls must be open to guests. The WhatsApp webhook's public address also answers
over HTTP where the site is served ($BC_BASE_URL)."""

from tests.integration import require_site

require_site()

import ast
import json
import os
import re
from importlib import import_module
from pathlib import Path

import frappe
import pytest
import requests

from beneficiary_care import hooks

PACKAGE = Path(hooks.__file__).resolve().parent
DOTTED = re.compile(r"^beneficiary_care(\.\w+)+(?<!\.js)(?<!\.css)$")  # not an asset's file name
WEBHOOK = "beneficiary_care.whatsapp.webhook"  # the address associations registered at Meta


def strings(value) -> list[str]:
	if isinstance(value, str):
		return [value] if DOTTED.match(value) else []
	if isinstance(value, dict):
		return [s for k, v in value.items() for s in strings(k) + strings(v)]
	if isinstance(value, list | tuple | set):
		return [s for v in value for s in strings(v)]
	return []


def from_hooks() -> set[str]:
	return {s for k, v in vars(hooks).items() if not k.startswith("_") for s in strings(v)}


def from_json() -> set[str]:
	return {s for path in PACKAGE.rglob("*.json") for s in strings(json.loads(path.read_text()))}


def from_python() -> set[str]:
	"""Whole string constants that are dotted paths (frappe.enqueue, after_commit, get_attr targets)."""
	found = set()
	for path in PACKAGE.rglob("*.py"):
		for node in ast.walk(ast.parse(path.read_text())):
			if isinstance(node, ast.Constant) and isinstance(node.value, str) and DOTTED.match(node.value):
				found.add(node.value)
	return found


# a method named by a whole string ("beneficiary_care.x.y", not a call of the bundle's own namespace in
# an onclick), or after /api/method/ in an address, with a `${name}` for methods the page names itself
CALLED = re.compile(
	r"""(?:(["'`])(beneficiary_care(?:\.\w+)+)\1|/api/method/(beneficiary_care(?:\.\w+)+?)(?:\.\$\{(\w+)\}|["'`?]))"""
)
CONSTANT = re.compile(r"""const (\w+) = ["'](beneficiary_care(?:\.\w+)+)["']""")


def from_browser() -> dict[str, set[str]]:
	"""The methods the desk's JavaScript and the guest pages call, each with the files that call it."""
	calls: dict[str, set[str]] = {}
	for path in [*PACKAGE.rglob("*.js"), *PACKAGE.rglob("*.html")]:
		if "/dist/" in str(path) or "node_modules" in str(path):
			continue
		text = path.read_text()
		where = str(path.relative_to(PACKAGE))
		for match in CALLED.finditer(text):
			prefix, variable = match.group(2) or match.group(3), match.group(4)
			if variable:  # `.../beneficiary_care.portal.api.${method}`: the names the page posts to
				names = re.findall(r"""post\(\s*["'](\w+)["']""", text)
				assert names, f"{where}: {prefix}.${{{variable}}} with no method named"
				for name in names:
					calls.setdefault(f"{prefix}.{name}", set()).add(where)
			elif not any(c.group(2) == prefix for c in CONSTANT.finditer(text)):
				calls.setdefault(prefix, set()).add(where)
		for constant in CONSTANT.finditer(text):
			for name in re.findall(r"\$\{" + constant.group(1) + r"\}\.(\w+)", text):
				calls.setdefault(f"{constant.group(2)}.{name}", set()).add(where)
	return calls


def from_patches() -> set[str]:
	lines = (PACKAGE / "patches.txt").read_text().splitlines()
	return {line.split("#")[0].strip() for line in lines if line.strip() and not line.startswith(("#", "["))}


def resolves(path: str):
	"""The function or module a path names (a public address kept by override goes where Frappe sends it)."""
	overridden = frappe.get_hooks("override_whitelisted_methods", app_name="beneficiary_care").get(path)
	if overridden:
		path = overridden[-1]
	try:
		return import_module(path)
	except ImportError:
		return frappe.get_attr(path)


def test_the_lists_are_not_empty():
	"""The collectors find what they are meant to find (a wrong pattern would pass everything below)."""
	assert "beneficiary_care.messaging.delivery.retry_due" in from_hooks()
	assert "beneficiary_care.reporting.dashboard.open_breached" in from_json()
	assert {
		"beneficiary_care.portal.api.request_login_code",
		"beneficiary_care.portal.api.verify_login_code",
	} <= set(from_browser())
	assert any(p.endswith(".proposed_holidays") for p in from_browser())
	assert "beneficiary_care.patches.v0_12.guest_file_links" in from_patches()
	assert WEBHOOK in from_hooks()


@pytest.mark.parametrize("path", sorted(from_hooks() | from_json() | from_python()))
def test_every_path_in_hooks_json_and_code_leads_somewhere(path):
	target = resolves(path)
	assert callable(target) or hasattr(target, "__file__"), path


@pytest.mark.parametrize("path", sorted(from_browser()))
def test_every_method_a_page_calls_is_whitelisted_and_open_to_whom_it_serves(path):
	target = resolves(path)
	assert target in frappe.whitelisted, f"{path} is not whitelisted ({from_browser()[path]})"
	if any(where.startswith("www/") for where in from_browser()[path]):
		assert target in frappe.guest_methods, f"{path} is called by a guest page but is not open to guests"


@pytest.mark.parametrize("path", sorted(from_patches()))
def test_every_patch_sites_ran_is_still_there(path):
	assert callable(import_module(path).execute), path


def test_the_whatsapp_webhook_answers_at_its_registered_address():
	target = resolves(WEBHOOK)
	assert target.__module__ == "beneficiary_care.messaging.whatsapp_inbox"
	assert target in frappe.guest_methods
	base = os.environ.get("BC_BASE_URL")
	if not base:
		pytest.skip("the HTTP half needs BC_BASE_URL (a running site)")
	# a handshake with a wrong verify token: the webhook's own refusal (403), not Frappe's "no such method"
	answer = requests.get(
		f"{base}/api/method/{WEBHOOK}",
		params={"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "42"},
		timeout=30,
	)
	assert answer.status_code == 403, (answer.status_code, answer.text[:300])
	missing = requests.get(f"{base}/api/method/beneficiary_care.whatsapp.no_such_method", timeout=30)
	assert missing.status_code != 403, missing.status_code
