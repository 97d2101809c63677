"""A real read replica (issue 13): a second MariaDB server on this machine following the site's database
by binlog replication (tools/replica.py), with a user that may only read. Every report, number card and
chart runs there through Frappe's own `read_from_replica`, writes nothing there, and answers as the
primary does once the replica has caught up; with replication stopped it answers the replica's state,
and with the replica down it answers from the primary and logs a warning.

The replica needs the primary to write a binary log (`python -m tools.replica enable-binlog` as root,
which .ci/run does); without one the module is skipped with that reason."""

from tests.integration import require_site

require_site()


import frappe
import pytest

from beneficiary_care.reporting import dashboard
from tests.integration import helpers
from tools import replica as replicas
from tools.loopback import free_port

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "ALTER", "DROP", "TRUNCATE", "LOCK")


def today() -> dict:
	"""The cases received today, in the site's time zone."""
	return {"period": "Range", "from_date": frappe.utils.today(), "to_date": frappe.utils.today()}


CARDS = (
	dashboard.received_this_month,
	dashboard.received_last_month,
	dashboard.csat_this_quarter,
	dashboard.breaches_this_week,
	dashboard.open_breached,
)
CHARTS = {
	"Complaints Received": dashboard.cases_over_time,
	"Open Complaints by SLA Status": dashboard.cases_grouped,
}


def run_report(name: str, **kwargs) -> dict:
	"""As the desk runs a report: the method the site answers /api/method/frappe.desk.query_report.run
	with (hooks' override_whitelisted_methods, as frappe.handler.execute_cmd resolves it)."""
	[method] = frappe.get_hooks("override_whitelisted_methods")["frappe.desk.query_report.run"][-1:]
	return frappe.get_attr(method)(name, **kwargs)


@pytest.fixture(scope="module")
def replica(site, tmp_path_factory):
	try:
		primary = replicas.Primary()
		if not primary.binlog_on():
			pytest.skip("the primary writes no binary log: `python -m tools.replica enable-binlog` as root")
	except (replicas.ReplicaError, FileNotFoundError) as err:
		pytest.skip(f"no administrator access to the primary over TCP ($BC_DB_ROOT_USER): {err}")
	server = replicas.Replica(tmp_path_factory.mktemp("replica"), free_port(), primary)
	try:
		server.start(frappe.conf.db_name)
	except replicas.ReplicaError as err:
		pytest.skip(f"the replica could not start here: {err}")
	yield server
	server.stop()


@pytest.fixture
def on_replica(replica, monkeypatch):
	"""The site's config reads from the replica, as `bench set-config` would set it."""
	for key, value in replica.site_config().items():
		monkeypatch.setitem(frappe.local.conf, key, value)
	yield replica
	_new_request()


@pytest.fixture
def committed(cleanup):
	"""Cases committed on the primary (a replica sees nothing uncommitted), removed afterwards with what
	they made (conftest's cleanup)."""
	made = []
	yield made
	cleanup.extend((doc.doctype, doc.name) for doc in made)


def _new_request() -> None:
	"""Frappe switches to the replica once per request (connect_replica); each call here is a request."""
	for attribute in ("replica_db", "primary_db"):
		if hasattr(frappe.local, attribute):
			delattr(frappe.local, attribute)


def reports() -> list[str]:
	"""The app's query reports, every one of them."""
	return frappe.get_all(
		"Report", filters={"module": "Beneficiary Care", "report_type": "Script Report"}, pluck="name"
	)


def everything() -> dict:
	out = {}
	for name in reports():
		_new_request()
		out[name] = run_report(name, filters=today(), ignore_prepared_report=True)["result"]
	for card in CARDS:
		_new_request()
		out[card.__name__] = card()
	for chart, source in CHARTS.items():
		_new_request()
		out[chart] = source(chart_name=chart, refresh=1)
	return out


def cases_of_today(made: list, n: int) -> None:
	for i in range(n):
		made.append(helpers.case("Complaint", subject=f"نسخة القراءة {i}"))
	frappe.db.commit()


def complaints_today(figures: dict) -> int:
	[row] = [r for r in figures["Periodic Summary"] if r.get("label") == frappe._("Complaint")]
	return row["current"]


def test_reports_cards_and_charts_read_the_replica_write_nothing_there_and_match_the_primary(
	on_replica, committed, monkeypatch
):
	for key in on_replica.site_config():
		monkeypatch.delitem(frappe.local.conf, key)
	before = complaints_today(everything())
	cases_of_today(committed, 3)
	on_primary = everything()
	assert complaints_today(on_primary) == before + 3  # the reports count the cases just saved
	on_replica.wait_caught_up()
	for key, value in on_replica.site_config().items():
		monkeypatch.setitem(frappe.local.conf, key, value)
	on_replica.start_logging()
	assert everything() == on_primary
	asked = on_replica.statements_by(replicas.READER_USER)
	assert any("tabComplaint" in q for q in asked)  # the cases were read there
	assert not [q for q in asked if q.lstrip().upper().startswith(WRITES)]
	# the replica is checked once a request, though a report's run and its execute both read there
	assert sum(q.strip().upper() == "SELECT 1" for q in asked) == len(on_primary)
	# and the reader could not write if it tried: the replica refuses
	with pytest.raises(replicas.ReplicaError):
		replicas.run(
			[
				"mariadb",
				"--host=127.0.0.1",
				f"--port={on_replica.port}",
				f"--user={replicas.READER_USER}",
				f"--password={on_replica.reader_password}",
				frappe.conf.db_name,
				"-e",
				"UPDATE tabComplaint SET subject = 'x' LIMIT 1",
			]
		)


def test_with_replication_stopped_reports_answer_the_replicas_state_and_are_exact_after_it_resumes(
	on_replica, committed
):
	cases_of_today(committed, 2)
	on_replica.wait_caught_up()
	kpis = "Beneficiary Care KPIs"

	def received() -> dict:
		_new_request()
		rows = run_report(kpis, filters=today(), ignore_prepared_report=True)["result"]
		return {row.get("kpi") or row.get("label"): row for row in rows if isinstance(row, dict)}

	def complaints_now() -> int:
		_new_request()
		[total] = [
			r
			for r in run_report("Periodic Summary", filters=today(), ignore_prepared_report=True)["result"]
			if r.get("label") == frappe._("Complaint")
		]
		return total["current"]

	before = complaints_now()
	on_replica.pause()
	try:
		cases_of_today(committed, 2)  # saved on the primary while the replica does not follow
		assert complaints_now() == before  # the replica's state: documented in the README
		assert received()
	finally:
		on_replica.resume()
	on_replica.wait_caught_up()
	after = complaints_now()
	assert after == before + 2
	_new_request()
	for key in on_replica.site_config():
		frappe.local.conf.pop(key)
	assert complaints_now() == after  # the primary's own count


def test_a_replica_that_is_down_falls_back_to_the_primary_with_a_logged_warning(replica, monkeypatch):
	for key, value in {**replica.site_config(), "replica_db_port": free_port()}.items():
		monkeypatch.setitem(frappe.local.conf, key, value)
	warnings = []
	logger = frappe.logger("beneficiary_care")
	monkeypatch.setattr(logger, "warning", lambda message, *a, **k: warnings.append(message))
	_new_request()
	result = run_report("Periodic Summary", filters=today(), ignore_prepared_report=True)
	assert result["result"]
	_new_request()
	assert dashboard.open_breached()["fieldtype"] == "Int"
	assert len(warnings) == 2 and all("did not answer" in w for w in warnings)
	assert frappe.db.sql("SELECT 1")  # the request's own connection is the primary again
	_new_request()
