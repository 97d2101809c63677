"""WhatsApp as a channel both ways, through Meta's WhatsApp Business Cloud API (rules in core.whatsapp).

In: Meta posts every message a person writes to `webhook` (registered in Meta's app settings as
https://<site>/api/method/beneficiary_care.whatsapp.webhook). Each message becomes a Communication
(medium Chat) on the person's open case; without one, the conversation waits on the number's WhatsApp
Contact while the person is asked the kind with reply buttons, and becomes a case when they press one,
or an inquiry after the minutes the settings give (register_waiting). Out: a case whose submitter came
by WhatsApp (or who chose it: reply_by_whatsapp) gets its acknowledgement, answer, decision and survey
as Case Messages of medium WhatsApp, delivered and retried like SMS (messaging); free text inside the
24-hour window, the association's approved template outside it; Meta's status webhooks move each
message on, and one that cannot reach the person goes once by SMS instead.

Written here, not taken from Frappe: Frappe v15 has no WhatsApp channel (its Notification offers
Email, Slack, System Notification and SMS), and the Cloud API is plain HTTPS with JSON, so no SDK: the
standard library, as channels.send_sms, with its timeout. No log line holds a message's text or a
mobile number (log_failure).
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import get_system_timezone, now_datetime
from werkzeug.wrappers import Response

from beneficiary_care import messaging
from beneficiary_care.channels import WHATSAPP_CONTACT as CONTACT
from beneficiary_care.channels import chat_communication, graph, whatsapp_config
from beneficiary_care.conversations import (
	CHANNEL_CODE,
	after_commit,
	file_of,
	log_failure,
	queue_jobs,
	register,
	register_waiting,  # noqa: F401  the job's tests call it here too
)
from beneficiary_care.core import whatsapp as core
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.message_timeline import note_whatsapp_status
from beneficiary_care.service_levels.deadlines import stamp_first_response

# Cases a message from the same number goes onto: any not yet closed or cancelled, the latest first.
ENDED = ("Closed", "Cancelled")


# ------------------------------------------------------------------ settings


@frappe.whitelist()
def test_connection() -> dict:
	"""The settings' "Test connection" button: the phone number as Meta knows it."""
	# not frappe.only_for, which lets everyone through under tests (frappe.flags.in_test)
	if not {"System Manager", "Care Manager"} & set(frappe.get_roles()):
		raise frappe.PermissionError(_("Only a Care Manager or a System Manager may test the connection"))
	conf = whatsapp_config()
	if not conf:
		frappe.throw(_("Enable WhatsApp and fill in its Phone Number ID first"))
	try:
		status, body, _type = graph(
			conf, f"{conf.phone_number_id}?fields=display_phone_number,verified_name,quality_rating"
		)
	except (OSError, ValueError) as err:
		frappe.throw(_("The Graph API did not answer: {0}").format(type(err).__name__))
	if status != 200:
		frappe.throw(
			_("The Graph API refused: {0}").format(
				core.send_result(status, body.decode("utf-8", "replace")).detail
			)
		)
	return json.loads(body)


# ------------------------------------------------------------------ the webhook


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@rate_limit(limit=600, seconds=60)
def webhook(**_params: object) -> Response:
	"""Meta's webhook. GET: the verification handshake. POST: messages and statuses, each checked
	against X-Hub-Signature-256 before anything is read; a bad or missing signature gets 403 and
	nothing is written; a body over core.MAX_WEBHOOK_BYTES gets 413 unread."""
	request = frappe.request
	conf = whatsapp_config()
	if request.method == "GET":
		form = frappe.form_dict
		challenge = core.handshake(
			form.get("hub.mode"),
			form.get("hub.verify_token"),
			form.get("hub.challenge"),
			conf.verify_token if conf else "",
		)
		if challenge is None:
			return Response("", status=403)
		return Response(challenge, status=200, mimetype="text/plain")
	if (request.content_length or 0) > core.MAX_WEBHOOK_BYTES:
		return Response("", status=413)
	body = request.get_data(cache=True)
	if len(body) > core.MAX_WEBHOOK_BYTES:
		return Response("", status=413)
	if not conf or not core.signature_valid(
		body, request.headers.get("X-Hub-Signature-256"), conf.app_secret
	):
		return Response("", status=403)
	try:
		events = core.parse_webhook(body, conf.phone_number_id)
	except ValueError:
		return Response("", status=400)
	failed = receive(events, conf)
	# one that failed is logged; Meta delivers the whole body again, and what came in is skipped then
	return Response("", status=500 if failed else 200)


def receive(events: core.Events, conf: frappe._dict) -> int:
	"""Take a webhook's messages and statuses, each on its own: one that fails is logged and
	rolled back alone. Returns how many failed."""
	failed = 0
	for item in [*events.messages, *events.statuses]:
		frappe.db.savepoint("bc_whatsapp")
		frappe.local.bc_whatsapp_jobs = []  # queued by after_commit, kept only if the item goes in
		try:
			if isinstance(item, core.Inbound):
				take_message(item, conf)
			else:
				take_status(item)
			queue_jobs(frappe.local.bc_whatsapp_jobs)
		except Exception as err:
			frappe.db.rollback(save_point="bc_whatsapp")  # the SQL only: its jobs are dropped here
			log_failure(
				f"WhatsApp {'message' if isinstance(item, core.Inbound) else 'status'} {item.wamid}", err
			)
			failed += 1
		finally:
			frappe.local.bc_whatsapp_jobs = None
	return failed


def _local(utc: dt.datetime) -> dt.datetime:
	"""A webhook's UTC time as the site stores times."""
	zone = ZoneInfo(get_system_timezone())
	return utc.replace(tzinfo=dt.timezone.utc).astimezone(zone).replace(tzinfo=None)


# ------------------------------------------------------------------ a message in


def take_message(message: core.Inbound, conf: frappe._dict) -> None:
	contact = _contact(message)  # locked: one message of a number at a time, read as last committed
	# after the lock, as last committed: Meta delivers again what it was not sure we took, and the
	# same delivery can arrive twice at once
	if frappe.db.get_value("Communication", {"message_id": message.wamid}, "name", for_update=True):
		return
	received = _local(message.received_at)
	if not contact.last_inbound_on or received > contact.last_inbound_on:
		contact.last_inbound_on = received
	if message.profile_name:
		contact.profile_name = message.profile_name
	stop = message.kind == "text" and core.is_stop(message.text)
	if stop:
		_stop(contact, conf)
	case = open_case(message.mobile)
	if case:
		_communication(message, case.doctype, case.name, received)
		contact.save(ignore_permissions=True)
		return
	_communication(message, CONTACT, contact.name, received)
	registering = conf.register_cases and frappe.db.get_value(
		"Case Channel", {"code": CHANNEL_CODE}, "enabled"
	)
	if stop or not registering:  # kept on the contact, for staff
		contact.save(ignore_permissions=True)
		return
	kind = core.kind_for_button(message.button_id) if message.kind == "button" else None
	if message.kind != "button":
		contact.waiting_text = "\n".join(filter(None, [contact.waiting_text, _words(message)]))
	if not contact.waiting_since:
		contact.waiting_since = received
		if not kind and not contact.opted_out:  # a number that said «إيقاف» gets no WhatsApp question
			after_commit("ask_kind", contact=contact.name)
	elif received < contact.waiting_since:  # an earlier message that Meta delivered later
		contact.waiting_since = received
	if kind:
		register(contact, kind)
	contact.save(ignore_permissions=True)


def _contact(message: core.Inbound):
	"""The number's WhatsApp Contact, made at its first message, locked and read as last committed (a
	plain read would see this transaction's snapshot, older than the lock)."""
	name = frappe.db.get_value(CONTACT, {"mobile": message.mobile}, "name", for_update=True)
	if not name:
		try:
			name = (
				frappe.get_doc(
					{
						"doctype": CONTACT,
						"mobile": message.mobile,
						"profile_name": message.profile_name,
						"beneficiary": file_of(message.mobile),
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
			# the number's first message and another of it, taken at once: the other made it
			name = frappe.db.get_value(CONTACT, {"mobile": message.mobile}, "name", for_update=True)
	return frappe.get_doc(CONTACT, name, for_update=True)


def open_case(mobile: str) -> frappe._dict | None:
	"""The person's latest case not yet closed or cancelled, of any kind."""
	latest = None
	for doctype in CASE_DOCTYPES:
		row = frappe.db.get_value(
			doctype,
			{"mobile": mobile, "status": ["not in", ENDED]},
			["name", "received_on"],
			as_dict=True,
			order_by="received_on desc",
		)
		if row and (not latest or row.received_on > latest.received_on):
			latest = frappe._dict(row, doctype=doctype)
	return latest


def _words(message: core.Inbound) -> str:
	if message.kind in ("image", "document", "audio"):
		what = {
			"image": _("an image", lang="ar"),
			"document": _("a file", lang="ar"),
			"audio": _("a voice note", lang="ar"),
		}
		return " ".join(filter(None, [f"({what[message.kind]})", message.filename, message.text]))
	if message.kind == "other":
		return f"({_('a message of a kind that is not taken', lang='ar')})"
	return message.text


def _communication(message: core.Inbound, doctype: str, name: str, received: dt.datetime) -> str:
	"""The message on the timeline of a case or of the contact; a file is fetched after commit."""
	comm = chat_communication(
		"Received",
		doctype,
		name,
		_words(message),
		message.mobile,
		message.wamid,
		sender_full_name=message.profile_name,
		communication_date=received,
	)
	if message.media_id:
		# by name and id only: a job's arguments are in the worker's log
		after_commit("fetch_media", communication=comm.name, media_id=message.media_id)
	return comm.name


def _stop(contact, conf: frappe._dict) -> None:
	"""«إيقاف»: no more WhatsApp messages to this number (its file too); SMS from now on."""
	if not contact.opted_out:
		contact.opted_out, contact.opted_out_on = 1, now_datetime()
		for name in frappe.get_all("Beneficiary", filters={"mobile": contact.mobile}, pluck="name"):
			frappe.db.set_value("Beneficiary", name, "no_whatsapp", 1)
		if (conf.stop_reply or "").strip():
			after_commit("say_stopped", contact=contact.name)


def take_status(status: core.Status) -> None:
	"""sent, delivered, read or failed, for the Case Message that went as this wamid."""
	name = frappe.db.get_value("Case Message", {"provider_message_id": status.wamid}, "name", for_update=True)
	if not name:
		return  # not a case's message (the kind question, the reply to «إيقاف»)
	message = frappe.get_doc("Case Message", name, for_update=True)  # as last committed
	if not core.later_status(message.delivery_status, status.status):
		return
	values = {"delivery_status": status.status.title()}
	if status.status == "failed":
		error = f"error {status.error_code}: {status.error_title}"
		values.update(status="Given Up", next_attempt_on=None, last_error=error)
	message.db_set(values, update_modified=True)
	note_whatsapp_status(message, status.status, values.get("last_error"))
	if status.status == "failed":
		messaging.queue_fallback_sms(message)  # once: it does nothing for a message that has one


@frappe.whitelist(methods=["POST"])
def reply(doctype: str, name: str, text: str) -> str:
	"""A staff reply from the case's form, on WhatsApp, inside the 24-hour window (outside it Meta
	takes only approved templates: the answer goes as one when the case is answered)."""
	if doctype not in CASE_DOCTYPES:
		frappe.throw(_("Not a case"))
	case = frappe.get_doc(doctype, name)
	case.check_permission("write")
	text = (text or "").strip()
	if not text:
		frappe.throw(_("Reply: is required"))
	if not case.mobile:
		frappe.throw(_("Mobile: is required for a WhatsApp reply"))
	last = frappe.db.get_value(CONTACT, {"mobile": case.mobile}, "last_inbound_on")
	if not core.in_window(last, now_datetime()):
		frappe.throw(
			_(
				"The person has not written on WhatsApp in the last 24 hours: WhatsApp takes only the association's templates now. Answer the case, or call or send an SMS."
			)
		)
	names = messaging.queue_whatsapp_reply(case, text)
	stamp_first_response(doctype, name, now_datetime())
	return names[0]
