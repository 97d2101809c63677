"""Versions written before the history was masked (permissions.mask_history) still held a file's old
and new national IDs in clear: mask them as a new Version is masked now. Rows are read in batches by
name; only those that name a hidden field are rewritten, and running it again changes nothing."""

import frappe

from beneficiary_care.framework.permissions import HIDDEN_FIELDS, masked_version_data, protected_fields

BATCH = 500


def execute():
	version = frappe.qb.DocType("Version")
	for doctype, fieldnames in HIDDEN_FIELDS.items():
		protected = protected_fields(doctype)
		mentions = None
		for f in fieldnames:
			condition = version.data.like(f'%"{f}"%')
			mentions = condition if mentions is None else mentions | condition
		last = ""
		while True:
			rows = (
				frappe.qb.from_(version)
				.select(version.name, version.data)
				.where((version.ref_doctype == doctype) & (version.name > last) & mentions)
				.orderby(version.name)
				.limit(BATCH)
				.run(as_dict=True)
			)
			for row in rows:
				masked = masked_version_data(row.data, protected)
				if masked != row.data:
					frappe.qb.update(version).set(version.data, masked).where(version.name == row.name).run()
			if len(rows) < BATCH:
				break
			last = rows[-1].name
