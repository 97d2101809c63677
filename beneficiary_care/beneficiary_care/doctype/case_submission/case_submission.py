"""What a guest sends from the public form. The case itself is created from it server-side, with only
these values: nothing a guest sends can set a status, an assignee or any other internal field, attach
a file the guest did not upload (guest_uploads), or put the case on a beneficiary's file the guest has
not shown to be theirs (_file)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Count
from frappe.utils import add_days, cint, now_datetime

from beneficiary_care.core.cases import (
	CASE_DOCTYPES,
	DESCRIPTION_LIMIT,
	WEBSITE_CHANNEL_CODE,
	normalize_email,
)
from beneficiary_care.core.national_id import validate_national_id
from beneficiary_care.core.phone import normalize_saudi_mobile
from beneficiary_care.core.surveys import clean_text
from beneficiary_care.framework.helpers import setting
from beneficiary_care.framework.validation import core_errors, throw_for_field
from beneficiary_care.portal.uploads import attach_to, guest_attachment

ATTACHMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# what a guest typed about themselves; the case keeps it, the submission only as long as the settings say
PERSONAL_FIELDS = ("full_name", "mobile", "national_id", "email", "description")


class CaseSubmission(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach | None
		case_doctype: DF.Link | None
		case_reference: DF.DynamicLink | None
		claimed_file: DF.Link | None
		consent: DF.Check
		description: DF.Text
		email: DF.Data | None
		full_name: DF.Data
		kind: DF.Literal["Complaint", "Inquiry", "Suggestion"]
		mobile: DF.Data
		national_id: DF.Data | None
		need_category: DF.Link | None
		subject_category: DF.Link | None
		website: DF.Data | None

	# end: auto-generated types
	def validate(self) -> None:
		if self.website:  # the hidden honeypot: only bots fill it
			frappe.throw(_("Your request could not be accepted."))
		self.case_doctype = self.case_reference = self.claimed_file = None  # set by us only
		if self.kind not in CASE_DOCTYPES:
			throw_for_field(self, "kind", _("choose a complaint, an inquiry or a suggestion"))
		# a yes is the box ticked (1, "1" or true), not any text that happens to be truthy ("yes")
		if self.consent not in (1, "1"):
			throw_for_field(self, "consent", _("is needed to handle your request"))
		self.consent = 1
		with core_errors(self):
			self.mobile = normalize_saudi_mobile(self.mobile)
			self.email = normalize_email(self.email) or None
			self.national_id = validate_national_id(self.national_id) if self.national_id else None
			self.full_name = clean_text(self.full_name, "full_name")[:140]
			self.description = clean_text(self.description, "description", DESCRIPTION_LIMIT)
		if not self.description or not self.full_name:
			throw_for_field(self, "description" if not self.description else "full_name", _("is required"))
		self.validate_attachment()
		for fieldname, doctype in (
			("subject_category", "Subject Category"),
			("need_category", "Need Category"),
		):
			value = self.get(fieldname)
			if value and not frappe.db.get_value(doctype, value, "is_public"):
				self.set(fieldname, None)  # not offered on the portal

	def validate_attachment(self) -> None:
		"""A PDF or an image, at most 5 MB (the web form refuses a larger upload before this), that this
		browser uploaded for this form and has not attached yet: never the address of another file."""
		if not self.attachment:
			return
		file = guest_attachment(self.attachment)
		if not file or not self.attachment.lower().endswith(ATTACHMENT_TYPES):
			throw_for_field(self, "attachment", _("attach a PDF or an image (JPG, PNG)"))
		if (file.file_size or 0) > MAX_ATTACHMENT_BYTES:
			throw_for_field(self, "attachment", _("is larger than 5 MB"))
		self.flags.attachment_file = file.name

	def after_insert(self) -> None:
		beneficiary, claimed = self._file()
		case = frappe.get_doc(
			{
				"doctype": self.kind,
				"channel": frappe.db.get_value("Case Channel", {"code": WEBSITE_CHANNEL_CODE}, "name"),
				"beneficiary": beneficiary,
				"contact_name": self.full_name,
				"mobile": self.mobile,
				"email": self.email,
				"subject_category": self.subject_category,
				"need_category": self.need_category,
				"subject": self.description[:80],
				"description": self.description,
			}
		)
		case.flags.ignore_permissions = True
		case.insert()
		# the uploaded file goes with the case, where staff see it: the same File row, so its address
		# is used up. The form is told no address back: Frappe's web form script would link it again.
		if self.flags.attachment_file:
			attach_to(self.flags.attachment_file, self.kind, case.name)
		done = {"case_doctype": self.kind, "case_reference": case.name, "claimed_file": claimed}
		done["attachment"] = None
		if not cint(setting("guest_data_days")):  # the case keeps them; the submission needs them no more
			done.update(dict.fromkeys(PERSONAL_FIELDS))
		self.db_set(done)

	def _file(self) -> tuple[str | None, str | None]:
		"""(the beneficiary file the case goes on, a file staff must confirm first). Matched here: a
		guest form never lists beneficiaries. Typing a national ID proves nothing, so it links the case
		only to a file whose mobile is the one typed (which the guest must hold to read the case: login
		by mobile); a file it names with another mobile waits for staff (claimed_file), and nothing of
		it reaches the case meanwhile."""
		if self.national_id:
			found = frappe.db.get_value(
				"Beneficiary", {"national_id": self.national_id}, ["name", "mobile"], as_dict=True
			)
			if found:
				return (found.name, None) if found.mobile == self.mobile else (None, found.name)
		files = frappe.get_all("Beneficiary", filters={"mobile": self.mobile}, pluck="name", limit=2)
		return (files[0] if len(files) == 1 else None), None


def purge_guest_data() -> int:
	"""Daily: clear the personal data of guest submissions older than the settings allow (one UPDATE)."""
	days = cint(setting("guest_data_days"))
	cutoff = add_days(now_datetime(), -days)
	table = frappe.qb.DocType("Case Submission")
	old = (table.creation < cutoff) & table.mobile.isnotnull()
	count = frappe.qb.from_(table).select(Count(table.name)).where(old).run()[0][0]
	query = frappe.qb.update(table).where(old)
	for fieldname in PERSONAL_FIELDS:
		query = query.set(table[fieldname], None)
	query.run()
	return int(count)
