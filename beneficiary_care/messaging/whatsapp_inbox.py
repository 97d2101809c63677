"""WhatsApp as a channel both ways, through Meta's WhatsApp Business Cloud API (rules in core.whatsapp).

In: Meta posts every message a person writes to `webhook` (registered in Meta's app settings as
https://<site>/api/method/beneficiary_care.whatsapp.webhook). A signed body is stored as it came and
answered at once; a job takes it (process_body): each message becomes a Communication (medium Chat)
on the person's open case, or waits in a conversation that becomes a case (conversations). Out: a case
whose submitter came by WhatsApp (or who chose it: reply_by_whatsapp) gets its acknowledgement, answer,
decision and survey as Case Messages of medium WhatsApp, delivered and retried like SMS (messaging);
free text inside the 24-hour window, the association's approved template outside it; Meta's status
webhooks move each message on, and one that cannot reach the person goes once by SMS instead.

Written here, not taken from Frappe: Frappe v15 has no WhatsApp channel (its Notification offers
Email, Slack, System Notification and SMS), and the Cloud API is plain HTTPS with JSON, so no SDK: the
standard library, as messaging.sms.send_sms, with its timeout. No log line or job argument holds a
message's text or a mobile number (log_failure; jobs get names and ids).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import add_to_date, now_datetime
from werkzeug.wrappers import Response

from beneficiary_care.core import whatsapp as core
from beneficiary_care.core import whatsapp_webhook as hook
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.framework.helpers import commit_batch, one_at_a_time
from beneficiary_care.framework.versions import in_test
from beneficiary_care.messaging import delivery
from beneficiary_care.messaging.conversations import (
	keep,
	log_failure,
	queue_jobs,
	register_waiting,  # noqa: F401  the job's tests call it here too
	take_message,
)
from beneficiary_care.messaging.timeline import note_whatsapp_status
from beneficiary_care.messaging.whatsapp import WHATSAPP_CONTACT as CONTACT
from beneficiary_care.messaging.whatsapp import graph, whatsapp_config
from beneficiary_care.service_levels.deadlines import stamp_first_response

# Webhook bodies are kept in Frappe's own Integration Request, the DocType Frappe v15 ships for the
# payloads of outside services: a body is named by its SHA-256 (a redelivery finds it by primary key),
# its JSON is a Long Text (`data`), its state is Queued until its job took it, then Completed (or
# Failed: something could not be kept; the body stays for an engineer), and Frappe's Log Settings
# delete the rows after 90 days. Only System Managers read them.
BODIES = "Integration Request"
SERVICE = "WhatsApp"
# A body still Queued this long after its last try is tried again (process_pending), at most MAX_TRIES
# times: the database away or a worker restarted are over in minutes; a day of tries, then Failed.
RETRY_AFTER_MINUTES = 5
MAX_TRIES = 288


# ------------------------------------------------------------------ settings


@frappe.whitelist()
def test_connection() -> dict:
	"""The settings' "Test connection" button: the phone number as Meta knows it."""
	# not frappe.only_for, which lets everyone through under tests (frappe_versions.in_test)
	if not {"System Manager", "Care Manager"} & set(frappe.get_roles()):
		raise frappe.PermissionError(_("Only a Care Manager or a System Manager may test the connection"))
	conf = whatsapp_config()
	if not conf:
		frappe.throw(_("Enable WhatsApp and fill in its Phone Number ID first"))
	try:
		status, body, _type = graph(
			conf, f"{conf.phone_number_id}?fields=display_phone_number,verified_name,quality_rating"
		)
	except (OSError, ValueError) as err:
		frappe.throw(_("The Graph API did not answer: {0}").format(type(err).__name__))
	if status != 200:
		frappe.throw(
			_("The Graph API refused: {0}").format(
				core.send_result(status, body.decode("utf-8", "replace")).detail
			)
		)
	return json.loads(body)


# ------------------------------------------------------------------ the webhook


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@rate_limit(limit=600, seconds=60)
def webhook(**_params: object) -> Response:
	"""Meta's webhook. GET: the verification handshake. POST: a body of messages and statuses, checked
	against X-Hub-Signature-256 before anything is read (403 and nothing written for a bad or missing
	one; 413 unread over core.MAX_WEBHOOK_BYTES; 400 for a signed body that is not Meta's JSON), then
	stored and answered 200 at once: a job takes it (process_body). Meta needs its answer within seconds
	and sends again what it did not get, and a body of a thousand messages takes far longer than that."""
	request = frappe.request
	conf = whatsapp_config()
	if request.method == "GET":
		form = frappe.form_dict
		challenge = core.handshake(
			form.get("hub.mode"),
			form.get("hub.verify_token"),
			form.get("hub.challenge"),
			conf.verify_token if conf else "",
		)
		if challenge is None:
			return Response("", status=403)
		return Response(challenge, status=200, mimetype="text/plain")
	if (request.content_length or 0) > core.MAX_WEBHOOK_BYTES:
		return Response("", status=413)
	body = request.get_data(cache=True)
	if len(body) > core.MAX_WEBHOOK_BYTES:
		return Response("", status=413)
	if not conf or not core.signature_valid(
		body, request.headers.get("X-Hub-Signature-256"), conf.app_secret
	):
		return Response("", status=403)
	try:
		hook.read_webhook(body)
	except ValueError:
		return Response("", status=400)
	store(body)
	# only the database away fails here (500): then Meta sends the body again, and it is stored then
	return Response("", status=200)


def store(body: bytes) -> None:
	"""A signed body, kept as an Integration Request named by its SHA-256 (not Frappe's
	create_request_log, which commits inside the request), and its job queued after commit. A body stored
	before is not stored again: Meta sends a body again when it was not sure of our answer, so a
	redelivery costs one read by primary key (and queues the job again only while the body waits)."""
	name = hashlib.sha256(body).hexdigest()
	status = frappe.db.get_value(BODIES, name, "status")
	if status is None:
		request = frappe.get_doc(
			{
				"doctype": BODIES,
				"integration_request_service": SERVICE,
				"request_description": "WhatsApp webhook",
				"is_remote_request": 1,
				"status": "Queued",
				"data": body.decode("utf-8"),
			}
		)
		request.flags._name = name  # IntegrationRequest.autoname takes it
		request.flags.ignore_version = True  # the DocType tracks changes: no copy of the body in a Version
		# the same body delivered twice at once waits for the other and leaves it: one row, taken once
		request.insert(ignore_permissions=True, ignore_if_duplicate=True)
	elif status != "Queued":
		return
	# by name only: a job's arguments are in the worker's log
	frappe.enqueue(
		"beneficiary_care.messaging.whatsapp_inbox.process_body",
		queue="short",
		enqueue_after_commit=True,
		now=in_test(),
		body=name,
	)


def process_body(body: str) -> None:
	"""The job: one stored body's messages and statuses (receive), each committed on its own. A body is
	taken once however often it is queued (a named lock, then its state). When a try stops (the
	database away) the body stays Queued, and what was taken is skipped when it is taken again."""
	with one_at_a_time(f"bc-whatsapp-{body[:20]}") as held:
		row = frappe.db.get_value(BODIES, body, ["status", "data", "output"], as_dict=True) if held else None
		if not row or row.status != "Queued":
			return
		tries = (_counts(row.output).get("tries") or 0) + 1
		conf = whatsapp_config()
		if tries > MAX_TRIES or not conf:
			gave_up = f"not taken after {tries - 1} tries" if conf else "WhatsApp is off"
			frappe.db.set_value(BODIES, body, {"status": "Failed" if conf else "Queued", "error": gave_up})
			commit_batch()
			return
		frappe.db.set_value(BODIES, body, "output", json.dumps({"tries": tries}))  # counted if this try dies
		commit_batch()
		try:
			events = hook.parse_webhook(row.data.encode(), conf.phone_number_id)
			counts = receive(events, conf, body)
		except Exception as err:  # the database away, a deadlock: tried again by process_pending
			log_failure(f"WhatsApp webhook {body[:12]} (try {tries})", err)
			return
		counts.update(tries=tries, ignored=events.ignored, skipped=events.skipped)
		done = not counts["not_taken"]
		frappe.db.set_value(
			BODIES,
			body,
			{
				"status": "Completed" if done else "Failed",
				"output": json.dumps(counts),
				# taken: its messages are Communications now, under the app's personal-data rules
				"data": "" if done else row.data,
			},
		)
		commit_batch()


def _counts(output: str | None) -> dict:
	try:
		counts = json.loads(output or "{}")
	except ValueError:
		return {}
	return counts if isinstance(counts, dict) else {}


def process_pending(now: dt.datetime | None = None) -> int:
	"""Scheduled: bodies whose job did not finish (the database away, a worker restarted, Redis down
	when it was queued) are taken again, oldest first. Returns how many were tried."""
	cutoff = add_to_date(now or now_datetime(), minutes=-RETRY_AFTER_MINUTES)
	names = frappe.get_all(
		BODIES,
		filters={"integration_request_service": SERVICE, "status": "Queued", "modified": ["<", cutoff]},
		pluck="name",
		order_by="creation",
		limit=100,
	)
	for name in names:
		process_body(name)
	return len(names)


def receive(events: hook.Events, conf: frappe._dict, body: str = "") -> dict:
	"""Take a body's messages and statuses, each on its own savepoint, committed on its own. One that
	fails is rolled back alone (with the jobs it would have queued: the kind question, a file to fetch)
	and kept as far as it can be (conversations.keep); one Error Log for the body names them. A failure a
	later try can get past (the database away, a deadlock, a lock waited out) stops the body instead."""
	counts, failures = {"taken": 0, "kept": 0, "not_taken": 0}, []
	for item in [*events.messages, *events.statuses]:
		frappe.db.savepoint("bc_whatsapp")
		frappe.local.bc_whatsapp_jobs = []  # queued by after_commit, kept only if the item goes in
		try:
			if isinstance(item, hook.Inbound):
				take_message(item, conf)
			else:
				take_status(item)
			queue_jobs(frappe.local.bc_whatsapp_jobs)
			counts["taken"] += 1
		except Exception as err:
			frappe.db.rollback(save_point="bc_whatsapp")  # the SQL only: its jobs are dropped here
			if _transient(err):
				raise
			failures.append((item, err))
			counts[_keep(item)] += 1
		finally:
			frappe.local.bc_whatsapp_jobs = None
		commit_batch()
	if failures or events.skipped:  # once for the body, however many
		what = [f"{type(i).__name__.lower()} {i.wamid}: {type(e).__name__}" for i, e in failures[:20]]
		detail = "\n".join([f"{events.skipped} parts not as Meta sends them, left out", *what])
		title = f"WhatsApp webhook {body[:12]}: {len(failures)} items and {events.skipped} parts"
		log_failure(title, failures[0][1] if failures else None, detail)
	return counts


def _keep(item: hook.Inbound | hook.Status) -> str:
	"""A message's words onto its contact's timeline (a status has nothing to keep): "kept", or
	"not_taken" when even that fails (the body then stays in its Integration Request)."""
	if isinstance(item, hook.Inbound):
		frappe.db.savepoint("bc_whatsapp_keep")
		try:
			keep(item)
			return "kept"
		except Exception as err:
			frappe.db.rollback(save_point="bc_whatsapp_keep")
			if _transient(err):
				raise
	return "not_taken"


def _transient(err: BaseException) -> bool:
	"""A failure the same work can get past later: the database away, a deadlock, a lock waited out."""
	return isinstance(
		err, frappe.QueryDeadlockError | frappe.QueryTimeoutError | frappe.db.OperationalError
	) or frappe.db.is_interface_error(err)


def take_status(status: hook.Status) -> None:
	"""sent, delivered, read or failed, for the Case Message that went as this wamid."""
	name = frappe.db.get_value("Case Message", {"provider_message_id": status.wamid}, "name", for_update=True)
	if not name:
		return  # not a case's message (the kind question, the reply to «إيقاف»)
	message = frappe.get_doc("Case Message", name, for_update=True)  # as last committed
	if not core.later_status(message.delivery_status, status.status):
		return
	values = {"delivery_status": status.status.title()}
	if status.status == "failed":
		error = f"error {status.error_code}: {status.error_title}"
		values.update(status="Given Up", next_attempt_on=None, last_error=error)
	message.db_set(values, update_modified=True)
	note_whatsapp_status(message, status.status, values.get("last_error"))
	if status.status == "failed":
		delivery.queue_fallback_sms(message)  # once: it does nothing for a message that has one


@frappe.whitelist(methods=["POST"])
def reply(doctype: str, name: str, text: str) -> str:
	"""A staff reply from the case's form, on WhatsApp, inside the 24-hour window (outside it Meta
	takes only approved templates: the answer goes as one when the case is answered)."""
	if doctype not in CASE_DOCTYPES:
		frappe.throw(_("Not a case"))
	case = frappe.get_doc(doctype, name)
	case.check_permission("write")
	text = (text or "").strip()
	if not text:
		frappe.throw(_("Reply: is required"))
	if not case.mobile:
		frappe.throw(_("Mobile: is required for a WhatsApp reply"))
	last = frappe.db.get_value(CONTACT, {"mobile": case.mobile}, "last_inbound_on")
	if not core.in_window(last, now_datetime()):
		frappe.throw(
			_(
				"The person has not written on WhatsApp in the last 24 hours: WhatsApp takes only the association's templates now. Answer the case, or call or send an SMS."
			)
		)
	names = delivery.queue_whatsapp_reply(case, text)
	stamp_first_response(doctype, name, now_datetime())
	return names[0]
