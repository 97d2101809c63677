"""Login by mobile for beneficiaries, who have no password and often no email: a one-time code by SMS
to a mobile the association knows (a beneficiary file's, or the submitter's of an open case), and once
the code is typed back, a session for their portal account, made the first time.

The rules (six digits, ten minutes, one use, five tries, three codes an hour, the HMAC, the user's
name) are core.login_codes; this module stores, sends and logs in. A code lives in clear only in
memory and in the text of its SMS (a Case Message, masked once the worker has tried it: messaging);
a `Care Login Code` keeps its HMAC, the mobile, the expiry, the tries, when it was used and the IP
that asked. A guest is never told whether a mobile is known, not even by the time the answer takes:
a request for a code only hands the mobile to a background job (answer_request), the same work for
every mobile, and the job decides and sends after the response has gone; every refused code gets one
answer, no sooner than RESPONSE_FLOOR_SECONDS.

The account: the user of the mobile's beneficiary file if it has one (only a portal account: a desk
user's password is never bypassed by an SMS), else `9665XXXXXXXX@mobile.invalid` (core.login_codes),
a Website User with the role Care Beneficiary and `mobile_no` set, linked to the mobile's files that
have no user yet. A submitter with no file reads the cases registered with that mobile (permissions).
"""

from __future__ import annotations

import datetime as dt
import time

import frappe
from frappe.utils import add_days, add_to_date, now_datetime
from frappe.utils.password import get_encryption_key

from beneficiary_care.core import login_codes
from beneficiary_care.core.access import PORTAL_ROLE
from beneficiary_care.core.cases import CASE_DOCTYPES
from beneficiary_care.core.lifecycle import DONE
from beneficiary_care.core.phone import is_saudi_mobile, normalize_saudi_mobile
from beneficiary_care.framework.helpers import commit_batch
from beneficiary_care.framework.versions import in_test
from beneficiary_care.messaging.delivery import queue

LOGIN_CODE = "Care Login Code"
PURPOSE = "Login Code"


def _secret() -> str:
	"""The key of the codes' HMAC: the site's own secret (site_config.json), never in the database."""
	return get_encryption_key()


# ------------------------------------------------------------------ asking for a code


def is_known(mobile: str) -> bool:
	"""A beneficiary file's mobile, or the submitter's of an open case. Every query runs either way."""
	found = [bool(frappe.db.exists("Beneficiary", {"mobile": mobile}))]
	for doctype in CASE_DOCTYPES:
		open_case = {"mobile": mobile, "status": ("not in", sorted(DONE[doctype]))}
		found.append(bool(frappe.db.exists(doctype, open_case)))
	return any(found)


REQUEST_KEY = "bc:login-code-request:"
REQUEST_LIFETIME = 10 * 60  # seconds a request waits for a worker before it is dropped


def request_code(mobile: str, ip: str | None = None) -> None:
	"""A code for `mobile` (+9665XXXXXXXX), decided and sent by a job after the response: the request
	writes the same cache entry and queues the same job whatever the mobile, so it takes the same
	time. The job is given a random key, not the mobile (a job's arguments are in the worker's log)."""
	key = frappe.generate_hash(length=20)
	frappe.cache.set_value(REQUEST_KEY + key, [mobile, ip], expires_in_sec=REQUEST_LIFETIME)
	frappe.enqueue(
		"beneficiary_care.portal.mobile_login.answer_request",
		queue="short",
		request=key,
		enqueue_after_commit=True,
		now=in_test(),
	)


def answer_request(request: str) -> bool:
	"""The job: send a code when the mobile is known and under its hourly limit. Returns whether one
	was sent, which the guest is never told."""
	mobile, ip = frappe.cache.get_value(REQUEST_KEY + request) or (None, None)
	frappe.cache.delete_value(REQUEST_KEY + request)
	if not mobile:
		return False
	now = now_datetime()
	known = is_known(mobile)
	recent = frappe.get_all(
		LOGIN_CODE,
		filters={"mobile": mobile, "creation": (">", add_to_date(now, hours=-1))},
		pluck="creation",
	)
	send = known and login_codes.may_send(recent, now)
	if send:
		_send_code(mobile, ip, now)
	return send


def _send_code(mobile: str, ip: str | None, now: dt.datetime) -> None:
	code, name = login_codes.new_code(), frappe.generate_hash(length=10)
	frappe.get_doc(
		{
			"doctype": LOGIN_CODE,
			"mobile": mobile,
			"code_hash": login_codes.hash_code(code, name, _secret()),
			"expires_on": login_codes.expiry(now),
			"tries": 0,
			"sent_ip": (ip or "")[:140] or None,
		}
	).insert(ignore_permissions=True, set_name=name)
	queue(LOGIN_CODE, name, PURPOSE, mobile, None, {"code": code})


# ------------------------------------------------------------------ typing it back


def log_in(mobile: str | None, code: str | None) -> str | None:
	"""Check the code typed for a mobile against the mobile's newest code; when it is right, log the
	beneficiary in (frappe.local.login_manager) and return their user. None for every refusal — a
	malformed mobile or code, no code, a wrong, used, expired or locked one, an account a code may not
	open — so that the guest is told one thing only, and no sooner for a mobile that has codes (a wrong
	try is written and committed) than for one that has none."""
	started = time.monotonic()
	user = _check(mobile, code)
	if not user:
		time.sleep(login_codes.padding(time.monotonic() - started))
	return user


def _check(mobile: str | None, code: str | None) -> str | None:
	typed = login_codes.normalize_code(code)
	if not (typed and mobile and len(mobile) <= 40 and is_saudi_mobile(mobile)):
		return None
	mobile = normalize_saudi_mobile(mobile)
	row = frappe.db.get_value(
		LOGIN_CODE,
		{"mobile": mobile},
		["name", "code_hash", "expires_on", "used_on", "tries"],
		as_dict=True,
		order_by="creation desc",
		for_update=True,  # two guesses at once wait for each other: neither escapes the count
	)
	now = now_datetime()
	verdict = login_codes.check(
		code=typed,
		row=row.name if row else None,
		code_hash=row.code_hash if row else None,
		expires_on=row.expires_on if row else None,
		used_on=row.used_on if row else None,
		tries=row.tries if row else 0,
		now=now,
		secret=_secret(),
	)
	if verdict == login_codes.WRONG:
		frappe.db.set_value(LOGIN_CODE, row.name, "tries", (row.tries or 0) + 1, update_modified=False)
		commit_batch()  # the refusal that follows rolls the request back: the try must count
		return None
	if verdict != login_codes.ACCEPTED:
		return None
	frappe.db.set_value(LOGIN_CODE, row.name, "used_on", now, update_modified=False)
	commit_batch()  # used, whatever happens next
	try:
		user = account_for(mobile)
	except Exception:  # a guest is never shown a server error: logged (kept past the rollback), refused
		frappe.log_error(title=f"Login by mobile: no account for code {row.name}", defer_insert=True)
		return None
	if user:
		frappe.local.login_manager.login_as(user)
	return user


def account_for(mobile: str) -> str | None:
	"""The portal account a code for `mobile` opens, made the first time; None if the one that exists
	may not be opened by a code (a desk user, a disabled one)."""
	files = frappe.get_all(
		"Beneficiary",
		filters={"mobile": mobile},
		fields=["name", "user", "full_name"],
		order_by="creation asc",
	)
	linked = next((f.user for f in files if f.user and frappe.db.exists("User", f.user)), None)
	user = linked or login_codes.mobile_user_name(mobile)
	if not linked and not frappe.db.exists("User", user):
		_make_user(user, mobile, files[0].full_name if files else None)
	account = frappe.db.get_value("User", user, ["user_type", "enabled"], as_dict=True)
	if not login_codes.may_log_in_by_code(user, account.user_type, account.enabled):
		return None
	if PORTAL_ROLE not in frappe.get_roles(user):
		doc = frappe.get_doc("User", user)
		doc.flags.ignore_permissions = True
		doc.add_roles(PORTAL_ROLE)
	for file in files:
		if not file.user:
			frappe.db.set_value("Beneficiary", file.name, "user", user)
	return user


def _make_user(user: str, mobile: str, full_name: str | None) -> None:
	doc = frappe.get_doc(
		{
			"doctype": "User",
			"email": user,
			"first_name": login_codes.first_name(full_name, mobile),
			# unique among users: left empty if another account has it already (then only the files)
			"mobile_no": None if frappe.db.exists("User", {"mobile_no": mobile}) else mobile,
			"user_type": "Website User",
			"send_welcome_email": 0,
			"language": "ar" if frappe.db.exists("Language", "ar") else None,
			"roles": [{"role": PORTAL_ROLE}],
		}
	)
	doc.flags.ignore_permissions = True  # a guest's request
	doc.flags.ignore_password_policy = True
	doc.insert()


# ------------------------------------------------------------------ housekeeping


def purge_old_codes(now: dt.datetime | None = None) -> None:
	"""Daily: codes and their (masked) messages older than KEEP_DAYS go."""
	before = add_days(now or now_datetime(), -login_codes.KEEP_DAYS)
	frappe.db.delete("Case Message", {"purpose": PURPOSE, "creation": ("<", before)})
	frappe.db.delete(LOGIN_CODE, {"creation": ("<", before)})
