"""What Complaint, Inquiry and Suggestion share: one controller base for the three case DocTypes.

Rules live in beneficiary_care.core; this class only moves values between the document and the core.
validate() checks and derives; side effects (messages to the submitter) happen in after_insert and
on_update, after the case itself is safe.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from beneficiary_care.cases import history
from beneficiary_care.core.cases import EMAIL_CHANNEL_CODE, check_received_on, normalize_contact
from beneficiary_care.core.holidays import hijri_label
from beneficiary_care.core.lifecycle import (
	ANSWERED,
	CANCELLED,
	TRANSITIONS,
	check_reachable,
	check_requirements,
	check_transition,
	outcome_message,
)
from beneficiary_care.core.routing import department_move_counts
from beneficiary_care.framework.validation import core_errors, throw_for_field
from beneficiary_care.messaging.delivery import queue_for_case
from beneficiary_care.messaging.surveys import invite_to_survey
from beneficiary_care.reporting.figures_rollup import on_case_moved
from beneficiary_care.service_levels.deadlines import apply_on_save, deadline_periods, ladder


class CaseDocument(Document):
	def insert(self, *args, **kwargs) -> Document:
		# Frappe's Data Import (Insert) inserts every row and matches nothing it holds already; an Update
		# import matches only by the app's own reference. The association's sheets carry their old
		# system's numbers: a row whose number was imported before updates that case (cases/history.py).
		existing = history.imported_before(self)
		if existing:
			return history.update_from_row(self, existing)
		return super().insert(*args, **kwargs)

	def autoname(self) -> None:
		# a case from history is numbered in the series of the year it was received; others fall through
		# to the naming series of today (Frappe's set_new_name)
		if history.is_from_history(self):
			history.name_in_year_series(self)

	def validate(self) -> None:
		history.read_import_columns(self)
		if history.is_from_history(self):
			history.prepare(self, now_datetime().replace(microsecond=0))
		self.validate_received_on()
		self.default_channel()
		self.validate_channel()
		self.fill_contact_from_beneficiary()
		self.validate_contact()
		self.match_beneficiary()
		self.apply_default_department()
		self.count_department_move()
		self.apply_duplicate_of()
		self.validate_reasons()
		self.validate_lifecycle()
		self.apply_service_level()
		# the reports' daily figures recount this case's day (figures.py)
		self.figures_changed_on = now_datetime()

	def onload(self) -> None:
		# The form offers the lifecycle's next steps as buttons (beneficiary_care.bundle.js).
		self.set_onload(
			"lifecycle",
			{
				"next": list(TRANSITIONS[self.doctype].get(self.status, ())),
				"answering": list(ANSWERED[self.doctype]),
			},
		)
		# deadlines are read with their Hijri date beside them
		self.set_onload(
			"hijri",
			{
				f: hijri_label(get_datetime(self.get(f)).date())
				for f in ("response_due", "resolution_due")
				if self.get(f)
			},
		)
		# and, when one falls in a special period of the calendar (Ramadan hours), its label
		self.set_onload("periods", deadline_periods(self))
		# the escalation ladder: the steps applied, and when the others fall due, with their Hijri date
		self.set_onload(
			"ladder",
			[
				{**rung, "hijri": hijri_label(rung["at"].date()) if rung["at"] else None}
				for rung in ladder(self)
			],
		)

	def after_insert(self) -> None:
		if not history.is_from_history(self):  # a case from history is acknowledged by no one
			queue_for_case(self, "Acknowledgement")

	def on_update(self) -> None:
		on_case_moved(self)
		transition = self.flags.get("transition")
		purpose = transition and outcome_message(transition, bool(self.flags.get("answered_at_registration")))
		if purpose:
			queue_for_case(self, purpose)
			invite_to_survey(self)

	# ------------------------------------------------------------------ intake

	def validate_received_on(self) -> None:
		now = now_datetime()
		if not self.received_on:
			self.received_on = now
		with core_errors(self):
			check_received_on(get_datetime(self.received_on), now)

	def default_channel(self) -> None:
		"""Mail appended by an Email Account (Frappe's append_to) arrives without a channel."""
		if not self.channel and self.flags.ignore_mandatory and self.email:
			self.channel = frappe.db.get_value("Case Channel", {"code": EMAIL_CHANNEL_CODE}, "name")

	def validate_channel(self) -> None:
		if self.channel and not frappe.get_cached_value("Case Channel", self.channel, "enabled"):
			throw_for_field(self, "channel", _("{0} is disabled").format(self.channel))

	def fill_contact_from_beneficiary(self) -> None:
		if not self.beneficiary:
			return
		file = frappe.db.get_value(
			"Beneficiary", self.beneficiary, ["full_name", "mobile", "email"], as_dict=True
		)
		if not file:
			return
		self.contact_name = self.contact_name or file.full_name
		self.mobile = self.mobile or file.mobile
		self.email = self.email or file.email

	def validate_contact(self) -> None:
		with core_errors(self):
			self.mobile, self.email = normalize_contact(self.mobile, self.email)

	def match_beneficiary(self) -> None:
		"""Link the beneficiary file that this mobile (or email) belongs to, when exactly one does."""
		if self.beneficiary or not (self.mobile or self.email):
			return
		for fieldname in ("mobile", "email"):
			value = self.get(fieldname)
			if value:
				files = frappe.get_all("Beneficiary", filters={fieldname: value}, pluck="name", limit=2)
				if len(files) == 1:
					self.beneficiary = files[0]
					self.beneficiary_name = frappe.db.get_value("Beneficiary", files[0], "full_name")
					return

	# ------------------------------------------------------------------ routing

	def apply_default_department(self) -> None:
		if not self.department and self.subject_category:
			self.department = frappe.db.get_value(
				"Subject Category", self.subject_category, "default_department"
			)

	def count_department_move(self) -> None:
		if self.is_new():
			return
		old = self.get_doc_before_save()
		if old and department_move_counts(old.department, self.department):
			self.reassignment_count = (self.reassignment_count or 0) + 1
			# the assignment that follows in this save is the same move: not counted twice
			frappe.flags.setdefault("bc_department_moves", set()).add((self.doctype, self.name))

	# ------------------------------------------------------------------ lifecycle

	def apply_duplicate_of(self) -> None:
		if not self.duplicate_of:
			return
		if self.duplicate_of == self.name:
			throw_for_field(self, "duplicate_of", _("a case cannot duplicate itself"))
		self.status = CANCELLED
		self.cancellation_reason = self.cancellation_reason or _("Duplicate of {0}").format(self.duplicate_of)

	def validate_reasons(self) -> None:
		if self.status == CANCELLED and not (self.cancellation_reason or "").strip():
			throw_for_field(self, "cancellation_reason", _("is required to cancel a case"))

	def apply_service_level(self) -> None:
		apply_on_save(self, self.flags.old_status)

	def validate_lifecycle(self) -> None:
		old = None if self.is_new() else self.get_db_value("status")
		if history.is_from_history(self):
			# where its history ended, with the dates of its steps from the sheet: no step is taken now,
			# nothing is stamped, nothing is sent
			history.check_outcome(self)
			self.flags.old_status, self.flags.transition = self.status, None
			return
		self.flags.old_status = old
		fcr = bool(self.first_contact_resolution)
		with core_errors(self):
			transition = check_transition(self.doctype, old, self.status, first_contact_resolution=fcr)
			if old is None:
				check_reachable(
					has_contact=bool(self.mobile or self.email),
					first_contact_resolution=fcr,
					is_anonymous=bool(self.get("is_anonymous")),
				)
			check_requirements(
				transition,
				answer=self.resolution,
				rejection_reason=self.get("rejection_reason"),
				has_contact=bool(self.mobile or self.email),
				first_contact_resolution=fcr,
			)
		self.flags.transition = transition
		now = now_datetime()
		if transition.is_reopening:
			self.reopen_count = (self.reopen_count or 0) + 1
			self.resolved_on = self.closed_on = None
		if self.status == "Closed" and old != "Closed":
			self.closed_on = now
		if transition.answers:
			self.resolved_on = now
			self.first_responded_on = self.first_responded_on or now
			if old is None:
				self.flags.answered_at_registration = True
