"""tools/replica.py's parsing and the site config it writes (the server side runs in tier 2)."""

from tools.replica import parse_vertical, site_config

SLAVE_STATUS = """*************************** 1. row ***************************
                Slave_IO_State: Waiting for master to send event
                   Master_Host: 127.0.0.1
              Slave_IO_Running: Yes
             Slave_SQL_Running: No
                    Last_Error: Error 'Duplicate entry: 1' on query. Default database: 'x'
         Seconds_Behind_Master: NULL
"""


def test_show_status_vertical_output_is_read_field_by_field_with_colons_kept_in_values():
	status = parse_vertical(SLAVE_STATUS)
	assert status["Slave_IO_Running"] == "Yes" and status["Slave_SQL_Running"] == "No"
	assert status["Last_Error"] == "Error 'Duplicate entry: 1' on query. Default database: 'x'"
	assert status["Seconds_Behind_Master"] == "NULL"
	assert not any(key.startswith("*") for key in status)


def test_the_site_config_uses_frappe_v15s_keys_and_the_readers_own_credentials():
	config = site_config("127.0.0.1", 3307, "bc_reader", "secret")
	assert config == {
		"read_from_replica": 1,
		"replica_host": "127.0.0.1",
		"replica_db_port": 3307,
		"different_credentials_for_replica": 1,
		"replica_db_name": "bc_reader",
		"replica_db_password": "secret",
	}
