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
mobile number (_log_failure).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import traceback
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import add_to_date, cint, get_system_timezone, now_datetime
from werkzeug.wrappers import Response

from beneficiary_care import messaging
from beneficiary_care.channels import WHATSAPP_CONTACT as CONTACT
from beneficiary_care.channels import chat_communication, graph, post_whatsapp, whatsapp_config
from beneficiary_care.core import whatsapp as core
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.frappe_helpers import commit_batch
from beneficiary_care.messaging import render
from beneficiary_care.service_levels.deadlines import stamp_first_response

CHANNEL_CODE = "whatsapp"
# Cases a message from the same number goes onto: any not yet closed or cancelled, the latest first.
ENDED = ("Closed", "Cancelled")
BATCH = 50


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
		try:
			if isinstance(item, core.Inbound):
				take_message(item, conf)
			else:
				take_status(item)
		except Exception as err:
			frappe.db.rollback(save_point="bc_whatsapp")
			_log_failure(
				f"WhatsApp {'message' if isinstance(item, core.Inbound) else 'status'} {item.wamid}", err
			)
			failed += 1
	return failed


def _log_failure(title: str, err: BaseException) -> None:
	"""An Error Log without the person's words or number: the exception's type and where it was
	raised, not its message (which can quote either)."""
	frames = "".join(traceback.format_tb(err.__traceback__))
	frappe.log_error(title=f"{title} could not be processed"[:140], message=f"{type(err).__name__}\n{frames}")


def _local(utc: dt.datetime) -> dt.datetime:
	"""A webhook's UTC time as the site stores times."""
	zone = ZoneInfo(get_system_timezone())
	return utc.replace(tzinfo=dt.timezone.utc).astimezone(zone).replace(tzinfo=None)


# ------------------------------------------------------------------ a message in


def take_message(message: core.Inbound, conf: frappe._dict) -> None:
	if frappe.db.exists("Communication", {"message_id": message.wamid}):
		return  # Meta delivers again what it was not sure we took
	contact = _contact(message)  # locked: one message of a number at a time
	received = _local(message.received_at)
	if not contact.last_inbound_on or received > contact.last_inbound_on:
		contact.last_inbound_on = received
	if message.profile_name:
		contact.profile_name = message.profile_name
	if message.kind == "text" and core.is_stop(message.text):
		_stop(contact, conf)
	case = open_case(message.mobile)
	if case:
		_communication(message, case.doctype, case.name, received)
		contact.save(ignore_permissions=True)
		return
	_communication(message, CONTACT, contact.name, received)
	if contact.opted_out and core.is_stop(message.text):
		contact.save(ignore_permissions=True)
		return
	registering = conf.register_cases and frappe.db.get_value(
		"Case Channel", {"code": CHANNEL_CODE}, "enabled"
	)
	if not registering:  # kept on the contact, for staff
		contact.save(ignore_permissions=True)
		return
	kind = core.kind_for_button(message.button_id) if message.kind == "button" else None
	if message.kind != "button":
		contact.waiting_text = "\n".join(filter(None, [contact.waiting_text, _words(message)]))
	if not contact.waiting_since:
		contact.waiting_since = received
		if not kind:
			_after_commit(
				"ask_kind",
				mobile=message.mobile,
			)
	if kind:
		register(contact, kind)
	contact.save(ignore_permissions=True)


def _contact(message: core.Inbound):
	name = frappe.db.get_value(CONTACT, message.mobile, "name", for_update=True)
	if not name:
		try:
			frappe.get_doc(
				{
					"doctype": CONTACT,
					"mobile": message.mobile,
					"profile_name": message.profile_name,
					"beneficiary": _file(message.mobile),
				}
			).insert(ignore_permissions=True)
		except frappe.DuplicateEntryError:
			pass  # a message of the same number, taken this moment by another request
		frappe.db.get_value(CONTACT, message.mobile, "name", for_update=True)
	return frappe.get_doc(CONTACT, message.mobile)


def _file(mobile: str) -> str | None:
	files = frappe.get_all("Beneficiary", filters={"mobile": mobile}, pluck="name", limit=2)
	return files[0] if len(files) == 1 else None


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
		return " ".join(filter(None, [f"({what[message.kind]})", message.text]))
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
		_after_commit(
			"fetch_media",
			communication=comm.name,
			media_id=message.media_id,
			mime_type=message.mime_type,
			filename=message.filename,
		)
	return comm.name


def _after_commit(method: str, **kwargs) -> None:
	"""A short job once this request commits (at once under tests, inside their transaction)."""
	frappe.enqueue(
		f"beneficiary_care.whatsapp.{method}",
		queue="short",
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),
		**kwargs,
	)


def _stop(contact, conf: frappe._dict) -> None:
	"""«إيقاف»: no more WhatsApp messages to this number (its file too); SMS from now on."""
	if not contact.opted_out:
		contact.opted_out, contact.opted_out_on = 1, now_datetime()
		for name in frappe.get_all("Beneficiary", filters={"mobile": contact.mobile}, pluck="name"):
			frappe.db.set_value("Beneficiary", name, "no_whatsapp", 1)
		if (conf.stop_reply or "").strip():
			_after_commit(
				"say",
				mobile=contact.mobile,
				text=conf.stop_reply,
			)


def ask_kind(mobile: str) -> None:
	"""The kind buttons, right after the first message of a conversation (inside its window: free)."""
	conf = whatsapp_config()
	if not conf:
		return
	text = render(
		conf.kind_question or _("Is your message a complaint, an inquiry or a suggestion?", lang="ar"),
		{"association": conf.association},
	)
	buttons = [(button_id, _(kind, lang="ar")) for button_id, kind in core.KIND_BUTTONS]
	result = post_whatsapp(conf, core.buttons_message(mobile, text, buttons))
	if not result.accepted:
		frappe.log_error(title="WhatsApp kind question not sent", message=result.detail)


def say(mobile: str, text: str) -> None:
	"""A free text with no case behind it (the reply to «إيقاف»)."""
	conf = whatsapp_config()
	if conf:
		result = post_whatsapp(
			conf, core.text_message(mobile, render(text, {"association": conf.association}))
		)
		if not result.accepted:
			frappe.log_error(title="WhatsApp reply not sent", message=result.detail)


def register(contact, kind: str) -> str:
	"""The waiting conversation becomes a case of `kind`, routed, deadlined and acknowledged like any
	other; its messages and files move from the contact to the case."""
	text = (contact.waiting_text or "").strip() or _("(a message on WhatsApp)", lang="ar")
	case = frappe.get_doc(
		{
			"doctype": kind,
			"channel": frappe.db.get_value("Case Channel", {"code": CHANNEL_CODE}, "name"),
			"beneficiary": contact.beneficiary or _file(contact.mobile),
			"contact_name": contact.profile_name,
			"mobile": contact.mobile,
			"subject": core.subject_of(text),
			"description": text,
			"reply_by_whatsapp": 1,
			"received_on": contact.waiting_since,
		}
	)
	case.flags.ignore_permissions = True
	case.insert()
	since = contact.waiting_since
	Comm, File = frappe.qb.DocType("Communication"), frappe.qb.DocType("File")
	(
		frappe.qb.update(Comm)
		.set(Comm.reference_doctype, kind)
		.set(Comm.reference_name, case.name)
		.where(Comm.reference_doctype == CONTACT)
		.where(Comm.reference_name == contact.name)
		.where(Comm.communication_date >= since)
	).run()
	(
		frappe.qb.update(File)
		.set(File.attached_to_doctype, kind)
		.set(File.attached_to_name, case.name)
		.where(File.attached_to_doctype == CONTACT)
		.where(File.attached_to_name == contact.name)
		.where(File.creation >= since)
	).run()
	contact.waiting_since, contact.waiting_text = None, None
	return case.name


def register_waiting(now: dt.datetime | None = None) -> int:
	"""Scheduled, every minute: a conversation that has waited for its kind button longer than the
	settings allow becomes an inquiry. One indexed query; a batch at a time; one that fails is logged
	and the rest go on. Returns how many were registered."""
	conf = whatsapp_config()
	if not conf:
		return 0
	cutoff = add_to_date(now or now_datetime(), minutes=-conf.wait_minutes)
	names = frappe.get_all(
		CONTACT, filters={"waiting_since": ["<=", cutoff]}, pluck="name", order_by="waiting_since", limit=500
	)
	done = 0
	for start in range(0, len(names), BATCH):
		for name in names[start : start + BATCH]:
			frappe.db.savepoint("bc_whatsapp_wait")
			try:
				contact = frappe.get_doc(CONTACT, name, for_update=True)
				if contact.waiting_since and contact.waiting_since <= cutoff:
					register(contact, core.DEFAULT_KIND)
					contact.save(ignore_permissions=True)
					done += 1
			except Exception as err:
				frappe.db.rollback(save_point="bc_whatsapp_wait")
				_log_failure(
					f"WhatsApp conversation of contact {frappe.db.get_value(CONTACT, name, 'creation')}", err
				)
		commit_batch()
	return done


def fetch_media(communication: str, media_id: str, mime_type: str = "", filename: str = "") -> None:
	"""A person's image, file or voice note, fetched through the API and attached (private) to the case
	or contact the message is on, within the portal's limits (core.media_refusal)."""
	conf = whatsapp_config()
	comm = frappe.get_doc("Communication", communication)
	note = None
	try:
		status, body, _type = graph(conf, media_id)
		info = json.loads(body) if status == 200 else {}
		mime = (info.get("mime_type") or mime_type or "").split(";")[0].strip().lower()
		refusal = (
			core.media_refusal(mime, cint(info.get("file_size")) if info.get("file_size") else None)
			if info
			else None
		)
		if not info:
			note = _("The file could not be fetched from WhatsApp", lang="ar")
		elif refusal:
			note = _(refusal, lang="ar")
		else:
			status, content, _type = graph(conf, info["url"])
			refusal = core.media_refusal(mime, len(content)) if status == 200 else None
			if status != 200:
				note = _("The file could not be fetched from WhatsApp", lang="ar")
			elif refusal:
				note = _(refusal, lang="ar")
			else:
				file = frappe.get_doc(
					{
						"doctype": "File",
						"file_name": (filename or f"whatsapp-{media_id}")
						+ ("" if filename else core.MEDIA_TYPES[mime]),
						"content": content,
						"is_private": 1,
						"attached_to_doctype": comm.reference_doctype,
						"attached_to_name": comm.reference_name,
					}
				).insert(ignore_permissions=True)
				link = f'<a href="{html.escape(file.file_url)}">{html.escape(file.file_name)}</a>'
				comm.db_set("content", f"{comm.content}<br>{link}")
	except Exception as err:
		_log_failure(f"WhatsApp file of {communication}", err)
		note = _("The file could not be fetched from WhatsApp", lang="ar")
	if note:
		comm.db_set("content", f"{comm.content}<br>[{html.escape(note)}]")
	commit_batch()


# ------------------------------------------------------------------ statuses and messages out


def take_status(status: core.Status) -> None:
	"""sent, delivered, read or failed, for the Case Message that went as this wamid."""
	name = frappe.db.get_value("Case Message", {"provider_message_id": status.wamid}, "name", for_update=True)
	if not name:
		return  # not a case's message (the kind question, the reply to «إيقاف»)
	message = frappe.get_doc("Case Message", name)
	if not core.later_status(message.delivery_status, status.status):
		return
	values = {"delivery_status": status.status.title()}
	if status.status == "failed":
		error = f"error {status.error_code}: {status.error_title}"
		values.update(status="Given Up", next_attempt_on=None, last_error=error)
	message.db_set(values, update_modified=True)
	messaging.note_whatsapp_status(message, status.status, values.get("last_error"))
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
	last = frappe.db.get_value(CONTACT, case.mobile, "last_inbound_on")
	if not core.in_window(last, now_datetime()):
		frappe.throw(
			_(
				"The person has not written on WhatsApp in the last 24 hours: WhatsApp takes only the association's templates now. Answer the case, or call or send an SMS."
			)
		)
	names = messaging.queue_whatsapp_reply(case, text)
	stamp_first_response(doctype, name, now_datetime())
	return names[0]
