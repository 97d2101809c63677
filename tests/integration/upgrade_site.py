"""The two halves of the upgrade test (test_upgrade.py), each run with the bench's Python in the bench's
sites folder against the upgrade site, with PYTHONPATH choosing the app's release:

    python upgrade_site.py write SITE   # with the first release: cases of every kind and status
    python upgrade_site.py check SITE   # with this checkout, after `bench migrate`: what must hold

Each prints one line, `RESULT <json>`. Only plain Frappe calls are used on the old release's side, so
that the script runs against whatever that release's DocTypes hold."""

from __future__ import annotations

import datetime as dt
import json
import sys


def connect(site: str):
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	return frappe


KINDS = ("Complaint", "Inquiry", "Suggestion")


def write(site: str) -> dict:
	"""Cases of every kind and every status the release knows, written as that release writes a new case
	(its own controller), then moved to the status with the values the status needs."""
	frappe = connect(site)
	channel = frappe.get_all("Case Channel", pluck="name", limit=1)[0]
	now = frappe.utils.now_datetime().replace(microsecond=0)
	written = {}
	for kind in KINDS:
		meta = frappe.get_meta(kind)
		statuses = [s for s in (meta.get_field("status").options or "").split("\n") if s]
		for i, status in enumerate(statuses):
			received = now - dt.timedelta(days=40 + i)
			doc = frappe.get_doc(
				{
					"doctype": kind,
					"channel": channel,
					"subject": f"حالة قبل الترقية {kind} {status}",
					"description": "كتبت بالإصدار الأول من التطبيق.",
					"contact_name": "مستفيد",
					"mobile": f"05{50000000 + i:08d}",
					"received_on": received,
				}
			)
			doc.flags.ignore_mandatory = True
			doc.insert(ignore_permissions=True)
			values = {"status": status}
			answered = status in ("Resolved", "Answered", "Adopted", "Declined", "Rejected", "Closed")
			for field, value in (
				("resolution", "الرد على الحالة." if answered else None),
				("rejection_reason", "خارج نطاق الجمعية" if status == "Rejected" else None),
				("cancellation_reason", "مكررة" if status == "Cancelled" else None),
				("resolved_on", received + dt.timedelta(days=2) if answered else None),
				("first_responded_on", received + dt.timedelta(days=1) if answered else None),
			):
				if value is not None and meta.has_field(field):
					values[field] = value
			frappe.db.set_value(kind, doc.name, values, update_modified=False)
			written[doc.name] = {"kind": kind, "status": status}
	frappe.db.commit()
	messages = frappe.db.count("Case Message") if frappe.db.table_exists("Case Message") else 0
	return {"cases": written, "messages": messages}


def check(site: str, written: dict) -> dict:
	"""After `bench migrate` to this checkout: every case kept as it was, every open case watched by the
	sweep, nothing sent or escalated by the upgrade, every report runs and counts the cases, every patch
	ran, the settings filled."""
	frappe = connect(site)
	from beneficiary_care.core.lifecycle import CANCELLED, DONE
	from beneficiary_care.service_levels import escalation

	problems = []
	for name, was in written.items():
		case = frappe.db.get_value(
			was["kind"],
			name,
			["status", "response_due", "resolution_due", "sla_status", "ladder_from", "received_on"],
			as_dict=True,
		)
		if case is None:
			problems.append(f"{name}: gone")
			continue
		if case.status != was["status"]:
			problems.append(f"{name}: status {was['status']} became {case.status}")
		open_case = case.status not in DONE[was["kind"]]
		if open_case and not (case.response_due and case.resolution_due and case.sla_status):
			problems.append(f"{name} ({case.status}): no deadlines or SLA status after the upgrade")
		if open_case and not case.ladder_from:
			problems.append(f"{name} ({case.status}): its past ladder steps were not passed")
	sweep = escalation.sweep()
	frappe.db.commit()
	escalations = frappe.db.count("Case Escalation")
	messages = frappe.db.count("Case Message")
	# every report runs over the cases' months and counts them
	from beneficiary_care.beneficiary_care.report.beneficiary_care_kpis import beneficiary_care_kpis
	from beneficiary_care.beneficiary_care.report.periodic_summary import periodic_summary

	received = [
		frappe.db.get_value(w["kind"], n, "received_on")
		for n, w in written.items()
		if w["status"] != CANCELLED
	]
	period = {
		"period": "Range",
		"from_date": str(min(received).date()),
		"to_date": str(max(received).date()),
	}
	summary = periodic_summary.execute(dict(period))[1]
	total = next(r for r in summary if r.get("label") == frappe._("Total"))
	if total["current"] != len(received):
		problems.append(f"Periodic Summary counts {total['current']} cases, not {len(received)}")
	beneficiary_care_kpis.execute(dict(period))
	patches = [
		line.split("#")[0].strip()
		for line in open(frappe.get_app_path("beneficiary_care", "patches.txt"), encoding="utf-8")
		if line.strip() and not line.startswith(("#", "["))
	]
	missing = [p for p in patches if not frappe.db.exists("Patch Log", {"patch": ("like", f"{p}%")})]
	if missing:
		problems.append(f"patches not run: {missing}")
	settings = frappe.get_single("Beneficiary Care Settings")
	if not settings.default_calendar:
		problems.append("settings: no default calendar")
	return {
		"problems": problems,
		"sweep": sweep,
		"escalations": escalations,
		"messages": messages,
		"open": sum(1 for w in written.values() if w["status"] not in DONE[w["kind"]]),
	}


if __name__ == "__main__":
	action, site = sys.argv[1], sys.argv[2]
	if action == "write":
		result = write(site)
	else:
		result = check(site, json.loads(sys.stdin.read()))
	print("RESULT " + json.dumps(result, ensure_ascii=False, default=str))
