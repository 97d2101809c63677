"""Messages to the submitter of a case — acknowledgement, answer, decision — by SMS and email.

Why not Frappe's Notification SMS channel: it calls the gateway synchronously inside the save, counts
any HTTP 200 as sent (many Saudi gateways answer 200 with an error in the body), logs only successes
and never retries. Here every message is a Case Message written in the case's own transaction,
delivered after commit in the background, judged by the gateway's answer (beneficiary_care.core.sms),
retried with back-off by a scheduled job, and noted on the case's timeline. A gateway or mail server
that fails never blocks, rolls back or loses a case. The gateway itself is Frappe's SMS Settings; mail
goes through Frappe's Communication and email queue. Templates are in Beneficiary Care Settings.
"""

from __future__ import annotations

import http.client
import json
import urllib.error

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_to_date, now_datetime

from beneficiary_care.core import login_codes
from beneficiary_care.core.sms import MAX_ATTEMPTS, next_retry
from beneficiary_care.core.sms_gateways import REFUSALS
from beneficiary_care.framework.helpers import commit_batch, settings
from beneficiary_care.framework.versions import in_test
from beneficiary_care.messaging.mail import send_email
from beneficiary_care.messaging.sms import send_sms
from beneficiary_care.messaging.texts import (
	ANSWER_LIMIT,
	LONG_OUTCOMES,
	TEMPLATES,
	plain,
	render,
	short_if_long,
	subject_template,
	track_link,
)
from beneficiary_care.messaging.timeline import note_on_timeline, whatsapp_on_timeline
from beneficiary_care.messaging.whatsapp import send_whatsapp, whatsapp_wanted

# Messages worth nothing late, whose text holds a secret (a login code, core.login_codes): purpose →
# minutes they are worth sending. One attempt, never retried (a beneficiary asks for a new code); their
# text is masked right after it, sent or not, or when found too old; not noted on any timeline. Until
# then the Case Message necessarily holds the code in clear: that is what the worker sends.
ONE_ATTEMPT = {"Login Code": login_codes.VALID_MINUTES}


# The worker sends right after commit; the sweep only picks up what that did not deliver.
GRACE_MINUTES = 2
# the flag "a delivery job is queued and has not started" (wake_delivery); it outlives no lost job long
WAKE_KEY = "bc-delivery-queued"
WAKE_TTL = 600
SWEEP_LIMIT = 500
BATCH = 50


def queue_for_case(case: Document, purpose: str, **extra_context) -> list[str]:
	"""Write the messages `purpose` calls for and deliver them after commit. Returns their names."""
	config = settings()
	context = {
		"doc": case,
		"kind": _(case.doctype, lang="ar"),
		"association": config.association_name or _("the association", lang="ar"),
		"answer": plain(case.resolution, ANSWER_LIMIT),
		"reason": plain(case.get("rejection_reason"), ANSWER_LIMIT),
		"track_link": track_link(case.name),
		**extra_context,
	}
	subject = subject_template(purpose).format(kind=context["kind"], name=case.name)
	return queue(
		case.doctype, case.name, purpose, case.mobile, case.email, context, subject, whatsapp_wanted(case)
	)


def queue(
	reference_doctype: str,
	reference_name: str,
	purpose: str,
	mobile: str | None,
	email: str | None,
	context: dict,
	subject: str | None = None,
	whatsapp: bool = False,
) -> list[str]:
	"""Messages of `purpose` to a mobile and an email, from the templates in the settings. With
	`whatsapp`, the mobile's message goes by WhatsApp instead of SMS: the SMS template's text, whole
	(inside the 24-hour window), with the template's parameters kept for outside it (core.whatsapp)."""
	config = settings()
	sms_field, email_field = TEMPLATES[purpose]
	context.setdefault("association", config.association_name or _("the association", lang="ar"))
	names = []
	for medium, recipient, template in (
		("WhatsApp" if whatsapp else "SMS", mobile, config.get(sms_field)),
		("Email", email, config.get(email_field) if email_field else None),
	):
		if not recipient or not (template or "").strip():
			continue
		text = render(template, context).strip()
		if medium == "SMS" and purpose in LONG_OUTCOMES:
			text = short_if_long(text, config, context)
		values = {
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"purpose": purpose,
			"medium": medium,
			"recipient": recipient,
			"subject": subject if medium == "Email" else None,
			"message": text,
		}
		if medium == "WhatsApp":  # {{1}} the kind, {{2}} the reference, {{3}} the link
			link = context.get("link") or context.get("track_link") or ""
			values["template_parameters"] = json.dumps(
				[context.get("kind") or "", reference_name, link], ensure_ascii=False
			)
		names.append(_write(values))
	_deliver_after_commit(names)
	return names


def _write(values: dict) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Case Message",
				"status": "Queued",
				"next_attempt_on": add_to_date(now_datetime(), minutes=GRACE_MINUTES),
				**values,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def _deliver_after_commit(names: list[str]) -> None:
	if names:
		if in_test():  # at once, inside the test's own transaction
			frappe.enqueue(
				"beneficiary_care.messaging.delivery.deliver", queue="short", now=True, names=names
			)
		else:
			frappe.db.after_commit.add(wake_delivery)


def queue_whatsapp_reply(case: Document, text: str) -> list[str]:
	"""A staff reply from the case's form, by WhatsApp (whatsapp.reply checked the window)."""
	names = [
		_write(
			{
				"reference_doctype": case.doctype,
				"reference_name": case.name,
				"purpose": "Reply",
				"medium": "WhatsApp",
				"recipient": case.mobile,
				"message": text,
			}
		)
	]
	_deliver_after_commit(names)
	return names


def queue_fallback_sms(message: Document) -> str | None:
	"""A WhatsApp message that cannot reach the person goes once by SMS: the same text (an answer or a
	decision too long for an SMS as the short one with the tracking link). None without a mobile."""
	if not message.recipient or frappe.db.exists("Case Message", {"fallback_for": message.name}):
		return None
	text = message.message
	if message.purpose in LONG_OUTCOMES:
		kind = (json.loads(message.template_parameters or "[]") or [""])[0]
		context = {
			"doc": frappe._dict(name=message.reference_name),
			"kind": kind,
			"association": settings().association_name or _("the association", lang="ar"),
			"track_link": track_link(message.reference_name),
		}
		text = short_if_long(text, settings(), context)
	name = _write(
		{
			"reference_doctype": message.reference_doctype,
			"reference_name": message.reference_name,
			"purpose": message.purpose,
			"medium": "SMS",
			"recipient": message.recipient,
			"message": text,
			"fallback_for": message.name,
		}
	)
	_deliver_after_commit([name])
	return name


def wake_delivery() -> None:
	"""After the commit of new messages: one delivery job for all that are waiting, not one a case.

	A job costs a worker a fresh process (Frappe's worker forks one for each); under a busy hour, one
	per registration fell minutes behind. A job that is queued and has not started yet will see these
	messages too, so no second one is queued then. Written here because Frappe's own
	enqueue(deduplicate=True) also skips while that job is running, past the point where it looked:
	a message committed then would wait for the 5-minute retry run."""
	if frappe.cache.set(frappe.cache.make_key(WAKE_KEY), 1, nx=True, ex=WAKE_TTL):
		frappe.enqueue("beneficiary_care.messaging.delivery.deliver_waiting", queue="short")


def deliver_waiting() -> None:
	"""The delivery job: every message not tried yet, in the order they were made, a batch at a time,
	until none is left. Older ones, and those the gateway turned away, are the retry run's."""
	# first: a message committed from here on queues the next job
	frappe.cache.delete(frappe.cache.make_key(WAKE_KEY))
	CM = frappe.qb.DocType("Case Message")
	since = add_to_date(now_datetime(), hours=-1)
	after, last = since, ""
	while True:
		rows = (
			frappe.qb.from_(CM)
			.select(CM.name, CM.next_attempt_on)
			.where(CM.status == "Queued")
			.where(CM.attempts == 0)
			.where((CM.next_attempt_on > after) | ((CM.next_attempt_on == after) & (CM.name > last)))
			.orderby(CM.next_attempt_on)
			.orderby(CM.name)
			.limit(BATCH)
			.run(as_dict=True)
		)
		if not rows:
			return
		deliver([row.name for row in rows])
		after, last = rows[-1].next_attempt_on, rows[-1].name


def deliver(names: list[str]) -> None:
	"""Try each message once; record the outcome. One failing message never stops the others. Once the
	SMS gateway has not answered (refused or timed out), the batch's other SMS wait for the next run
	untried: a run holds its worker at most one gateway timeout, however long the batch."""
	gateway = {"silent": False}  # set as soon as a try finds it silent, whatever fails after that
	for name in names:
		try:
			_deliver_one(name, gateway)
		except Exception:  # what was written stays: a message the gateway took must stay Sent
			frappe.log_error(title=f"Case Message {name} could not be processed")
		# A commit a message, unlike the batches of the other scheduled jobs: once a message has left
		# for the gateway or the mail queue, its outcome must outlive this worker. A worker killed after
		# a batch's tenth SMS would otherwise send all ten again. It also holds each message's row lock
		# only while that one message is tried.
		commit_batch()


def _deliver_one(name: str, gateway: dict) -> None:
	"""Try one message, unless it is an SMS and the gateway was found silent in this run."""
	if not frappe.db.get_value("Case Message", name, "name", for_update=True, skip_locked=True):
		return  # gone, or another worker is trying it this moment (the after-commit job, a retry run)
	# a locking read again (no wait: this transaction holds the row): the row as last committed, not as
	# this transaction's snapshot has it, which can predate another worker's delivery of it
	message = frappe.get_doc("Case Message", name, for_update=True)
	if message.status not in ("Queued", "Failed"):
		return  # sent already (another worker, or the sweep)
	if gateway["silent"] and message.medium == "SMS":
		return  # left as it is, still due: the next run tries it
	if _too_late(message):
		message.db_set(
			{
				"status": "Given Up",
				"next_attempt_on": None,
				"message": login_codes.redact_codes(message.message),
			}
		)
		return
	communication, whatsapp, fall_back, outcome = None, None, False, None
	try:
		if message.medium == "SMS":
			outcome = send_sms(message.recipient, message.message)
			accepted, detail = outcome.accepted, outcome.detail
		elif message.medium == "WhatsApp":
			whatsapp, fall_back = send_whatsapp(message)
			accepted, detail = whatsapp.accepted, whatsapp.detail
		else:
			communication = send_email(message)
			accepted, detail = True, _("queued in the email queue")
	except Exception as err:  # gateway down, timeout, no mail account, ...
		if isinstance(err, urllib.error.URLError) and isinstance(err.reason, Exception):
			err = err.reason  # what happened, not urllib's wrapper: ConnectionRefusedError, TimeoutError
		accepted, detail = False, f"{type(err).__name__}: {err}"[:500]
		if message.medium == "SMS" and isinstance(err, OSError | http.client.HTTPException):
			# refused, reset, timed out, or an answer that is not HTTP: the gateway said nothing
			gateway["silent"] = True
	now = now_datetime()
	attempts = (message.attempts or 0) + 1
	values = {"attempts": attempts, "gateway_response": detail}
	if communication:
		values["communication"] = communication
	if accepted:
		values.update(status="Sent", sent_on=now, next_attempt_on=None, last_error=None, refusal=None)
		if whatsapp:
			values.update(provider_message_id=whatsapp.wamid, delivery_status="Sent")
	else:
		# a refusal the same request meets again (a wrong key, an unapproved sender, a number that
		# cannot receive) is not retried: core.sms_gateways; setup.sms_gateway sends those held for
		# the settings again once they are corrected
		hopeless = fall_back or (outcome is not None and not outcome.retry)
		retry_at = None if hopeless else next_retry(attempts, now)
		values.update(
			status="Failed" if retry_at else "Given Up", next_attempt_on=retry_at, last_error=detail
		)
		if outcome is not None and outcome.refusal in REFUSALS:
			values["refusal"] = outcome.refusal
	one_attempt = message.purpose in ONE_ATTEMPT
	if one_attempt:
		values["message"] = login_codes.redact_codes(message.message)
		if not accepted:
			values.update(status="Given Up", next_attempt_on=None)
	message.db_set(values, update_modified=True)
	if whatsapp and accepted:  # after the outcome is written: a failure here must not send it again
		try:
			message.db_set("communication", whatsapp_on_timeline(message, whatsapp.wamid))
		except Exception:
			frappe.log_error(title=f"Case Message {message.name}: its WhatsApp Communication")
	if not one_attempt:
		note_on_timeline(message, accepted, attempts, values.get("next_attempt_on"))
	if message.medium == "WhatsApp" and values["status"] == "Given Up":
		queue_fallback_sms(message)  # WhatsApp cannot carry it, or has failed every try


def _too_late(message: Document) -> bool:
	minutes = ONE_ATTEMPT.get(message.purpose)
	return bool(minutes) and now_datetime() >= add_to_date(message.creation, minutes=minutes)


def retry_due(now=None) -> None:
	"""Scheduled: deliver what is due — one indexed query, then batches (deliver commits each message
	as it is tried)."""
	CM = frappe.qb.DocType("Case Message")
	names = (
		frappe.qb.from_(CM)
		.select(CM.name)
		.where(CM.status.isin(["Queued", "Failed"]))
		.where(CM.next_attempt_on <= (now or now_datetime()))
		.where(CM.attempts < MAX_ATTEMPTS)
		.orderby(CM.next_attempt_on)
		.limit(SWEEP_LIMIT)
		.run(pluck=True)
	)
	for start in range(0, len(names), BATCH):
		deliver(names[start : start + BATCH])
	requeue_abandoned_mail(now or now_datetime())


def requeue_abandoned_mail(now) -> int:
	"""The app's mails that Frappe's Email Queue gave up on (status Error: its few tries, minutes apart,
	all failed, as in a mail server's hour-long outage) go back into that same queue with the SMS's
	back-off, until the message's tries run out; then it is Given Up, for staff to see. Frappe itself
	retries an Error mail only when someone presses Retry. The same queue row: no second mail, no second
	Communication. Returns how many went back."""
	CM, EQ = frappe.qb.DocType("Case Message"), frappe.qb.DocType("Email Queue")
	rows = (
		frappe.qb.from_(CM)
		.join(EQ)
		.on(EQ.communication == CM.communication)
		.select(CM.name, CM.attempts, EQ.name.as_("queue"))
		.where(CM.medium == "Email")
		.where(CM.status == "Sent")
		.where(EQ.status == "Error")
		.limit(SWEEP_LIMIT)
		.run(as_dict=True)
	)
	queues, messages = {}, {}
	for row in rows:
		attempts = (row.attempts or 0) + 1
		retry_at = next_retry(attempts - 1, now) if attempts < MAX_ATTEMPTS else None
		messages[row.name] = {"attempts": attempts, "last_error": _("The mail server did not take it")}
		if retry_at:
			queues[row.queue] = {"status": "Not Sent", "retry": 0, "send_after": retry_at}
		else:
			messages[row.name]["status"] = "Given Up"
	frappe.db.bulk_update("Email Queue", queues, update_modified=False)
	frappe.db.bulk_update("Case Message", messages)
	commit_batch()
	return len(queues)
