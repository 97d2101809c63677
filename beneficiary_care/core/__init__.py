"""Framework-free rules and arithmetic of beneficiary_care.

Nothing in this package imports frappe: every function takes plain values (and `now` or settings as
arguments where it needs them), so the rules are unit-tested in milliseconds without a site.
Frappe adapters elsewhere in the app translate documents to plain values, call in here and write back.
"""
