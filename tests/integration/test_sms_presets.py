"""The SMS presets on a site (issue 32): choosing Unifonic, Taqnyat, Msegat or 4jawaly and typing the
account fills the rest; an acknowledgement reaches a loopback stand-in that answers as that provider
documents; each documented refusal is recorded with the provider's reason on the case's timeline and
retried only where retrying can help; corrected settings send what was held; the settings' test SMS
answers in the administrator's language."""

from tests.integration import require_site

require_site()

import frappe
import pytest
from frappe import _

from beneficiary_care.core.sms_gateways import (
	EXPLANATIONS,
	INVALID_NUMBER,
	NO_BALANCE,
	PRESETS,
	SENDER,
	WRONG_KEY,
)
from beneficiary_care.framework.helpers import SETTINGS, ltr, notes_language
from beneficiary_care.messaging import delivery
from beneficiary_care.setup import sms_gateway
from tests.integration import helpers
from tests.integration.conftest import forget_cached_records
from tools.loopback import PROVIDER_ANSWERS, ProviderStandIn

KEY, SECRET, USER, SENDER_NAME = "k3y-Ab12", "s3cr3t", "jameya", "JAMEYA"


def choose(provider: str, url: str, **changes) -> None:
	config = frappe.get_single(SETTINGS)
	config.update(
		{
			"sms_provider": provider,
			"sms_api_key": KEY,
			"sms_api_secret": SECRET if PRESETS[provider].needs_secret else None,
			"sms_user_name": USER if PRESETS[provider].needs_user_name else None,
			"sms_sender_name": SENDER_NAME,
			"sms_provider_url": url,
			**changes,
		}
	)
	config.save()
	forget_cached_records()


@pytest.fixture(params=sorted(PRESETS))
def provider(request):
	stand_in = ProviderStandIn(request.param, key=KEY, sender=SENDER_NAME, secret=SECRET, user_name=USER)
	stand_in.up()
	choose(request.param, stand_in.url)
	yield stand_in
	stand_in.down()


def acknowledgement(case) -> frappe._dict:
	return frappe.db.get_value(
		"Case Message",
		{"reference_name": case.name, "purpose": "Acknowledgement", "medium": "SMS"},
		["name", "status", "attempts", "next_attempt_on", "last_error", "refusal"],
		as_dict=True,
	)


def timeline(case) -> list[str]:
	return frappe.get_all(
		"Comment",
		filters={"reference_doctype": case.doctype, "reference_name": case.name, "comment_type": "Info"},
		pluck="content",
		order_by="creation",
	)


def test_each_preset_takes_an_acknowledgement_to_the_provider_as_it_documents(provider):
	case = helpers.case("Complaint")
	message = acknowledgement(case)
	assert message.status == "Sent" and message.refusal is None
	[delivered] = [d for d in provider.delivered if case.name in (d["text"] or "")]
	assert delivered["number"] == "966" + case.mobile.removeprefix("+966")  # international, no + or 00
	assert delivered["sender"] == SENDER_NAME
	lang = notes_language()
	sent = _("{0} {1} sent to {2}", lang=lang).format(
		_("SMS", lang=lang), _("Acknowledgement", lang=lang), ltr(case.mobile)
	)
	assert sent in timeline(case)
	sms_settings = frappe.get_single("SMS Settings")
	if PRESETS[provider.provider].via_sms_settings:  # Frappe's SMS Settings carry the same gateway
		assert sms_settings.sms_gateway_url == provider.url
		assert KEY in {row.value for row in sms_settings.parameters}
	else:  # the app sends it itself: SMS Settings are not touched
		assert sms_settings.sms_gateway_url != provider.url


BREAK = {
	WRONG_KEY: lambda stand_in, number: setattr(stand_in, "key", "another-key"),
	SENDER: lambda stand_in, number: setattr(stand_in, "approved_senders", {"OTHER"}),
	NO_BALANCE: lambda stand_in, number: setattr(stand_in, "balance", 0),
	INVALID_NUMBER: lambda stand_in, number: stand_in.invalid_numbers.add(number),
}


@pytest.mark.parametrize("refusal", [WRONG_KEY, SENDER, NO_BALANCE, INVALID_NUMBER])
def test_each_documented_refusal_is_recorded_with_its_reason_and_retried_only_where_it_helps(
	provider, refusal
):
	mobile = helpers.mobile()
	BREAK[refusal](provider, "966" + mobile[1:])
	case = helpers.case("Inquiry", mobile=mobile)
	message = acknowledgement(case)
	assert message.refusal == refusal and message.attempts == 1
	assert not provider.delivered
	# the provider's own words on the message, its documented reason in the staff's language on the case
	assert message.last_error == PROVIDER_ANSWERS[provider.provider][refusal][1][:300]
	reason = _(EXPLANATIONS[refusal], lang=notes_language())
	assert any(reason in note for note in timeline(case)), timeline(case)
	tries = len(provider.received)
	delivery.retry_due(now=frappe.utils.add_to_date(frappe.utils.now_datetime(), hours=13))
	message = acknowledgement(case)
	if refusal == NO_BALANCE:  # a top-up can come at any time: tried again with the back-off
		assert len(provider.received) == tries + 1 and message.attempts == 2
		assert message.status == "Failed" and message.next_attempt_on
	else:  # the same request would be refused again
		assert len(provider.received) == tries
		assert message.status == "Given Up" and message.next_attempt_on is None


@pytest.mark.parametrize("refusal", [WRONG_KEY, SENDER])
def test_corrected_settings_send_what_the_provider_refused_for_them(provider, refusal):
	BREAK[refusal](provider, "")
	case = helpers.case("Complaint")
	assert acknowledgement(case).status == "Given Up"
	provider.key, provider.approved_senders = KEY, {SENDER_NAME, "NEWNAME"}  # the account mended...
	choose(provider.provider, provider.url, sms_sender_name="NEWNAME")  # ...and the settings with it
	message = acknowledgement(case)
	assert message.status == "Queued" and message.attempts == 0 and message.refusal is None
	delivery.deliver([message.name])
	assert acknowledgement(case).status == "Sent"
	assert next(d for d in provider.delivered if case.name in d["text"])["sender"] == "NEWNAME"


def test_a_preset_needs_its_account_and_a_sender_name_as_providers_register_them():
	config = frappe.get_single(SETTINGS)
	config.update(
		{"sms_provider": "4jawaly", "sms_api_key": KEY, "sms_api_secret": None, "sms_sender_name": "JAMEYA"}
	)
	with pytest.raises(frappe.ValidationError):
		config.save()
	frappe.local.message_log = []
	config = frappe.get_single(SETTINGS)
	config.update({"sms_provider": "Unifonic", "sms_api_key": KEY, "sms_sender_name": "جمعية البر"})
	with pytest.raises(frappe.ValidationError, match=frappe.get_meta(SETTINGS).get_label("sms_sender_name")):
		config.save()


def test_choosing_a_preset_fills_the_providers_address_and_number_format():
	config = frappe.get_single(SETTINGS)
	config.update(
		{
			"sms_provider": "Taqnyat",
			"sms_api_key": KEY,
			"sms_sender_name": SENDER_NAME,
			"sms_provider_url": None,
		}
	)
	config.sms_number_format = "05XXXXXXXX"
	config.save()
	assert config.sms_provider_url == PRESETS["Taqnyat"].url
	assert config.sms_number_format == "9665XXXXXXXX"
	assert config.get_password("sms_api_key") == KEY
	assert frappe.db.get_single_value(SETTINGS, "sms_api_key") != KEY  # a Password field: not in the table


@pytest.fixture
def administrator():
	user = helpers.staff_user("sms-admin@care.example.com", "Care Manager")
	frappe.db.set_value("User", user, "language", "ar")
	frappe.set_user(user)
	lang, frappe.local.lang = frappe.local.lang, "ar"  # as Frappe sets it for the user's request
	yield user
	frappe.local.lang = lang
	frappe.set_user("Administrator")


def test_the_test_sms_shows_the_providers_answer_in_the_administrators_language(provider, administrator):
	answer = sms_gateway.send_test_sms("0501234567")
	assert answer["accepted"] is True
	assert provider.delivered[-1]["number"] == "966501234567"
	assert frappe.db.get_single_value(SETTINGS, "sms_tested_on")
	provider.key = "another-key"
	answer = sms_gateway.send_test_sms("0501234567")
	assert answer["accepted"] is False and answer["refusal"] == WRONG_KEY
	assert answer["message"] == _(EXPLANATIONS[WRONG_KEY], lang="ar") != EXPLANATIONS[WRONG_KEY]
	provider.down()
	answer = sms_gateway.send_test_sms("0501234567")
	assert answer["accepted"] is False and answer["message"] == _(
		"The SMS provider did not answer", lang="ar"
	)


def test_the_test_sms_names_the_field_of_a_wrong_number(administrator):
	label = _(frappe.get_meta(SETTINGS).get_label("sms_test_number"), lang="ar")
	with pytest.raises(frappe.ValidationError, match=f"^{label}: 12345"):
		sms_gateway.send_test_sms("12345")


@pytest.mark.parametrize(
	"role", ["Care Officer", "Department Staff", "Complaints Committee", "Department Head"]
)
def test_only_those_who_may_change_the_settings_may_send_a_test(role):
	user = helpers.staff_user(f"sms-{role.replace(' ', '-').lower()}@care.example.com", role)
	frappe.set_user(user)
	try:
		with pytest.raises(frappe.PermissionError):
			sms_gateway.send_test_sms("0501234567")
	finally:
		frappe.set_user("Administrator")
