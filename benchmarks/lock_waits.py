"""What a benchmark's requests waited for in MariaDB: InnoDB's own row-lock counters over the run, and
a sampler that notes, twice a second, the statement of each transaction waiting for a lock.

Its own connection (pymysql), so that it adds nothing to the transactions it watches. Which
transactions wait for a lock (information_schema.INNODB_TRX) needs the PROCESS privilege: with
BC_DB_ROOT_USER and BC_DB_ROOT_PASSWORD set (as for the tests), it connects as that user; with the
site's own user it notes instead the site's statements that have run longer than SLOW_MS.
"""

from __future__ import annotations

import os
import re
import threading
from collections import Counter

import pymysql

WAITING = "SELECT trx_query FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'"
SLOW_MS = 100
RUNNING = (
	"SELECT info FROM information_schema.PROCESSLIST WHERE command = 'Query' AND id != CONNECTION_ID()"
	f" AND time_ms > {SLOW_MS}"
)
COUNTERS = "SHOW GLOBAL STATUS LIKE 'Innodb_row_lock_%'"


def _shape(query: str | None) -> str:
	"""A statement without its values, so that waits on the same statement count together."""
	text = re.sub(r"'[^']*'|\b\d+\b", "?", " ".join((query or "(no statement)").split()))
	return text[:110]


class LockWaits:
	def __init__(self, conf, every: float = 0.5):
		root = os.environ.get("BC_DB_ROOT_USER")
		self.connection = pymysql.connect(
			host=conf.db_host or "127.0.0.1",
			port=int(conf.db_port or 3306),
			user=root or conf.db_name,
			password=os.environ.get("BC_DB_ROOT_PASSWORD") if root else conf.db_password,
			database=conf.db_name,
			autocommit=True,
		)
		self.query = WAITING if root else RUNNING
		self.every, self.samples, self.waiting = every, 0, Counter()
		self.failed, self.waits, self.wait_ms = "", 0, 0
		self._stop = threading.Event()
		self._thread = threading.Thread(target=self._sample, daemon=True)

	def _counters(self) -> dict[str, int]:
		with self.connection.cursor() as cursor:
			cursor.execute(COUNTERS)
			return {name: int(value) for name, value in cursor.fetchall()}

	def _sample(self) -> None:
		while not self._stop.wait(self.every):
			try:
				with self.connection.cursor() as cursor:
					cursor.execute(self.query)
					rows = cursor.fetchall()
			except pymysql.Error as error:  # the soak goes on without its samples
				self.failed = f"{type(error).__name__}: {error}"
				return
			self.samples += 1
			self.waiting.update(_shape(query) for (query,) in rows)

	def __enter__(self) -> LockWaits:
		self.before = self._counters()
		self._thread.start()
		return self

	def __exit__(self, *exc) -> None:
		self._stop.set()
		self._thread.join()
		try:
			after = self._counters()
			self.connection.close()
		except pymysql.Error as error:
			self.failed = self.failed or f"{type(error).__name__}: {error}"
			return
		self.waits = after["Innodb_row_lock_waits"] - self.before["Innodb_row_lock_waits"]
		self.wait_ms = after["Innodb_row_lock_time"] - self.before["Innodb_row_lock_time"]

	def report(self, top: int = 6) -> list[str]:
		average = self.wait_ms / self.waits if self.waits else 0.0
		found = (
			"waiting for a lock (a statement per transaction waiting)"
			if self.query == WAITING
			else f"running longer than {SLOW_MS} ms (the site's user cannot see lock waits: set BC_DB_ROOT_USER)"
		)
		lines = [
			f"InnoDB row-lock waits: {self.waits:,}, {self.wait_ms / 1000:,.1f} s waited in all, {average:,.0f} ms each on average",
			f"statements found {found}, {self.samples:,} samples {self.every:g} s apart:",
		]
		lines += [f"  {n:>6}  {shape}" for shape, n in self.waiting.most_common(top)]
		if self.failed:
			lines.append(f"  (the lock figures stopped early: {self.failed})")
		return lines
