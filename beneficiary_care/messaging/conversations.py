"""What a person's WhatsApp messages become, in the job that takes a webhook's body after Meta has had
its answer (whatsapp.process_body): each message onto the number's open case, or into a conversation
that waits on its WhatsApp Contact for the kind button and then becomes a case; the kind question, the
reply to «إيقاف», the person's files fetched and attached, the conversations that waited too long for
their kind button (a job every minute), and a message that could not be taken kept on the timeline.
The webhook itself is whatsapp_inbox.py."""

from __future__ import annotations

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import add_to_date, get_system_timezone, now_datetime

from beneficiary_care.core import whatsapp as core
from beneficiary_care.core import whatsapp_webhook as hook
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.framework.helpers import commit_batch, notes_language
from beneficiary_care.framework.versions import in_test
from beneficiary_care.messaging import whatsapp_media
from beneficiary_care.messaging.texts import render
from beneficiary_care.messaging.whatsapp import WHATSAPP_CONTACT as CONTACT
from beneficiary_care.messaging.whatsapp import chat_communication, post_whatsapp, whatsapp_config
from beneficiary_care.messaging.whatsapp_media import log_failure

CHANNEL_CODE = "whatsapp"
BATCH = 50
# Cases a message from the same number goes onto: any not yet closed or cancelled, the latest first.
ENDED = ("Closed", "Cancelled")


def file_of(mobile: str) -> str | None:
	files = frappe.get_all("Beneficiary", filters={"mobile": mobile}, pluck="name", limit=2)
	return files[0] if len(files) == 1 else None


def after_commit(method: str, **kwargs) -> None:
	"""A short job once this request commits (at once under tests, inside their transaction). Inside
	a body's job (whatsapp.receive) it waits until its message went in: a message rolled back alone
	takes its jobs with it. Arguments are names and ids only: a job's arguments are in the worker's
	log, and no mobile or text may be."""
	job = {
		"method": f"beneficiary_care.messaging.conversations.{method}",
		"queue": "short",
		"enqueue_after_commit": True,
		"now": in_test(),
		**kwargs,
	}
	pending = getattr(frappe.local, "bc_whatsapp_jobs", None)
	if pending is None:
		frappe.enqueue(**job)
	else:
		pending.append(job)


def queue_jobs(jobs: list[dict]) -> None:
	for job in jobs:
		frappe.enqueue(**job)


def _local(utc: dt.datetime) -> dt.datetime:
	"""A webhook's UTC time as the site stores times."""
	zone = ZoneInfo(get_system_timezone())
	return utc.replace(tzinfo=dt.timezone.utc).astimezone(zone).replace(tzinfo=None)


# ------------------------------------------------------------------ a message in


def take_message(message: hook.Inbound, conf: frappe._dict) -> None:
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
	if not contact.waiting_since:
		contact.waiting_since = received
		if not kind and not contact.opted_out:  # a number that said «إيقاف» gets no WhatsApp question
			after_commit("ask_kind", contact=contact.name)
	elif received < contact.waiting_since:  # an earlier message that Meta delivered later
		contact.waiting_since = received
	if kind:
		register(contact, kind, pressed=message.wamid)
	contact.save(ignore_permissions=True)


def _contact(message: hook.Inbound):
	"""The number's WhatsApp Contact, made at its first message, locked and read as last committed (a
	plain read would see this transaction's snapshot, older than the lock)."""
	name = frappe.db.get_value(CONTACT, {"mobile": message.mobile}, "name", for_update=True)
	if not name:
		try:
			name = _new_contact(message, file_of(message.mobile))
		except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
			# the number's first message and another of it, taken at once: the other made it
			name = frappe.db.get_value(CONTACT, {"mobile": message.mobile}, "name", for_update=True)
	return frappe.get_doc(CONTACT, name, for_update=True)


def _new_contact(message: hook.Inbound, beneficiary: str | None = None) -> str:
	values = {"mobile": message.mobile, "profile_name": message.profile_name, "beneficiary": beneficiary}
	return frappe.get_doc({"doctype": CONTACT, **values}).insert(ignore_permissions=True).name


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


def _words(message: hook.Inbound) -> str:
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


def _communication(message: hook.Inbound, doctype: str, name: str, received: dt.datetime) -> str:
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


def keep(message: hook.Inbound) -> None:
	"""A message that could not be taken (its savepoint rolled back), kept as far as it can be: its words
	on its number's WhatsApp Contact, named on the timeline as not taken, for staff to take up. Nothing
	is asked or fetched for it. Raises when even this cannot be written."""
	name = frappe.db.get_value(CONTACT, {"mobile": message.mobile}, "name") or _new_contact(message)
	if frappe.db.exists("Communication", {"message_id": message.wamid}):
		return
	note = _(
		"This message could not be taken onto a case: it is kept here as it came.", lang=notes_language()
	)
	chat_communication(
		"Received",
		CONTACT,
		name,
		f"{_words(message)}\n\n({note})",
		message.mobile,
		message.wamid,
		sender_full_name=message.profile_name,
		communication_date=_local(message.received_at),
	)


def ask_kind(contact: str) -> None:
	"""The kind buttons, right after the first message of a conversation (inside its window: free)."""
	conf = whatsapp_config()
	mobile, opted_out = frappe.db.get_value(CONTACT, contact, ["mobile", "opted_out"]) or (None, 1)
	if not conf or opted_out:
		return
	text = render(
		conf.kind_question or _("Is your message a complaint, an inquiry or a suggestion?", lang="ar"),
		{"association": conf.association},
	)
	buttons = [(button_id, _(kind, lang="ar")) for button_id, kind in core.KIND_BUTTONS]
	result = post_whatsapp(conf, core.buttons_message(mobile, text, buttons))
	if not result.accepted:
		frappe.log_error(title="WhatsApp kind question not sent", message=result.detail)


def say_stopped(contact: str) -> None:
	"""The one reply to «إيقاف» (inside the window the person just opened)."""
	conf = whatsapp_config()
	mobile = frappe.db.get_value(CONTACT, contact, "mobile")
	if conf and mobile and (conf.stop_reply or "").strip():
		text = render(conf.stop_reply, {"association": conf.association})
		result = post_whatsapp(conf, core.text_message(mobile, text))
		if not result.accepted:
			frappe.log_error(title="WhatsApp reply to a stop not sent", message=result.detail)


def register(contact, kind: str, pressed: str = "") -> str:
	"""The waiting conversation becomes a case of `kind`, routed, deadlined and acknowledged like any
	other; its messages and files move from the contact to the case. Its description is what the
	person wrote (the button `pressed` left out), cut to what the column holds: the messages stay whole
	on the case's timeline, and the description says so when it is cut."""
	text = _conversation_text(contact, pressed) or _("(a message on WhatsApp)", lang="ar")
	case = frappe.get_doc(
		{
			"doctype": kind,
			"channel": frappe.db.get_value("Case Channel", {"code": CHANNEL_CODE}, "name"),
			"beneficiary": contact.beneficiary or file_of(contact.mobile),
			"contact_name": contact.profile_name,
			"mobile": contact.mobile,
			"subject": core.subject_of(text),
			"description": core.fit_text(
				text,
				core.TEXT_COLUMN_BYTES,
				_("(The text is cut here: the messages are whole on the case's timeline.)", lang="ar"),
			),
			"reply_by_whatsapp": 1,
			"received_on": contact.waiting_since,
		}
	)
	case.flags.ignore_permissions = True
	case.insert()
	since = contact.waiting_since
	# the conversation's messages and files, from the contact to the case
	for doctype, kind_field, name_field, since_field in (
		("Communication", "reference_doctype", "reference_name", "communication_date"),
		("File", "attached_to_doctype", "attached_to_name", "creation"),
	):
		table = frappe.qb.DocType(doctype)
		(
			frappe.qb.update(table)
			.set(table[kind_field], kind)
			.set(table[name_field], case.name)
			.where(table[kind_field] == CONTACT)
			.where(table[name_field] == contact.name)
			.where(table[since_field] >= since)
		).run()
	contact.waiting_since = None
	# Frappe keeps excerpts of a document's Communications in its `_comments`: they went with them
	contact.db_set("_comments", None, update_modified=False)
	return case.name


def _conversation_text(contact, pressed: str) -> str:
	"""What the person wrote while the conversation waited, from its messages on the contact, in order:
	each message is kept whole, whatever its length, as a Communication (Long Text)."""
	comm = frappe.qb.DocType("Communication")
	rows = (
		frappe.qb.from_(comm)
		.select(comm.content, comm.message_id)
		.where(comm.reference_doctype == CONTACT)
		.where(comm.reference_name == contact.name)
		.where(comm.sent_or_received == "Received")
		.where(comm.communication_date >= contact.waiting_since)
		.orderby(comm.communication_date)
		.orderby(comm.creation)
	).run(as_dict=True)
	return "\n".join(filter(None, (_plain(r.content) for r in rows if r.message_id != pressed))).strip()


def _plain(content: str | None) -> str:
	"""A message as the timeline holds it (escaped, <br> for a new line, a file's link) as text again."""
	text = re.sub(r"<br\s*/?>", "\n", content or "")
	return html.unescape(re.sub(r"<[^>]*>", "", text)).strip()


def register_waiting(now: dt.datetime | None = None) -> int:
	"""Scheduled, every minute: a conversation that has waited for its kind button longer than the
	settings allow becomes an inquiry. One indexed query; a batch at a time; one that fails is logged
	and the rest go on. Returns how many were registered."""
	conf = whatsapp_config()
	if not conf:
		return 0
	now = now or now_datetime()
	cutoff = add_to_date(now, minutes=-conf.wait_minutes)
	names = frappe.get_all(
		CONTACT, filters={"waiting_since": ["<=", cutoff]}, pluck="name", order_by="waiting_since", limit=500
	)
	done = 0
	for start in range(0, len(names), BATCH):
		for name in names[start : start + BATCH]:
			frappe.db.savepoint("bc_whatsapp_wait")
			try:
				contact = frappe.get_doc(CONTACT, name, for_update=True)
				# still waiting, as last committed (a button may have made the case meanwhile)
				if contact.waiting_since and core.kind_wait_over(
					contact.waiting_since, now, conf.wait_minutes
				):
					register(contact, core.DEFAULT_KIND)
					contact.save(ignore_permissions=True)
					done += 1
			except Exception as err:
				frappe.db.rollback(save_point="bc_whatsapp_wait")
				log_failure(
					f"WhatsApp conversation of contact {frappe.db.get_value(CONTACT, name, 'creation')}", err
				)
		commit_batch()
	return done


def fetch_media(communication: str, media_id: str) -> None:
	"""The job that fetches a message's file (whatsapp_media.fetch), queued under this name."""
	whatsapp_media.fetch(communication, media_id)
