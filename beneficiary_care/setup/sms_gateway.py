"""The SMS gateway's set-up: a preset chosen in Beneficiary Care Settings fills the rest (Frappe's SMS
Settings where the gateway can be expressed there, the number format, the provider's address), and a
test message, sent from the settings to a number the administrator types, shows the provider's answer
in Arabic. Presets and their answers: core.sms_gateways."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from beneficiary_care.core.phone import normalize_saudi_mobile
from beneficiary_care.core.sms_gateways import (
	EXPLANATIONS,
	OTHER,
	PRESETS,
	Account,
	Outcome,
	missing,
	valid_sender_name,
)
from beneficiary_care.framework.helpers import SETTINGS, settings
from beneficiary_care.framework.validation import core_errors, throw_for_field
from beneficiary_care.messaging import sms
from beneficiary_care.messaging.held import resend_held

# what a preset sets: a change to any of them may mend what the provider refused
GATEWAY_FIELDS = (
	"sms_provider",
	"sms_api_key",
	"sms_api_secret",
	"sms_user_name",
	"sms_sender_name",
	"sms_provider_url",
)


def validate(doc: Document) -> None:
	"""The settings' validate: a preset's account complete and its sender name as providers register
	them; the provider's documented address and number format filled in."""
	preset = PRESETS.get(doc.sms_provider or "")
	if not preset:
		return
	typed = Account(
		key=doc.sms_api_key or "",
		sender=doc.sms_sender_name or "",
		secret=doc.sms_api_secret or "",
		user_name=doc.sms_user_name or "",
	)
	for fieldname in missing(preset, typed):
		throw_for_field(doc, fieldname, _("The provider {0} needs it.").format(preset.name))
	doc.sms_sender_name = doc.sms_sender_name.strip()
	if not valid_sender_name(doc.sms_sender_name):
		throw_for_field(
			doc,
			"sms_sender_name",
			_("Use the name as the provider approved it: up to 11 Latin letters and digits."),
		)
	switched = doc.has_value_changed("sms_provider") and not doc.has_value_changed("sms_provider_url")
	if not doc.sms_provider_url or switched:
		doc.sms_provider_url = preset.url
	doc.sms_number_format = preset.number_format


def on_update(doc: Document) -> None:
	"""Frappe's SMS Settings follow a preset that it can express (Unifonic, Msegat), so that Frappe's
	own SMS features reach the same gateway; messages refused for the old settings go again."""
	preset = PRESETS.get(doc.sms_provider or "")
	changed = [field for field in GATEWAY_FIELDS if doc.has_value_changed(field)]
	if not preset or not changed:
		return
	if preset.via_sms_settings:
		values = preset.sms_settings(sms.account_of(doc), doc.sms_provider_url)
		sms_settings = frappe.get_doc("SMS Settings")
		sms_settings.update({key: value for key, value in values.items() if key != "parameters"})
		sms_settings.set("parameters", [])
		for row in values["parameters"]:
			sms_settings.append("parameters", row)
		sms_settings.save(ignore_permissions=True)  # the settings' writer may not be a System Manager
	resend_held()


@frappe.whitelist(methods=["POST"])
def send_test_sms(number: str) -> dict:
	"""A test message through the saved gateway settings to `number`; the provider's answer, in the
	user's language. Nothing is queued or retried: the administrator is waiting for the answer."""
	frappe.has_permission(SETTINGS, "write", throw=True)
	with core_errors(SETTINGS):
		mobile = normalize_saudi_mobile(number or "", "sms_test_number")
	config = settings()
	text = _("A test message from {0}: the SMS gateway works.").format(
		config.association_name or _("the association")
	)
	silent = False
	try:
		outcome = sms.send_sms(mobile, text)
	except Exception as err:  # no answer: refused, reset, timed out, no such host
		reason = getattr(err, "reason", err)
		outcome, silent = Outcome(False, f"{type(reason).__name__}: {reason}"[:300], OTHER), True
	values = {"sms_test_answer": outcome.detail}
	if outcome.accepted:
		values["sms_tested_on"] = now_datetime()
	frappe.db.set_single_value(SETTINGS, values)
	frappe.clear_document_cache(SETTINGS, SETTINGS)
	if outcome.accepted:
		resend_held()  # the provider takes the settings now
		return {
			"accepted": True,
			"message": _("The provider took the test message to {0}.").format(mobile),
			"answer": outcome.detail,
		}
	if outcome.refusal in EXPLANATIONS and outcome.refusal != OTHER:
		reason = _(EXPLANATIONS[outcome.refusal])
	elif silent:
		reason = _("The SMS provider did not answer")
	else:
		reason = _(EXPLANATIONS[OTHER])
	return {"accepted": False, "message": reason, "answer": outcome.detail, "refusal": outcome.refusal}
