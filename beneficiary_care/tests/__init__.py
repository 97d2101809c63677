"""What Frappe's own test command (`bench --site S run-tests --app beneficiary_care`) finds: see
test_pytest_tiers.py."""
