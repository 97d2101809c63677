"""WhatsApp out: WhatsApp's Cloud API (rules in core.whatsapp; Frappe v15 has no WhatsApp channel, and
the API is plain HTTPS with JSON: the standard library, no SDK): the settings, one Graph API call, a
Case Message sent as free text inside the 24-hour window or as its purpose's template outside it,
whether a case's messages go by WhatsApp at all, and a WhatsApp message as a Communication (Chat) on
the timeline. What comes in is whatsapp_inbox."""

from __future__ import annotations

import html
import http.client
import json
import urllib.error
import urllib.request

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, now_datetime

from beneficiary_care.core import whatsapp as wa
from beneficiary_care.core.sms import GATEWAY_TIMEOUT
from beneficiary_care.framework.helpers import settings

WHATSAPP_CONTACT = "WhatsApp Contact"
DEFAULT_GRAPH_VERSION = "v26.0"  # Meta's latest in July 2026; each version is served about two years


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
