"""SMS out: one message through the gateway of Frappe's SMS Settings, judged by the gateway's answer
(core.sms). Returns what the gateway said; delivery records it on the Case Message."""

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
from beneficiary_care.framework.helpers import settings


def send_sms(number: str, text: str) -> tuple[bool, str]:
	"""One message through the gateway configured in Frappe's SMS Settings; (accepted, answer).

	Frappe's own send_sms cannot be reused here: it raises only on HTTP errors and discards the body
	(and its SMS Log DocType is not part of Frappe v15 itself). The Case Message is the log.

	Through the standard library, not `requests`: each delivery job runs in a freshly forked worker,
	where importing `requests` alone cost 0.34 s, far more than the message.
	"""
	sms = frappe.get_cached_doc("SMS Settings")
	if not sms.sms_gateway_url:
		return False, _("SMS Settings has no gateway URL")
	config = settings()
	receiver = for_gateway(number, config.sms_number_format or "9665XXXXXXXX")
	timeout = cint(config.get("sms_timeout_seconds")) or GATEWAY_TIMEOUT
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
	request = urllib.request.Request(
		url, data=body, headers=headers, method="POST" if sms.use_post else "GET"
	)
	try:
		with urllib.request.urlopen(request, timeout=timeout) as response:
			status, answer = response.status, response.read().decode("utf-8", "replace")
	except urllib.error.HTTPError as err:  # an answer, with an error status
		status, answer = err.code, err.read().decode("utf-8", "replace")
	return gateway_accepted(status, answer, config.sms_success_pattern)
