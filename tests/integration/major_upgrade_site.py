"""The two halves of the v15 → v16 upgrade test (test_major_upgrade.py), each run with a bench's Python in
that bench's sites folder against the upgrade site, with this checkout first on PYTHONPATH:

    python major_upgrade_site.py write SITE     # on v15: the association's data, then its fingerprint
    python major_upgrade_site.py fingerprint SITE  # on v16, after restore and `bench migrate`

Each prints one line, `RESULT <json>`. The fingerprint is everything the association would miss if it
changed: every row of every table of the app's DocTypes and the app's single settings, the Frappe
records the app keeps (its Workflow, Assignment Rules, standard Notifications, roles), the timelines of
the cases (comments, versions, communications, by kind), every file attached to the app's records with
the SHA-256 of its bytes, and the KPI report and Periodic Summary of H1-2023 and of the whole range."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# the cases of every kind and status, as the single-major upgrade test writes them
import upgrade_site

H1_2023 = {"report_kind": "Half-Year", "fiscal_year": 2023, "period_index": 1}
MODULE = "Beneficiary Care"


def write(site: str) -> dict:
	"""On v15: cases of every kind and status, the demo's two half-years with their surveys, history
	brought in with Frappe's Data Import, a WhatsApp contact, an approved H1-2023 board report with its
	stored PDF; all committed. Returns the fingerprint."""
	written = upgrade_site.write(site)  # connects
	import frappe
	from frappe.core.doctype.data_import.data_import import start_import
	from frappe.model.workflow import apply_workflow

	from beneficiary_care.reporting import figures_rollup
	from beneficiary_care.setup import demo

	demo.load()
	frappe.db.commit()
	sample = Path(frappe.get_app_path("beneficiary_care", "fixtures", "history_sample"))
	# the sample sheets' columns are in Arabic: the import runs in its user's language
	frappe.db.set_value("User", "Administrator", "language", "ar")
	frappe.local.lang = "ar"
	for doctype, sheet in (
		("Beneficiary", "beneficiaries"),
		("Complaint", "complaints"),
		("Inquiry", "inquiries"),
		("Suggestion", "suggestions"),
	):
		frappe.cache.hdel("data_import_column_header_map", doctype)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{sheet}.csv",
				"content": (sample / f"{sheet}.csv").read_bytes(),
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
		data_import = frappe.get_doc(
			{
				"doctype": "Data Import",
				"reference_doctype": doctype,
				"import_type": "Insert New Records",
				"import_file": file.file_url,
				"mute_emails": 1,
			}
		).insert()
		frappe.db.commit()
		start_import(data_import.name)
		frappe.db.commit()
		failed = frappe.get_all(
			"Data Import Log", filters={"data_import": data_import.name, "success": 0}, pluck="messages"
		)
		assert not failed, f"{sheet}: {failed[:3]}"
	frappe.local.lang = "en"
	frappe.get_doc(
		{
			"doctype": "WhatsApp Contact",
			"mobile": "+966550000099",
			"profile_name": "مستفيد واتساب",
			"last_inbound_on": "2026-11-30 10:00:00",
		}
	).insert(ignore_permissions=True)
	report = frappe.get_doc({"doctype": "Care Board Report", **H1_2023}).insert()
	report = apply_workflow(report, "Submit for Review")
	report = frappe.get_doc("Care Board Report", report.name)
	report.update({"meeting_date": "2023-08-15", "decision_number": "12/2023"})
	report.save()
	apply_workflow(report, "Approve")
	frappe.db.commit()
	figures_rollup.refresh()
	frappe.db.commit()
	return {"cases": written["cases"], "fingerprint": fingerprint(frappe)}


def _value(value):
	return None if value is None else str(value)


def fingerprint(frappe) -> dict:
	from beneficiary_care.beneficiary_care.report.beneficiary_care_kpis import beneficiary_care_kpis
	from beneficiary_care.beneficiary_care.report.periodic_summary import periodic_summary
	from beneficiary_care.core.cases import CASE_DOCTYPES

	frappe.clear_cache()
	doctypes = frappe.get_all(
		"DocType", filters={"module": MODULE, "is_virtual": 0}, fields=["name", "issingle"], order_by="name"
	)
	tables, singles = {}, {}
	for doctype in doctypes:
		if doctype.issingle:
			singles[doctype.name] = {
				row.field: row.value
				for row in frappe.db.sql(
					"select field, value from `tabSingles` where doctype = %s", doctype.name, as_dict=True
				)
			}
			continue
		rows = frappe.db.sql(f"select * from `tab{doctype.name}` order by name", as_dict=True)
		tables[doctype.name] = {row.name: {k: _value(v) for k, v in row.items()} for row in rows}
	kept = {
		"Workflow": frappe.get_all("Workflow", filters={"document_type": "Care Board Report"}, pluck="name"),
		"Workflow states": frappe.get_all(
			"Workflow Document State",
			filters={"parent": "Care Board Report Approval"},
			fields=["state", "doc_status", "allow_edit"],
			order_by="idx",
		),
		"Assignment Rule": frappe.get_all(
			"Assignment Rule",
			filters={"document_type": ["in", list(CASE_DOCTYPES)]},
			fields=["name", "document_type", "rule", "disabled"],
			order_by="name",
		),
		"Assignment Rule users": frappe.get_all(
			"Assignment Rule User",
			filters={"parenttype": "Assignment Rule"},
			fields=["parent", "user"],
			order_by="parent, user",
		),
		"Notification": frappe.get_all(
			"Notification", filters={"module": MODULE}, fields=["name", "enabled"], order_by="name"
		),
		"Role": frappe.get_all(
			"Role",
			filters={"name": ["in", ["Care Officer", "Care Manager", "Care Beneficiary", "Board Member"]]},
			fields=["name", "desk_access"],
			order_by="name",
		),
	}
	ours = [d.name for d in doctypes]
	timelines = {
		table: [
			list(r)
			for r in frappe.db.sql(
				f"""select reference_doctype, count(*), max(creation) from `tab{table}`
				where reference_doctype in %(ours)s group by reference_doctype order by reference_doctype""",
				{"ours": ours},
			)
		]
		for table in ("Comment", "Communication")
	}
	timelines["Version"] = [
		list(r)
		for r in frappe.db.sql(
			"""select ref_doctype, count(*) from `tabVersion` where ref_doctype in %(ours)s
			group by ref_doctype order by ref_doctype""",
			{"ours": ours},
		)
	]
	files = {}
	for file in frappe.get_all(
		"File",
		filters={"attached_to_doctype": ["in", ours]},
		fields=["name", "file_url", "attached_to_doctype", "attached_to_name", "is_private"],
		order_by="name",
	):
		content = frappe.get_doc("File", file.name).get_content()
		files[file.file_url] = {
			"attached_to": [file.attached_to_doctype, file.attached_to_name],
			"sha256": hashlib.sha256(content if isinstance(content, bytes) else content.encode()).hexdigest(),
		}
	reports = {}
	for label, filters in (
		("H1-2023", {"period": "Half-Year", "fiscal_year": 2023, "period_number": 1}),
		("range", {"period": "Range", "from_date": "2020-01-01", "to_date": "2026-12-31"}),
	):
		reports[f"kpis {label}"] = json.loads(
			json.dumps(beneficiary_care_kpis.execute(dict(filters))[1], default=str)
		)
		reports[f"summary {label}"] = json.loads(
			json.dumps(periodic_summary.execute(dict(filters))[1], default=str)
		)
	approved = frappe.get_all(
		"Care Board Report",
		filters={"workflow_state": "Approved by the Board"},
		fields=["name", "pdf_file", "pdf_sha256"],
	)
	return {
		"tables": tables,
		"singles": singles,
		"kept": json.loads(json.dumps(kept, default=str)),
		"timelines": json.loads(json.dumps(timelines, default=str)),
		"files": files,
		"reports": reports,
		"approved": [dict(r) for r in approved],
	}


def connect(site: str):
	return upgrade_site.connect(site)


if __name__ == "__main__":
	action, site = sys.argv[1], sys.argv[2]
	if action == "write":
		result = write(site)
	else:
		result = {"fingerprint": fingerprint(connect(site))}
	print("RESULT " + json.dumps(result, ensure_ascii=False, default=str))
