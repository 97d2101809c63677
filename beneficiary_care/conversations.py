"""WhatsApp conversations into cases, and what they need after the webhook has answered: the kind
question, the reply to «إيقاف», the person's files fetched and attached, the conversations that
waited too long for their kind button (a job every minute). The webhook itself is whatsapp.py."""

from __future__ import annotations

import datetime as dt
import html
import json
import traceback

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, now_datetime

from beneficiary_care.channels import WHATSAPP_CONTACT as CONTACT
from beneficiary_care.channels import graph, post_whatsapp, whatsapp_config
from beneficiary_care.core import whatsapp as core
from beneficiary_care.frappe_helpers import commit_batch
from beneficiary_care.message_texts import render

CHANNEL_CODE = "whatsapp"
BATCH = 50


def log_failure(title: str, err: BaseException) -> None:
	"""An Error Log without the person's words or number: the exception's type and where it was
	raised, not its message (which can quote either)."""
	frames = "".join(traceback.format_tb(err.__traceback__))
	frappe.log_error(title=f"{title} could not be processed"[:140], message=f"{type(err).__name__}\n{frames}")


def file_of(mobile: str) -> str | None:
	files = frappe.get_all("Beneficiary", filters={"mobile": mobile}, pluck="name", limit=2)
	return files[0] if len(files) == 1 else None


def after_commit(method: str, **kwargs) -> None:
	"""A short job once this request commits (at once under tests, inside their transaction). Inside
	the webhook (whatsapp.receive) it waits until its message went in: a message rolled back alone
	takes its jobs with it. Arguments are names and ids only: a job's arguments are in the worker's
	log, and no mobile or text may be."""
	job = {
		"method": f"beneficiary_care.conversations.{method}",
		"queue": "short",
		"enqueue_after_commit": True,
		"now": bool(frappe.flags.in_test),
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


def register(contact, kind: str) -> str:
	"""The waiting conversation becomes a case of `kind`, routed, deadlined and acknowledged like any
	other; its messages and files move from the contact to the case."""
	text = (contact.waiting_text or "").strip() or _("(a message on WhatsApp)", lang="ar")
	case = frappe.get_doc(
		{
			"doctype": kind,
			"channel": frappe.db.get_value("Case Channel", {"code": CHANNEL_CODE}, "name"),
			"beneficiary": contact.beneficiary or file_of(contact.mobile),
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
	contact.waiting_since, contact.waiting_text = None, None
	# Frappe keeps excerpts of a document's Communications in its `_comments`: they went with them
	contact.db_set("_comments", None, update_modified=False)
	return case.name


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
	"""A person's image, file or voice note, fetched through the API and attached (private) to the case
	or contact the message is on now, within the portal's limits (core.media_refusal). Its name is
	ours, with the extension of the type Meta gives (the sender's name is in the message's text): a
	file named .html but sent as a PDF is stored and served as a PDF."""
	if not frappe.db.exists("Communication", communication):
		return  # its message did not go in
	conf = whatsapp_config()
	note = None
	try:
		status, body, _type = graph(conf, media_id)
		info = json.loads(body) if status == 200 else {}
		mime = (info.get("mime_type") or "").split(";")[0].strip().lower()
		size = cint(info["file_size"]) if info.get("file_size") else None
		content = None
		if not info:
			note = _("The file could not be fetched from WhatsApp", lang="ar")
		elif refusal := core.media_refusal(mime, size):
			note = _(refusal, lang="ar")
		else:
			status, content, _type = graph(conf, info["url"])
			if status != 200:
				note = _("The file could not be fetched from WhatsApp", lang="ar")
			elif refusal := core.media_refusal(mime, len(content)):
				note = _(refusal, lang="ar")
		if not note:
			# where the message is now: a conversation may have become a case while this downloaded
			doctype, name = frappe.db.get_value(
				"Communication", communication, ["reference_doctype", "reference_name"], for_update=True
			)
			file = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"whatsapp-{frappe.scrub(media_id)[:16]}{core.MEDIA_TYPES[mime]}",
					"content": content,
					"is_private": 1,
					"attached_to_doctype": doctype,
					"attached_to_name": name,
				}
			).insert(ignore_permissions=True)
			note_html = f'<a href="{html.escape(file.file_url)}">{html.escape(file.file_name)}</a>'
	except Exception as err:
		log_failure(f"WhatsApp file of {communication}", err)
		note = _("The file could not be fetched from WhatsApp", lang="ar")
	if note:
		note_html = f"[{html.escape(note)}]"
	content_now = frappe.db.get_value("Communication", communication, "content") or ""
	frappe.db.set_value("Communication", communication, "content", f"{content_now}<br>{note_html}")
	commit_batch()
