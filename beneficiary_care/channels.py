"""The ways a Case Message leaves: the SMS gateway of Frappe's SMS Settings, a Communication on the case
through Frappe's email queue, and WhatsApp's Cloud API (core.whatsapp; Frappe v15 has no WhatsApp
channel, and the API is plain HTTPS with JSON: the standard library, no SDK). Each returns what the
other side said; messaging records it."""

from __future__ import annotations

import html
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, now_datetime

from beneficiary_care.core import whatsapp as wa
from beneficiary_care.core.phone import for_gateway
from beneficiary_care.core.sms import gateway_accepted
from beneficiary_care.frappe_helpers import settings

GATEWAY_TIMEOUT = 45  # seconds, when the settings say nothing (sms_timeout_seconds)
WHATSAPP_CONTACT = "WhatsApp Contact"
DEFAULT_GRAPH_VERSION = "v26.0"  # Meta's latest in July 2026; each version is served about two years


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


def send_email(message: Document) -> str:
	"""Through a Communication on the case, so the mail is on its timeline and in the email queue.
	Returns the Communication's name."""
	# imported here, not at the top: it pulls in Frappe's mail and PDF stack (0.6 s here), which every
	# delivery job would pay for in its freshly forked worker even when it sends only SMS
	from frappe.core.doctype.communication.email import make

	frappe.flags.bc_automatic_message = True  # not a staff reply: no first response (intake.on_case_mail)
	try:
		return make(
			doctype=message.reference_doctype,
			name=message.reference_name,
			subject=message.subject,
			content=message.message,
			recipients=message.recipient,
			communication_medium="Email",
			send_email=True,
		)["name"]
	finally:
		frappe.flags.bc_automatic_message = False


# ------------------------------------------------------------------ WhatsApp


def whatsapp_config() -> frappe._dict | None:
	"""The WhatsApp settings, or None while WhatsApp is off or not set up."""
	doc = settings()
	if not cint(doc.get("whatsapp_enabled")) or not doc.get("whatsapp_phone_number_id"):
		return None
	return frappe._dict(
		phone_number_id=str(doc.whatsapp_phone_number_id).strip(),
		token=doc.get_password("whatsapp_access_token", raise_exception=False) or "",
		app_secret=doc.get_password("whatsapp_app_secret", raise_exception=False) or "",
		verify_token=doc.get_password("whatsapp_verify_token", raise_exception=False) or "",
		base_url=(doc.get("whatsapp_base_url") or "https://graph.facebook.com").rstrip("/"),
		version=(doc.get("whatsapp_api_version") or DEFAULT_GRAPH_VERSION).strip("/"),
		register_cases=cint(doc.get("whatsapp_register_cases")),
		wait_minutes=cint(doc.get("whatsapp_kind_wait_minutes")) or wa.DEFAULT_KIND_WAIT_MINUTES,
		timeout=cint(doc.get("sms_timeout_seconds")) or GATEWAY_TIMEOUT,
		templates={
			row.purpose: (row.template_name, row.language_code or "ar")
			for row in doc.get("whatsapp_templates") or []
		},
		association=doc.get("association_name") or _("the association", lang="ar"),
		kind_question=doc.get("whatsapp_kind_question"),
		stop_reply=doc.get("whatsapp_stop_reply"),
	)


def graph(conf: frappe._dict, path: str, payload: dict | None = None) -> tuple[int, bytes, str]:
	"""One call to the Graph API: (HTTP status, body, content type). A network failure raises."""
	url = path if path.startswith("http") else f"{conf.base_url}/{conf.version}/{path}"
	data = json.dumps(payload).encode() if payload is not None else None
	headers = {"Authorization": f"Bearer {conf.token}"}
	if data is not None:
		headers["Content-Type"] = "application/json"
	request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
	try:
		with urllib.request.urlopen(request, timeout=conf.timeout) as response:
			return response.status, response.read(), response.headers.get("Content-Type", "")
	except urllib.error.HTTPError as err:  # an answer, with an error status
		return err.code, err.read(), err.headers.get("Content-Type", "") if err.headers else ""


def post_whatsapp(conf: frappe._dict, payload: dict) -> wa.SendResult:
	try:
		status, body, _type = graph(conf, f"{conf.phone_number_id}/messages", payload)
	except (OSError, ValueError, http.client.HTTPException) as err:  # refused, reset, timed out
		reason = err.reason if isinstance(err, urllib.error.URLError) else err
		return wa.SendResult(False, detail=f"{type(reason).__name__}: {reason}"[:300])
	return wa.send_result(status, body.decode("utf-8", "replace"))


def whatsapp_wanted(case) -> bool:
	"""Whether a case's messages to its submitter go by WhatsApp (not SMS)."""
	if not (case.get("reply_by_whatsapp") and case.get("mobile") and whatsapp_config()):
		return False
	if frappe.db.get_value(WHATSAPP_CONTACT, {"mobile": case.mobile}, "opted_out"):
		return False
	return not (
		case.get("beneficiary") and frappe.db.get_value("Beneficiary", case.beneficiary, "no_whatsapp")
	)


def send_whatsapp(message) -> tuple[wa.SendResult, bool]:
	"""One Case Message of medium WhatsApp: (result, fall back to SMS now). Free text inside the
	window, the purpose's template outside it; neither possible (no template, WhatsApp off, the
	number opted out) falls back at once."""
	conf = whatsapp_config()
	if not conf:
		return wa.SendResult(False, detail="WhatsApp is off"), True
	contact = (
		frappe.db.get_value(
			WHATSAPP_CONTACT, {"mobile": message.recipient}, ["last_inbound_on", "opted_out"], as_dict=True
		)
		or {}
	)
	if contact.get("opted_out") or frappe.db.exists(
		"Beneficiary", {"mobile": message.recipient, "no_whatsapp": 1}
	):
		return wa.SendResult(False, detail="the number asked for no WhatsApp messages"), True
	if wa.in_window(contact.get("last_inbound_on"), now_datetime()):
		payload = wa.text_message(message.recipient, message.message)
	elif message.purpose in conf.templates:
		name, language = conf.templates[message.purpose]
		parameters = json.loads(message.template_parameters or "[]")
		payload = wa.template_message(message.recipient, name, language, parameters)
	else:
		return wa.SendResult(False, detail="outside the 24-hour window, with no template for it"), True
	result = post_whatsapp(conf, payload)
	# an error that a later try would meet again (a bad token, a refused parameter) falls back now
	return result, result.fall_back or not (result.accepted or result.retry)


def chat_communication(
	direction: str, doctype: str, name: str, text: str, mobile: str, wamid: str, **values
) -> Document:
	"""A WhatsApp message as a Communication (medium Chat) on a case or a WhatsApp Contact: what the
	person wrote (Received) and what was sent to them (Sent) read in order on the timeline."""
	return frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Chat",
			"sent_or_received": direction,
			"subject": _("WhatsApp message", lang="ar"),
			"content": html.escape(text).replace("\n", "<br>"),
			"phone_no": mobile,
			"reference_doctype": doctype,
			"reference_name": name,
			"message_id": wamid,
			**values,
		}
	).insert(ignore_permissions=True)
