"""A person's WhatsApp file, fetched through the Graph API after their message went in, and attached
(private) to the case or contact the message is on; and the Error Log the WhatsApp jobs write.

The message's words are in before this runs (conversations.take_message commits them), so nothing a
file does can lose them. A file that cannot be fetched, is over the portal's limits, or that Frappe
refuses to store (from Frappe 15.10x every PDF is opened with pypdf when its File is inserted, and one
it cannot read, or that carries JavaScript, is refused) is named on the message's timeline instead, and
the person is told once, in Arabic, that the file could not be taken (_tell_refused).
"""

from __future__ import annotations

import html
import json
import traceback

import frappe
from frappe import _
from frappe.utils import cint

from beneficiary_care.core import whatsapp as core
from beneficiary_care.framework.helpers import commit_batch
from beneficiary_care.messaging.whatsapp import graph, post_whatsapp, whatsapp_config


def _not_fetched() -> str:
	return _("The file could not be fetched from WhatsApp", lang="ar")


def log_failure(title: str, err: BaseException | None, detail: str = "") -> None:
	"""An Error Log without the person's words or number: the exception's type and where it was
	raised, not its message (which can quote either); `detail` holds names and ids only."""
	frames = f"{type(err).__name__}\n{''.join(traceback.format_tb(err.__traceback__))}" if err else ""
	message = "\n\n".join(filter(None, [detail, frames]))
	frappe.log_error(title=f"{title} could not be processed"[:140], message=message)


def fetch(communication: str, media_id: str) -> None:
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
			note = _not_fetched()
		elif refusal := core.media_refusal(mime, size):
			note = _(refusal, lang="ar")
		else:
			status, content, _type = graph(conf, info["url"])
			if status != 200:
				note = _not_fetched()
			elif refusal := core.media_refusal(mime, len(content)):
				note = _(refusal, lang="ar")
	except Exception as err:
		log_failure(f"WhatsApp file of {communication}", err)
		note = _not_fetched()
	if not note:
		note_html = _store(communication, media_id, mime, content, conf)
	else:
		note_html = f"[{html.escape(note)}]"
	content_now = frappe.db.get_value("Communication", communication, "content") or ""
	frappe.db.set_value("Communication", communication, "content", f"{content_now}<br>{note_html}")
	commit_batch()


def _store(communication: str, media_id: str, mime: str, content: bytes, conf: frappe._dict) -> str:
	"""The file on the case or contact the message is on now, as a link for the timeline; or, where
	Frappe refuses the bytes, the refusal named there and the person told."""
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
	)
	# the app's own row, of bytes it fetched: not a guest's upload, which guest_uploads refuses from the
	# job's user (Guest, as the webhook's request was)
	file.flags.bc_guest_attachment = True
	frappe.db.savepoint("bc_whatsapp_file")
	try:
		file.insert(ignore_permissions=True)
	except Exception:  # Frappe's own check of the bytes (pypdf on 15.10x+): a refusal, not our fault
		frappe.db.rollback(save_point="bc_whatsapp_file")
		frappe.clear_last_message()
		_tell_refused(communication, conf)
		note = _("The file could not be taken: it could not be opened as a PDF or an image", lang="ar")
		return f"[{html.escape(note)}]"
	return f'<a href="{html.escape(file.file_url)}">{html.escape(file.file_name)}</a>'


def _tell_refused(communication: str, conf: frappe._dict) -> None:
	"""One WhatsApp text to the person: their file could not be taken (inside the window they just
	opened by writing). A failure to send is logged; the message and its note stay."""
	mobile = frappe.db.get_value("Communication", communication, "phone_no")
	if not (conf and mobile):
		return
	text = _(
		"We could not take the file you sent: it could not be opened. Please send it again as a PDF or a photo. Your message itself reached us.",
		lang="ar",
	)
	result = post_whatsapp(conf, core.text_message(mobile, text))
	if not result.accepted:
		frappe.log_error(title="WhatsApp reply to a refused file not sent", message=result.detail)
