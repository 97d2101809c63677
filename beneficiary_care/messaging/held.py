"""SMS held for the gateway's settings: what the provider refused for the account's key or the sender
name (core.sms_gateways.HELD_FOR_SETTINGS) goes again once an administrator has corrected them."""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Count
from frappe.utils import add_to_date, now_datetime

from beneficiary_care.core.sms_gateways import HELD_FOR_SETTINGS
from beneficiary_care.messaging.delivery import ONE_ATTEMPT, wake_delivery

HELD_DAYS = 7  # older messages held for the settings are not worth sending any more


def resend_held(now=None) -> int:
	"""SMS the gateway refused for its settings (a wrong key, a sender name not approved: the same
	request would fail again) go again once an administrator has corrected them: queued afresh, their
	tries counted from nought. Login codes are worth nothing late and stay as they are. One query."""
	now = now or now_datetime()
	CM = frappe.qb.DocType("Case Message")
	held = (
		(CM.medium == "SMS")
		& (CM.status == "Given Up")
		& CM.refusal.isin(list(HELD_FOR_SETTINGS))
		& CM.purpose.notin(list(ONE_ATTEMPT))
		& (CM.creation >= add_to_date(now, days=-HELD_DAYS))
	)
	count = frappe.qb.from_(CM).select(Count(CM.name)).where(held).run()[0][0]
	if count:
		(
			frappe.qb.update(CM)
			.set(CM.status, "Queued")
			.set(CM.attempts, 0)
			.set(CM.next_attempt_on, now)
			.set(CM.refusal, None)
			.where(held)
			.run()
		)
		frappe.db.after_commit.add(wake_delivery)
	return count
