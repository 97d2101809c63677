"""SMS out: one message to the association's SMS gateway, judged by the gateway's answer. Returns what
the gateway said (core.sms_gateways.Outcome); delivery records it on the Case Message.

The gateway is one of the presets (core.sms_gateways: Unifonic, Taqnyat, Msegat, 4jawaly), chosen in
Beneficiary Care Settings, or any other that Frappe's SMS Settings describes ("Other"). Presets that
SMS Settings can express are sent from there (the set-up filled it: setup.sms_gateway), and their
answer read as the gateway documents it; the others are sent from the preset's own request.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import frappe
from frappe import _
from frappe.utils import cint

from beneficiary_care.core.phone import for_gateway
from beneficiary_care.core.sms import GATEWAY_TIMEOUT, gateway_accepted
from beneficiary_care.core.sms_gateways import OTHER, PRESETS, Account, Outcome, Request
from beneficiary_care.framework.helpers import settings


def send_sms(number: str, text: str) -> Outcome:
	"""One message through the association's gateway.

	Frappe's own send_sms cannot be reused here: it raises only on HTTP errors and discards the body
	(and its SMS Log DocType is not part of Frappe v15 itself). The Case Message is the log.

	Through the standard library, not `requests`: each delivery job runs in a freshly forked worker,
	where importing `requests` alone cost 0.34 s, far more than the message.
	"""
	config = settings()
	preset = PRESETS.get(config.get("sms_provider") or "")
	timeout = cint(config.get("sms_timeout_seconds")) or GATEWAY_TIMEOUT
	if preset and not preset.via_sms_settings:
		receiver = for_gateway(number, preset.number_format)
		request = preset.request(account(), receiver, text, config.get("sms_provider_url") or None)
		return preset.read(*_exchange(request, timeout))
	sms = frappe.get_cached_doc("SMS Settings")
	if not sms.sms_gateway_url:
		return Outcome(False, _("SMS Settings has no gateway URL"), OTHER)
	number_format = preset.number_format if preset else config.sms_number_format or "9665XXXXXXXX"
	status, answer = _exchange(_from_sms_settings(sms, for_gateway(number, number_format), text), timeout)
	if preset:
		return preset.read(status, answer)
	accepted, detail = gateway_accepted(status, answer, config.sms_success_pattern)
	return Outcome(accepted, detail, None if accepted else OTHER)


def account() -> Account:
	return account_of(settings())


def account_of(config) -> Account:
	"""The account the administrator typed; the key and secret are Password fields."""
	return Account(
		key=config.get_password("sms_api_key", raise_exception=False) or "",
		secret=config.get_password("sms_api_secret", raise_exception=False) or "",
		sender=config.get("sms_sender_name") or "",
		user_name=config.get("sms_user_name") or "",
	)


def _from_sms_settings(sms, receiver: str, text: str) -> Request:
	params, headers = {sms.message_parameter: text, sms.receiver_parameter: receiver}, {}
	for row in sms.get("parameters") or []:
		(headers if row.header else params)[row.parameter] = row.value
	url, body = sms.sms_gateway_url, None
	if sms.use_post:
		if headers.get("Content-Type") == "application/json":
			body = json.dumps(params).encode()
		else:
			body = urllib.parse.urlencode(params).encode()
			headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
	else:
		url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
	return Request("POST" if sms.use_post else "GET", url, headers, body)


def _exchange(request: Request, timeout: int) -> tuple[int, str]:
	"""(HTTP status, body). A gateway that does not answer raises (delivery counts it silent)."""
	http_request = urllib.request.Request(
		request.url, data=request.body, headers=request.headers, method=request.method
	)
	try:
		with urllib.request.urlopen(http_request, timeout=timeout) as response:
			return response.status, response.read().decode("utf-8", "replace")
	except urllib.error.HTTPError as err:  # an answer, with an error status
		return err.code, err.read().decode("utf-8", "replace")
