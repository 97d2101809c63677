"""What a guest may attach: only a file that the same browser uploaded, for this submission, within
the last hour, and never the address of a file that is already there.

Frappe lets a guest (System Settings, allow_guests_to_upload_files) post bytes to `upload_file`, and
also a `file_url` alone, which makes a File row pointing at a file already on the site; Frappe then
serves that private file to anyone who may read any File row with its address (find_file_by_url).
Frappe has no notion of "this guest" (every guest is the user Guest), so the app keeps one: the first
upload of a browser sets a random cookie, and the names of the Files that browser uploaded are kept
in the cache under it for UPLOAD_LIFETIME. The case form's attachment must be one of them, not yet
attached to anything (guest_attachment); the case then takes that File row itself, so it is used once.
Hooked on File (hooks.py, doc_events): a guest's File row without bytes of its own is refused
(refuse_guest_links), and one with bytes is remembered (remember_guest_upload).
"""

from __future__ import annotations

import hashlib
import secrets

import frappe
from frappe import _
from frappe.model.document import Document

COOKIE = "bc_uploads"
UPLOAD_LIFETIME = 60 * 60  # seconds: a form is filled in well within an hour
MAX_REMEMBERED = 20  # uploads a browser may have waiting at once


def _key(token: str) -> str:
	return "bc:guest-uploads:" + hashlib.sha256(token.encode()).hexdigest()


def _token() -> str | None:
	"""This browser's upload token: its cookie, or (tests, jobs) one set on frappe.local."""
	request = getattr(frappe.local, "request", None)
	token = request.cookies.get(COOKIE) if request is not None else None
	return token or getattr(frappe.local, "bc_upload_token", None)


def uploaded_here() -> list[str]:
	"""The names of the Files this browser uploaded in the last hour."""
	token = _token()
	return (frappe.cache.get_value(_key(token)) or []) if token else []


def _is_guest() -> bool:
	return frappe.session.user == "Guest"


def refuse_guest_links(doc: Document, method: str | None = None) -> None:
	"""File before_insert: a guest's File row must carry the bytes uploaded in this request. A bare
	`file_url` (a link to a file already on the site) is refused; so is anything but upload_file's
	own upload. The app's own rows (flags.bc_guest_attachment) are made by the case form below."""
	if not _is_guest() or doc.flags.bc_guest_attachment or doc.is_folder:
		return
	if getattr(frappe.local, "uploaded_file", None) is None:
		frappe.throw(_("Attachment: upload the file itself."), frappe.PermissionError)


def remember_guest_upload(doc: Document, method: str | None = None) -> None:
	"""File after_insert: a guest's upload is remembered under its browser's cookie for an hour."""
	if not _is_guest() or doc.flags.bc_guest_attachment or doc.is_folder:
		return
	token = _token()
	if not token:
		token = secrets.token_urlsafe(24)
		frappe.local.bc_upload_token = token
		manager = getattr(frappe.local, "cookie_manager", None)
		if manager is not None:
			manager.set_cookie(COOKIE, token, max_age=UPLOAD_LIFETIME, httponly=True, samesite="Strict")
	names = [*uploaded_here(), doc.name][-MAX_REMEMBERED:]
	frappe.cache.set_value(_key(token), names, expires_in_sec=UPLOAD_LIFETIME)


def guest_attachment(url: str) -> frappe._dict | None:
	"""The File this browser uploaded at `url` and has not attached yet, or None."""
	names = uploaded_here()
	if not names or not url:
		return None
	return frappe.db.get_value(
		"File",
		{
			"name": ("in", names),
			"file_url": url,
			"owner": "Guest",
			"attached_to_name": ("is", "not set"),
		},
		["name", "file_size", "file_url"],
		as_dict=True,
	)


def attach_to(file_name: str, doctype: str, name: str) -> None:
	"""The guest's File goes with the case (the same row: its address is then used up) and is
	forgotten by the browser's list, so a second form cannot take it again."""
	frappe.db.set_value(
		"File",
		file_name,
		{"attached_to_doctype": doctype, "attached_to_name": name},
		update_modified=False,
	)
	token = _token()
	if token:
		names = [n for n in uploaded_here() if n != file_name]
		frappe.cache.set_value(_key(token), names, expires_in_sec=UPLOAD_LIFETIME)


def remove_guest_links() -> list[frappe._dict]:
	"""File rows a guest made for an address whose first File row is not a guest's (the file of a
	staff member's or the board's document): deleted as rows only, so the file stays on disk for the
	rows that are really its own. Returns what was removed."""
	file, first = frappe.qb.DocType("File"), frappe.qb.DocType("File").as_("first")
	rows = (
		frappe.qb.from_(file)
		.join(first)
		.on((first.file_url == file.file_url) & (first.creation < file.creation))
		.select(file.name, file.file_url, file.attached_to_doctype, file.attached_to_name)
		.distinct()
		.where((file.owner == "Guest") & (first.owner != "Guest") & (file.is_folder == 0))
		.run(as_dict=True)
	)
	if rows:
		frappe.db.delete("File", {"name": ("in", [row.name for row in rows])})
	return rows
