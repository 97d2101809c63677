"""What a guest sends from the public form. The case itself is created from it server-side, with only
these values: nothing a guest sends can set a status, an assignee or any other internal field."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Count
from frappe.utils import add_days, cint, now_datetime

from beneficiary_care.core.cases import CASE_DOCTYPES, WEBSITE_CHANNEL_CODE, normalize_email
from beneficiary_care.core.national_id import validate_national_id
from beneficiary_care.core.phone import normalize_saudi_mobile
from beneficiary_care.core.surveys import clean_text
from beneficiary_care.frappe_helpers import setting
from beneficiary_care.validation import core_errors, throw_for_field

ATTACHMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_DESCRIPTION = 3000
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
		self.case_doctype = self.case_reference = None  # set by us only
		if self.kind not in CASE_DOCTYPES:
			throw_for_field(self, "kind", _("choose a complaint, an inquiry or a suggestion"))
		if not self.consent:
			throw_for_field(self, "consent", _("is needed to handle your request"))
		with core_errors(self):
			self.mobile = normalize_saudi_mobile(self.mobile)
			self.email = normalize_email(self.email) or None
			self.national_id = validate_national_id(self.national_id) if self.national_id else None
			self.full_name = clean_text(self.full_name, "full_name")[:140]
			self.description = clean_text(self.description, "description")
		if len(self.description) > MAX_DESCRIPTION:
			throw_for_field(self, "description", _("is longer than {0} characters").format(MAX_DESCRIPTION))
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
		"""A PDF or an image, at most 5 MB (the web form refuses a larger upload before this)."""
		if not self.attachment:
			return
		file = frappe.db.get_value("File", {"file_url": self.attachment}, ["name", "file_size"], as_dict=True)
		if not file or not self.attachment.lower().endswith(ATTACHMENT_TYPES):
			throw_for_field(self, "attachment", _("attach a PDF or an image (JPG, PNG)"))
		if (file.file_size or 0) > MAX_ATTACHMENT_BYTES:
			throw_for_field(self, "attachment", _("is larger than 5 MB"))

	def after_insert(self) -> None:
		case = frappe.get_doc(
			{
				"doctype": self.kind,
				"channel": frappe.db.get_value("Case Channel", {"code": WEBSITE_CHANNEL_CODE}, "name"),
				"beneficiary": self._file(),
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
		done = {"case_doctype": self.kind, "case_reference": case.name}
		if not cint(setting("guest_data_days")):  # the case keeps them; the submission needs them no more
			done.update(dict.fromkeys(PERSONAL_FIELDS))
		self.db_set(done)
		if self.attachment:  # the file goes with the case too, where staff see it
			frappe.get_doc(
				{
					"doctype": "File",
					"file_url": self.attachment,
					"is_private": 1,
					"attached_to_doctype": self.kind,
					"attached_to_name": case.name,
				}
			).insert(ignore_permissions=True)

	def _file(self) -> str | None:
		"""The beneficiary file, matched here (a guest form never lists beneficiaries)."""
		if self.national_id:
			found = frappe.db.get_value("Beneficiary", {"national_id": self.national_id}, "name")
			if found:
				return found
		files = frappe.get_all("Beneficiary", filters={"mobile": self.mobile}, pluck="name", limit=2)
		return files[0] if len(files) == 1 else None


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
