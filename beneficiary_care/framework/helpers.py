"""The few Frappe helpers every service shares: the settings, the batch commit of scheduled jobs,
"each row in its own savepoint, log and go on", the stamp the daily figures follow, and reading from
the site's replica. Nothing here knows about cases, messages or reports."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import frappe
from frappe.model.document import Document
from frappe.utils import now_datetime

from beneficiary_care.framework.versions import in_test

SETTINGS = "Beneficiary Care Settings"
# the standard columns of every row a bulk insert writes (frappe.db.bulk_insert writes no defaults)
ROW_META = ("name", "creation", "modified", "owner", "modified_by", "docstatus")

Row = TypeVar("Row")


def settings() -> Document:
	"""The settings document (cached by Frappe until it is saved)."""
	return frappe.get_cached_doc(SETTINGS)


def setting(fieldname: str) -> Any:
	"""One value of the settings, read from the database."""
	return frappe.db.get_single_value(SETTINGS, fieldname)


def settings_values(fieldnames: list[str]) -> frappe._dict:
	"""Several values of the settings in one query."""
	values = frappe.db.get_values(SETTINGS, SETTINGS, fieldnames, as_dict=True)
	return values[0] if values else frappe._dict()


def commit_batch() -> None:
	"""Commit what was done so far: a scheduled job's batch, or a guest's try that the refusal raised
	next would roll back (not under tests, which roll back themselves)."""
	if not in_test():
		frappe.db.commit()


@contextlib.contextmanager
def one_at_a_time(lock: str, wait: int = 0) -> Iterator[bool]:
	"""MariaDB's named lock around work that must not run twice at once: a scheduled job that two
	workers, or the workers of two servers, pick up together. Yields whether this run holds it. The
	server frees a lock when its connection ends, so a worker killed in the middle never leaves it held.

	Written here because Frappe v15 has only a file lock (frappe.utils.synchronization.filelock), which
	the processes of one server share, not those of a second one."""
	name = f"{frappe.conf.db_name}:{lock}"[:64]  # a server-wide name: one per site
	held = bool(frappe.db.sql("select get_lock(%s, %s)", (name, wait))[0][0])
	try:
		yield held
	finally:
		if held:
			# the connection may be gone (a restarted server): then so is the lock
			with contextlib.suppress(Exception):
				frappe.db.sql("select release_lock(%s)", (name,))


def each_in_savepoint(
	rows: Iterable[Row],
	work: Callable[[Row], Any],
	*,
	savepoint: str,
	title: Callable[[Row], str],
	batch: int | None = None,
) -> int:
	"""`work(row)` for every row, each in its own savepoint: a row that fails is rolled back to it and
	logged under `title(row)`, and the rest go on. A commit every `batch` rows and at the end. Returns
	how many rows' work returned a true value."""
	done = 0
	for position, row in enumerate(rows, start=1):
		frappe.db.savepoint(savepoint)
		try:
			done += bool(work(row))
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			frappe.log_error(title=title(row))
		if batch and position % batch == 0:
			commit_batch()
	commit_batch()
	return done


def row_meta(stamp: dt.datetime, owner: str = "Administrator") -> tuple:
	"""The ROW_META values of one new row: a fresh name, created and modified at `stamp`, a draft."""
	return (frappe.generate_hash(length=12), stamp, stamp, owner, owner, 0)


def notes_language() -> str:
	"""The language of the notes the app writes on a case's timeline (message tries, escalations): the
	site's, which its staff read, not that of whichever request or job wrote them."""
	return frappe.db.get_single_value("System Settings", "language") or "en"


def ltr(text: str) -> str:
	"""A number, an address or a time inside a note of an Arabic timeline, kept left to right and apart
	from the words around it: without it "+966501234567" reads "966501234567+" and "2026-12-03 14:15"
	comes out turned around. A span with `dir` (the browser isolates it; Frappe's sanitiser keeps it,
	and drops <bdi>)."""
	return f'<span dir="ltr">{frappe.utils.escape_html(text)}</span>'


def figures_stamp() -> dt.datetime:
	"""The value for a case's `figures_changed_on` when a write bypasses its controller: the daily
	figures (reporting) recount the case's day."""
	return now_datetime()


def reads_replica(function: Callable) -> Callable:
	"""Run a report, number card or chart on the site's read replica when the site has one (Frappe's
	`read_from_replica`), and on the primary, with a logged warning, when the replica does not answer.

	Written here because Frappe v15 has neither part: `frappe.read_only()` switches only query reports
	and list views (not Custom number cards or chart sources), and has no fallback when the replica is
	down. Inside Frappe's own switch (a query report) this only checks the replica answers."""

	@functools.wraps(function)
	def wrapper(*args, **kwargs):
		if not frappe.conf.read_from_replica:
			return function(*args, **kwargs)
		switched = frappe.connect_replica()  # False inside frappe.read_only(), already on the replica
		try:
			_replica_or_primary()
			return function(*args, **kwargs)
		finally:
			if switched:
				frappe.local.db.close()
				frappe.local.db = frappe.local.primary_db
				# frappe.connect_replica switches once per request; each figure here asks again
				del frappe.local.replica_db, frappe.local.primary_db
				frappe.local.bc_replica_checked = None

	return wrapper


def _replica_or_primary() -> None:
	replica = getattr(frappe.local, "replica_db", None)
	if replica is None or frappe.local.db is not replica:
		return
	if getattr(frappe.local, "bc_replica_checked", None) is replica:
		return  # checked once in this switch already (the report's run, then its execute)
	try:
		replica.sql("SELECT 1")
	except Exception as err:  # the driver's OperationalError: refused, timed out, access denied
		conf = frappe.local.conf
		frappe.logger("beneficiary_care").warning(
			f"read replica {conf.replica_host}:{conf.replica_db_port} did not answer ({err}); "
			"reading from the primary"
		)
		from frappe.database import get_db

		# a connection of its own to the primary, which Frappe's switch back closes like the replica's
		frappe.local.replica_db = frappe.local.db = get_db(
			socket=conf.db_socket,
			host=conf.db_host,
			port=conf.db_port,
			user=conf.db_name,
			password=conf.db_password,
			cur_db_name=conf.db_name,
		)
	frappe.local.bc_replica_checked = frappe.local.db
