"""A periodic satisfaction survey not tied to one case: a segment of beneficiary files, each sent a
single-use link. Its answers are Satisfaction Surveys taken by "Campaign" and count on their own
(case KPIs join surveys through their cases, so campaign answers never enter them)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, now_datetime

from beneficiary_care.core import tokens
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.messaging.delivery import queue
from beneficiary_care.messaging.surveys import INVITATION, survey_link


class SurveyCampaign(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		beneficiary_category: DF.Link | None
		campaign_name: DF.Data
		file_status: DF.Literal["", "Active", "Under Study", "Closed"]
		had_case_from: DF.Date | None
		had_case_to: DF.Date | None
		invited: DF.Int
		link_lifetime_days: DF.Int
		sent_on: DF.Datetime | None
		status: DF.Literal["Draft", "Sent"]

	# end: auto-generated types
	def validate(self) -> None:
		if self.had_case_from and self.had_case_to and self.had_case_to < self.had_case_from:
			frappe.throw(_("Had a Case To is before Had a Case From"))
		if cint(self.link_lifetime_days) < 1:
			frappe.throw(_("Links Valid For (days) must be at least 1"))

	def segment(self) -> list[frappe._dict]:
		"""The beneficiary files to ask: one query (with a case check per kind when asked for)."""
		B = frappe.qb.DocType("Beneficiary")
		query = (
			frappe.qb.from_(B)
			.select(B.name, B.mobile, B.email)
			.where(B.mobile.isnotnull() | B.email.isnotnull())
		)
		if self.beneficiary_category:
			query = query.where(B.beneficiary_category == self.beneficiary_category)
		if self.file_status:
			query = query.where(B.file_status == self.file_status)
		if self.had_case_from or self.had_case_to:
			had_case = None
			for doctype in CASE_DOCTYPES:
				C = frappe.qb.DocType(doctype)
				cases = frappe.qb.from_(C).select(C.beneficiary).where(C.beneficiary.isnotnull())
				if self.had_case_from:
					cases = cases.where(C.received_on >= self.had_case_from)
				if self.had_case_to:
					cases = cases.where(C.received_on < add_days(self.had_case_to, 1))
				condition = B.name.isin(cases)
				had_case = condition if had_case is None else had_case | condition
			query = query.where(had_case)
		return query.run(as_dict=True)

	@frappe.whitelist()
	def send_links(self) -> int:
		"""Send every beneficiary of the segment a single-use survey link (once per campaign)."""
		self.check_permission("write")
		if self.status == "Sent":
			frappe.throw(_("This campaign was already sent."))
		expires = add_days(now_datetime(), cint(self.link_lifetime_days) or 14)
		invited = 0
		for file in self.segment():
			token, digest = tokens.new_token()
			frappe.get_doc(
				{
					"doctype": INVITATION,
					"campaign": self.name,
					"beneficiary": file.name,
					"token_hash": digest,
					"expires_on": expires,
				}
			).insert(ignore_permissions=True)
			queue(
				self.doctype,
				self.name,
				"Campaign Survey",
				file.mobile,
				file.email,
				{"link": survey_link(token), "campaign": self.name},
			)
			invited += 1
		self.db_set({"status": "Sent", "sent_on": now_datetime(), "invited": invited})
		return invited
