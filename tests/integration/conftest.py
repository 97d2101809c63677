"""Tier 2: integration tests against a real Frappe v15 site.

They run inside a bench, with the bench's Python:

    cd /path/to/frappe-bench/apps/beneficiary_care
    ../../env/bin/python -m pytest tests

The bench is the one whose Python runs the tests (or $BC_BENCH); the site is $BC_SITE, else the
bench's default site (`bench use`). Where there is no Frappe, no bench, no site, or the app
is not installed on it, each module skips itself (require_site) and the reason is printed in the
summary.
Each test runs as Administrator in a transaction that is rolled back afterwards.
"""

from __future__ import annotations

import os

import pytest

from tests.integration import find_bench, set_test_mode, site_of
from tools.loopback import Gateway, MailServer


@pytest.fixture(scope="session")
def site():
	import frappe

	bench = find_bench()
	site_name = site_of(bench)
	previous = os.getcwd()
	os.chdir(bench / "sites")  # Frappe's logger and file paths are relative to sites/
	frappe.init(site=site_name, sites_path=".")
	frappe.connect()
	if "beneficiary_care" not in frappe.get_installed_apps():
		frappe.destroy()
		os.chdir(previous)
		pytest.skip(f"beneficiary_care is not installed on {site_name}")
	set_test_mode(True)
	frappe.flags.mute_emails = True
	frappe.clear_cache()  # hooks are cached in Redis: test the hooks.py of this checkout
	yield site_name
	frappe.db.rollback()
	frappe.destroy()
	os.chdir(previous)


@pytest.fixture(autouse=True)
def rollback(request, site):
	"""Run each test as Administrator, in English, and undo its writes."""
	import frappe

	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	frappe.local.bc_sla_cache = {}
	# Mails muted and no import under way, whatever an earlier test left: Frappe's importer unmutes
	# mail when it ends, and an unmuted mail is sent at once in tests, committing the test's writes.
	frappe.flags.mute_emails, frappe.flags.in_import = True, False
	outgoing_mail_account()
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	forget_cached_records()


@pytest.fixture
def seed_demo():
	"""The association's demo data (its first halves of 2023 and 2022), fresh, inside the test."""
	from beneficiary_care.setup import demo

	demo.remove()
	assert demo.load()["loaded"] == 323 + 217


def outgoing_mail_account():
	"""A default outgoing account, as a configured site has (nothing is sent under tests): Frappe's
	assignment and notification mails need a sender."""
	import frappe

	if not frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "Care Test Outgoing",
				"email_id": "care-outgoing@example.com",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)


def forget_cached_records():
	"""Redis keeps cached copies of records a test changed; the rollback does not reach them."""
	import frappe

	from beneficiary_care.cases.routing import forget_rule_maps

	for single in ("Beneficiary Care Settings", "SMS Settings"):
		frappe.clear_document_cache(single, single)
	for calendar in frappe.get_all("Working Calendar", pluck="name"):
		frappe.clear_document_cache("Working Calendar", calendar)
	frappe.local.bc_sla_cache = {}
	forget_rule_maps()  # Frappe's cached lists of Assignment Rules (v15: Redis; v16: its client cache)
	frappe.clear_document_cache("Email Account", "Care Test Outgoing")
	frappe.cache.delete_value("outgoing_email_account")
	frappe.flags.pop("bc_department_moves", None)


@pytest.fixture
def gateway():
	"""SMS Settings pointed at a local gateway that is up; `gateway.down()` stops it."""
	import frappe

	gw = Gateway()
	gw.up()
	sms = frappe.get_single("SMS Settings")
	sms.update(
		{"sms_gateway_url": gw.url, "message_parameter": "msg", "receiver_parameter": "to", "use_post": 1}
	)
	sms.set("parameters", [{"parameter": "sender", "value": "ALBIR"}])
	sms.save()
	frappe.clear_document_cache("SMS Settings", "SMS Settings")
	yield gw
	gw.down()


@pytest.fixture
def mail_server():
	"""The outgoing Email Account pointed at a local SMTP server, mails really sent (not muted)."""
	import frappe

	server = MailServer()
	server.up()
	account = frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1})
	frappe.db.set_value(
		"Email Account",
		account,
		{
			"smtp_server": "127.0.0.1",
			"smtp_port": server.port,
			"use_tls": 0,
			"use_ssl": 0,
			"no_smtp_authentication": 1,
		},
	)
	frappe.clear_document_cache("Email Account", account)
	frappe.cache.delete_value("outgoing_email_account")
	muted, testing = frappe.flags.mute_emails, frappe.flags.testing_email
	frappe.flags.mute_emails, frappe.flags.testing_email = False, True
	yield server
	frappe.flags.mute_emails, frappe.flags.testing_email = muted, testing
	server.down()
	frappe.clear_document_cache("Email Account", account)
	frappe.cache.delete_value("outgoing_email_account")


# what a browser test's web server committed (it runs outside the test's transaction), removed after it
@pytest.fixture
def cleanup():
	import frappe  # only inside a bench (this conftest loads everywhere)

	made: list[tuple[str, str]] = []
	yield made
	frappe.db.rollback()
	from beneficiary_care.reporting.figures_rollup import delete_cases_and_records

	for doctype, name in made:
		delete_cases_and_records(doctype, [name])
	frappe.db.commit()
