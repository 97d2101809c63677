import frappe
from frappe.model.document import Document


class CareLoginCode(Document):
	"""A one-time code for logging in by mobile (beneficiary_care.portal.mobile_login); written and checked
	only by that module, read-only for System Managers."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		code_hash: DF.Data
		expires_on: DF.Datetime
		mobile: DF.Data
		sent_ip: DF.Data | None
		tries: DF.Int
		used_on: DF.Datetime | None
	# end: auto-generated types
	pass


def on_doctype_update():
	# The newest code of a mobile, and its codes of the last hour (mobile_login).
	frappe.db.add_index("Care Login Code", ["mobile", "creation"])
