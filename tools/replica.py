"""A MariaDB read replica of a site's database on this machine (issue 13), for the tests and the
benchmarks: a second server with its own port and data directory, binlog replication from the site's
server, and a user that may only read, for Frappe's own `read_from_replica`.

    python -m tools.replica enable-binlog              # as root, once per machine: restarts the server
    python -m tools.replica start --db DB [--dir D] [--port 3307]
    python -m tools.replica status [--dir D]
    python -m tools.replica stop [--dir D]

`start` prints the lines for the site's config (`bench --site SITE set-config ...`). The primary is
reached over TCP as an administrator ($BC_DB_ROOT_USER, default root; $BC_DB_ROOT_PASSWORD, default
empty; $BC_DB_HOST/$BC_DB_PORT, default 127.0.0.1:3306). Everything stays on loopback. Production
set-up (two servers, one per machine): README, "Read replica".

Standard library only: the tests import it from Frappe's Python and from the unit tier's.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DIR = Path("/var/tmp/bc-replica")
DEFAULT_PORT = 3307
REPLICATION_USER = "bc_replication"
READER_USER = "bc_reader"
BINLOG_CONF = Path("/etc/mysql/mariadb.conf.d/60-bc-binlog.cnf")
BINLOG_SETTINGS = """\
# Written by beneficiary_care's tools/replica.py: the server writes a binary log so that a replica can
# follow it (MariaDB replication). Remove this file and restart to turn it off.
[mysqld]
server_id = 1
log_bin = mariadb-bin
binlog_format = ROW
expire_logs_days = 2
"""


class ReplicaError(RuntimeError):
	pass


@dataclass
class Primary:
	host: str = field(default_factory=lambda: os.environ.get("BC_DB_HOST", "127.0.0.1"))
	port: int = field(default_factory=lambda: int(os.environ.get("BC_DB_PORT", "3306")))
	user: str = field(default_factory=lambda: os.environ.get("BC_DB_ROOT_USER", "root"))
	password: str = field(default_factory=lambda: os.environ.get("BC_DB_ROOT_PASSWORD", ""))

	def client(self, tool: str = "mariadb") -> list[str]:
		return [
			tool,
			f"--host={self.host}",
			f"--port={self.port}",
			f"--user={self.user}",
			f"--password={self.password}",
		]

	def sql(self, statement: str) -> list[list[str]]:
		return _rows(run([*self.client(), "--batch", "--skip-column-names", "-e", statement]))

	def binlog_on(self) -> bool:
		return self.sql("SELECT @@log_bin")[0][0] == "1"

	def position(self) -> tuple[str, int]:
		"""Where the primary's binary log is now (file, position)."""
		[row] = self.sql("SHOW MASTER STATUS")
		return row[0], int(row[1])


@dataclass
class Replica:
	directory: Path = DEFAULT_DIR
	port: int = DEFAULT_PORT
	primary: Primary = field(default_factory=Primary)

	@property
	def socket(self) -> Path:
		return self.directory / "mysqld.sock"

	@property
	def reader_password(self) -> str:
		return (self.directory / "reader.password").read_text().strip()

	def sql(self, statement: str, *, batch: bool = True) -> list[list[str]]:
		command = ["mariadb", "--user=root", f"--socket={self.socket}", "-e", statement]
		if batch:
			command[1:1] = ["--batch", "--skip-column-names"]
		return _rows(run(command))

	def running(self) -> bool:
		return (
			self.socket.exists()
			and subprocess.run(
				["mariadb-admin", "--user=root", f"--socket={self.socket}", "ping"],
				capture_output=True,
			).returncode
			== 0
		)

	# -------------------------------------------------------------- life
	def start(self, database: str) -> dict:
		"""A replica of `database`, following the primary from a consistent copy; returns the site config
		that reads from it. Starts afresh each time (a replica is cheap to remake)."""
		if not self.primary.binlog_on():
			raise ReplicaError(
				"the primary writes no binary log: run `python -m tools.replica enable-binlog` as root "
				f"(it writes {BINLOG_CONF} and restarts the server)"
			)
		for tool in ("mariadbd", "mariadb-install-db", "mariadb-dump"):
			if not (shutil.which(tool) or Path("/usr/sbin", tool).exists()):
				raise ReplicaError(f"{tool} is not installed")
		self.stop()
		shutil.rmtree(self.directory, ignore_errors=True)
		self.directory.mkdir(parents=True)
		as_root = os.geteuid() == 0
		if as_root:
			shutil.chown(self.directory, "mysql", "mysql")
		run(
			[
				"mariadb-install-db",
				"--no-defaults",
				f"--datadir={self.directory / 'data'}",
				"--auth-root-authentication-method=normal",
				"--skip-test-db",
				*(["--user=mysql"] if as_root else []),
			]
		)
		subprocess.Popen(
			[
				_mariadbd(),
				"--no-defaults",
				f"--datadir={self.directory / 'data'}",
				f"--port={self.port}",
				"--bind-address=127.0.0.1",
				f"--socket={self.socket}",
				f"--pid-file={self.directory / 'mysqld.pid'}",
				f"--log-error={self.directory / 'error.log'}",
				"--server-id=2",
				"--read-only=1",
				"--skip-name-resolve",
				f"--relay-log={self.directory / 'relay'}",
				"--character-set-server=utf8mb4",
				"--collation-server=utf8mb4_unicode_ci",
				"--innodb-buffer-pool-size=256M",
				"--log-output=TABLE",
				*(["--user=mysql"] if as_root else []),
			],
			stdin=subprocess.DEVNULL,
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			start_new_session=True,
		)
		for _ in range(120):
			if self.running():
				break
			time.sleep(0.5)
		else:
			raise ReplicaError(f"the replica did not start: see {self.directory / 'error.log'}")

		password = secrets.token_hex(16)
		self.primary.sql(
			f"CREATE USER IF NOT EXISTS '{REPLICATION_USER}'@'127.0.0.1' IDENTIFIED BY '{password}';"
			f"ALTER USER '{REPLICATION_USER}'@'127.0.0.1' IDENTIFIED BY '{password}';"
			f"GRANT REPLICATION SLAVE ON *.* TO '{REPLICATION_USER}'@'127.0.0.1'"
		)
		# where to connect first: CHANGE MASTER with a host resets the coordinates, which the copy then sets
		self.sql(
			f"CHANGE MASTER TO MASTER_HOST='{self.primary.host}', MASTER_PORT={self.primary.port}, "
			f"MASTER_USER='{REPLICATION_USER}', MASTER_PASSWORD='{password}', MASTER_CONNECT_RETRY=1"
		)
		dump = subprocess.Popen(
			[
				*self.primary.client("mariadb-dump"),
				"--single-transaction",
				"--master-data=1",  # CHANGE MASTER TO MASTER_LOG_FILE/POS of the copy's instant
				"--routines",
				"--triggers",
				"--databases",
				database,
			],
			stdout=subprocess.PIPE,
			stderr=subprocess.PIPE,
		)
		load = subprocess.run(
			["mariadb", "--user=root", f"--socket={self.socket}"],
			stdin=dump.stdout,
			capture_output=True,
		)
		dump.stdout.close()
		dump_error = dump.stderr.read().decode()
		if dump.wait() != 0 or load.returncode != 0:
			raise ReplicaError(f"copying {database} failed: {dump_error} {load.stderr.decode()}")
		reader = secrets.token_hex(16)
		(self.directory / "reader.password").write_text(reader)
		self.sql(
			f"CREATE USER '{READER_USER}'@'%' IDENTIFIED BY '{reader}';"
			f"GRANT SELECT ON `{database}`.* TO '{READER_USER}'@'%';"
			"START SLAVE"
		)
		self.wait_caught_up()
		return self.site_config()

	def stop(self) -> None:
		if self.running():
			subprocess.run(
				["mariadb-admin", "--user=root", f"--socket={self.socket}", "shutdown"], check=False
			)
			for _ in range(60):
				if not self.socket.exists():
					break
				time.sleep(0.5)

	# -------------------------------------------------------------- replication
	def pause(self) -> None:
		self.sql("STOP SLAVE")

	def resume(self) -> None:
		self.sql("START SLAVE")

	def status(self) -> dict[str, str]:
		rows = run(["mariadb", "--user=root", f"--socket={self.socket}", "-e", "SHOW SLAVE STATUS\\G"])
		return parse_vertical(rows)

	def wait_caught_up(self, timeout: float = 60) -> None:
		"""Until the replica has applied everything the primary had written when this was called."""
		file, position = self.primary.position()
		[[done]] = self.sql(f"SELECT MASTER_POS_WAIT('{file}', {position}, {int(timeout)})")
		if done in ("NULL", "-1"):
			raise ReplicaError(f"the replica did not catch up in {timeout} s: {self.status()}")

	def statements_by(self, user: str) -> list[str]:
		"""What `user` asked the replica since the general log was last cleared (log_output=TABLE)."""
		rows = self.sql(
			"SELECT argument FROM mysql.general_log "
			f"WHERE user_host LIKE '{user}[%' AND command_type = 'Query' ORDER BY event_time"
		)
		return [row[0] for row in rows]

	def start_logging(self) -> None:
		self.sql("SET GLOBAL general_log = 0; TRUNCATE mysql.general_log; SET GLOBAL general_log = 1")

	def site_config(self) -> dict:
		return site_config("127.0.0.1", self.port, READER_USER, self.reader_password)


def site_config(host: str, port: int, user: str, password: str) -> dict:
	"""Frappe v15's keys for reading reports from a replica with their own (read-only) credentials."""
	return {
		"read_from_replica": 1,
		"replica_host": host,
		"replica_db_port": port,
		"different_credentials_for_replica": 1,
		"replica_db_name": user,
		"replica_db_password": password,
	}


def parse_vertical(text: str) -> dict[str, str]:
	"""`SHOW ... \\G` output as a dict: '   Slave_IO_Running: Yes' → {'Slave_IO_Running': 'Yes'}."""
	values = {}
	for line in text.splitlines():
		key, sep, value = line.strip().partition(": ")
		if sep and not key.startswith("*"):
			values[key] = value
	return values


def enable_binlog(conf: Path = BINLOG_CONF) -> bool:
	"""As root: the site's server writes a binary log (restarting it); False if it already does."""
	primary = Primary()
	if primary.binlog_on():
		return False
	conf.parent.mkdir(parents=True, exist_ok=True)
	conf.write_text(BINLOG_SETTINGS)
	included = Path("/etc/mysql/my.cnf")
	if included.exists() and str(conf.parent) not in included.read_text():
		with included.open("a") as handle:
			handle.write(f"\n!includedir {conf.parent}/\n")
	run(["mariadb-admin", "shutdown"])
	for _ in range(60):
		if subprocess.run(["mariadb-admin", "ping"], capture_output=True).returncode != 0:
			break
		time.sleep(0.5)
	run(["start-stop-daemon", "--start", "--oknodo", "--background", "--exec", _mariadbd()])
	for _ in range(120):
		if subprocess.run(["mariadb-admin", "ping", "--silent"], capture_output=True).returncode == 0:
			break
		time.sleep(0.5)
	if not primary.binlog_on():
		raise ReplicaError(f"the server started without a binary log: is {conf} read (my.cnf)?")
	return True


def run(command: list[str]) -> str:
	done = subprocess.run(command, capture_output=True, text=True)
	if done.returncode != 0:
		shown = [part if not part.startswith("--password=") else "--password=…" for part in command]
		raise ReplicaError(f"{' '.join(shown[:3])} …: {done.stderr.strip() or done.stdout.strip()}")
	return done.stdout


def _rows(text: str) -> list[list[str]]:
	return [line.split("\t") for line in text.splitlines() if line]


def _mariadbd() -> str:
	return shutil.which("mariadbd") or "/usr/sbin/mariadbd"


def main(argv: list[str] | None = None) -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("command", choices=["enable-binlog", "start", "status", "stop"])
	parser.add_argument("--db", help="the site's database (site_config.json: db_name)")
	parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
	parser.add_argument("--port", type=int, default=DEFAULT_PORT)
	args = parser.parse_args(argv)
	replica = Replica(args.dir, args.port)
	try:
		if args.command == "enable-binlog":
			print("binary log turned on" if enable_binlog() else "the server already writes a binary log")
		elif args.command == "start":
			if not args.db:
				parser.error("start needs --db")
			config = replica.start(args.db)
			print(f"replica of {args.db} on 127.0.0.1:{args.port}, caught up; the site's config:")
			for key, value in config.items():
				print(f"  bench --site SITE set-config {key} {json.dumps(value)}")
		elif args.command == "status":
			print(json.dumps(replica.status() if replica.running() else {"running": False}, indent=1))
		else:
			replica.stop()
	except ReplicaError as err:
		print(f"replica: {err}", file=sys.stderr)
		return 1
	return 0


if __name__ == "__main__":
	sys.exit(main())
