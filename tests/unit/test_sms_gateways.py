"""The SMS presets: each gateway's request as its documentation describes it, and its answers read into
accepted or a refusal of a known kind, retried only where that can help (core.sms_gateways)."""

from __future__ import annotations

import base64
import json
import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import sms_gateways as gw
from beneficiary_care.core.sms_gateways import (
	INVALID_NUMBER,
	NO_BALANCE,
	OTHER,
	PRESETS,
	SENDER,
	WRONG_KEY,
	Account,
)
from tools.loopback import PROVIDER_ANSWERS

ACCOUNT = Account(key="k3y-Ab12", sender="JAMEYA", secret="s3cr3t", user_name="jameya")
NUMBER = "966501234567"
TEXT = "تم استلام شكواك رقم CMP-2026-00001"


def test_unifonic_posts_its_form_fields():
	request = PRESETS["Unifonic"].request(ACCOUNT, NUMBER, TEXT)
	assert (request.method, request.url) == ("POST", "https://el.cloud.unifonic.com/rest/SMS/messages")
	assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
	fields = dict(urllib.parse.parse_qsl(request.body.decode()))
	assert fields == {
		"AppSid": "k3y-Ab12",
		"SenderID": "JAMEYA",
		"Body": TEXT,
		"Recipient": NUMBER,
		"responseType": "JSON",
	}


def test_taqnyat_sends_json_with_a_bearer_token_and_a_list_of_recipients():
	request = PRESETS["Taqnyat"].request(ACCOUNT, NUMBER, TEXT)
	assert request.url == "https://api.taqnyat.sa/v1/messages"
	assert request.headers["Authorization"] == "Bearer k3y-Ab12"
	assert json.loads(request.body) == {"recipients": [NUMBER], "body": TEXT, "sender": "JAMEYA"}


def test_msegat_sends_json_with_its_account_in_the_body():
	request = PRESETS["Msegat"].request(ACCOUNT, NUMBER, TEXT)
	assert request.url == "https://www.msegat.com/gw/sendsms.php"
	assert json.loads(request.body) == {
		"userName": "jameya",
		"numbers": NUMBER,
		"userSender": "JAMEYA",
		"apiKey": "k3y-Ab12",
		"msg": TEXT,
		"msgEncoding": "UTF8",
	}


def test_4jawaly_sends_nested_messages_with_basic_auth_of_key_and_secret():
	request = PRESETS["4jawaly"].request(ACCOUNT, NUMBER, TEXT)
	assert request.url == "https://api-sms.4jawaly.com/api/v1/account/area/sms/send"
	scheme, token = request.headers["Authorization"].split()
	assert scheme == "Basic" and base64.b64decode(token).decode() == "k3y-Ab12:s3cr3t"
	assert json.loads(request.body) == {"messages": [{"text": TEXT, "numbers": [NUMBER], "sender": "JAMEYA"}]}


def test_an_address_given_replaces_the_documented_one():
	for preset in PRESETS.values():
		assert preset.request(ACCOUNT, NUMBER, TEXT, "http://127.0.0.1:9/x").url == "http://127.0.0.1:9/x"


@pytest.mark.parametrize("name", ["Unifonic", "Msegat"])
def test_sms_settings_express_the_same_request(name):
	"""What the set-up writes into Frappe's SMS Settings sends the very fields of the preset's request."""
	preset = PRESETS[name]
	values = preset.sms_settings(ACCOUNT)
	params = {values["message_parameter"]: TEXT, values["receiver_parameter"]: NUMBER}
	params.update({row["parameter"]: row["value"] for row in values["parameters"] if not row["header"]})
	request = preset.request(ACCOUNT, NUMBER, TEXT)
	sent = (
		json.loads(request.body)
		if request.headers["Content-Type"] == "application/json"
		else dict(urllib.parse.parse_qsl(request.body.decode()))
	)
	assert params == sent and values["use_post"] == 1 and values["sms_gateway_url"] == preset.url


@pytest.mark.parametrize("name", ["Taqnyat", "4jawaly"])
def test_a_gateway_taking_json_lists_is_not_put_into_sms_settings(name):
	with pytest.raises(ValueError):
		PRESETS[name].sms_settings(ACCOUNT)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_each_documented_answer_reads_as_its_kind(name):
	"""The stand-ins' answers (tools.loopback, as each gateway documents them) read back as the kind."""
	preset = PRESETS[name]
	for kind, (status, body) in PROVIDER_ANSWERS[name].items():
		outcome = preset.read(status, body)
		if kind == "ok":
			assert outcome.accepted and outcome.refusal is None, (name, kind)
		else:
			assert not outcome.accepted and outcome.refusal == kind, (name, kind, outcome)


@pytest.mark.parametrize(
	("refusal", "retried"),
	[(WRONG_KEY, False), (SENDER, False), (INVALID_NUMBER, False), (NO_BALANCE, True), (OTHER, True)],
)
def test_only_refusals_that_time_can_mend_are_retried(refusal, retried):
	assert gw.Outcome(False, "x", refusal).retry is retried
	assert gw.Outcome(True, "x").retry is False


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_a_server_error_or_garbage_is_never_taken_for_success(name):
	preset = PRESETS[name]
	for status, body in [(500, "Internal Server Error"), (200, "<html>maintenance</html>"), (502, "")]:
		outcome = preset.read(status, body)
		assert not outcome.accepted and outcome.retry, (name, status, body)


@given(status=st.integers(100, 599), body=st.text(max_size=200))
def test_no_answer_crashes_a_reader(status, body):
	for preset in PRESETS.values():
		outcome = preset.read(status, body)
		assert outcome.accepted in (True, False)
		assert outcome.accepted or outcome.refusal in (*gw.REFUSALS, OTHER)


def test_missing_names_what_each_provider_needs():
	empty = Account(key="", sender="")
	assert gw.missing(PRESETS["Unifonic"], empty) == ["sms_api_key", "sms_sender_name"]
	assert gw.missing(PRESETS["4jawaly"], empty) == ["sms_api_key", "sms_sender_name", "sms_api_secret"]
	assert gw.missing(PRESETS["Msegat"], empty) == ["sms_api_key", "sms_sender_name", "sms_user_name"]
	assert gw.missing(PRESETS["Taqnyat"], ACCOUNT) == []


@pytest.mark.parametrize(
	("name", "valid"),
	[
		("JAMEYA", True),
		("Al-Bir Assn", True),
		("AB12", True),
		("جمعية", False),
		("", False),
		("A" * 12, False),
	],
)
def test_sender_names_as_providers_register_them(name, valid):
	assert gw.valid_sender_name(name) is valid
