"""The three case DocTypes — Complaint, Inquiry, Suggestion — from one description.

What the three share (intake, contact, classification, answer, tracking counters, SLA fields) is
written once here; each kind adds its own statuses and fields. Frappe has no DocType inheritance, so
the JSON files are generated from this description:

    python -m tools.case_doctypes          # rewrite the three JSON files
    python -m tools.case_doctypes --check  # exit 1 if a JSON file differs (the unit tests do this)

Edit this file, not the JSON, for anything the three share.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from dataclasses import field as dc_field

from beneficiary_care.core.cases import PREFIXES
from beneficiary_care.core.lifecycle import statuses
from tools.doctype_json import ALL_RIGHTS, column, doctype, field, path_of, perm, render, section, write

PRIORITIES = ["Low", "Medium", "High", "Urgent"]
SLA_STATUSES = ["", "On Track", "At Risk", "Breached", "Met", "Missed"]


@dataclass
class CaseKind:
	name: str
	series: str
	statuses: list[str]
	resolution_label: str
	extra_sections: list[dict] = dc_field(default_factory=list)
	extra_submitter_fields: list[dict] = dc_field(default_factory=list)


COMPLAINT = CaseKind(
	name="Complaint",
	series=f"{PREFIXES['Complaint']}-.YYYY.-",
	statuses=statuses("Complaint"),
	resolution_label="Resolution",
	extra_submitter_fields=[
		field(
			"is_anonymous",
			"Check",
			"Anonymous Submitter",
			description="The submitter gave no name. Without a mobile or email no answer can be sent.",
		)
	],
	extra_sections=[
		section("decision_section", "Study and Decision"),
		field(
			"acceptance",
			"Select",
			"Acceptance",
			options=["", "Accepted", "Rejected"],
			in_standard_filter=1,
			read_only=1,
			description="Follows the status: rejected, or accepted once the complaint is taken up.",
		),
		field(
			"rejection_reason",
			"Small Text",
			"Rejection Reason",
			depends_on="eval:doc.status=='Rejected'",
			mandatory_depends_on="eval:doc.status=='Rejected'",
			description="Sent to the submitter with the decision.",
		),
		column("decision_column"),
		field("is_justified", "Select", "Justified", options=["", "Justified", "Not Justified"]),
		field(
			"is_confidential",
			"Check",
			"Confidential",
			description="About a named employee: visible only to Care Manager and the Complaints Committee.",
		),
		field(
			"named_employee",
			"Link",
			"Employee Complained About",
			options="User",
			depends_on="is_confidential",
			mandatory_depends_on="is_confidential",
			search_index=1,  # the reports ask whether a user is named in any complaint
		),
	],
)

INQUIRY = CaseKind(
	name="Inquiry",
	series=f"{PREFIXES['Inquiry']}-.YYYY.-",
	statuses=statuses("Inquiry"),
	resolution_label="Answer",
)

SUGGESTION = CaseKind(
	name="Suggestion",
	series=f"{PREFIXES['Suggestion']}-.YYYY.-",
	statuses=statuses("Suggestion"),
	resolution_label="Response to Submitter",
)

KINDS = [COMPLAINT, INQUIRY, SUGGESTION]


def case_fields(kind: CaseKind) -> list[dict]:
	return [
		section("submitter_section", "Submitter"),
		field(
			"naming_series",
			"Select",
			"Series",
			options=[kind.series],
			default=kind.series,
			hidden=1,
			no_copy=1,
		),
		field(
			"received_on",
			"Datetime",
			"Received On",
			reqd=1,
			default="now",
			in_list_view=1,
			search_index=1,
			description="When the case reached the association; back-date a walk-in or phone case if typed later.",
		),
		field("channel", "Link", "Channel", options="Case Channel", reqd=1, in_standard_filter=1),
		field("beneficiary", "Link", "Beneficiary File", options="Beneficiary", search_index=1),
		field(
			"beneficiary_name", "Data", "Beneficiary Name", fetch_from="beneficiary.full_name", read_only=1
		),
		*kind.extra_submitter_fields,
		column("submitter_column"),
		field("contact_name", "Data", "Submitter Name"),
		field("mobile", "Data", "Mobile", search_index=1),  # validated by the core, not Frappe's Phone check
		field("email", "Data", "Email", options="Email"),
		field(
			"reply_by_whatsapp",
			"Check",
			"Reply by WhatsApp",
			description="Messages to the submitter go by WhatsApp instead of SMS (set for a case that came by WhatsApp)",
		),
		section("classification_section", "Classification"),
		field(
			"subject_category", "Link", "Subject Category", options="Subject Category", in_standard_filter=1
		),
		field("need_category", "Link", "Need", options="Need Category", in_standard_filter=1),
		field("root_cause", "Link", "Root Cause", options="Root Cause"),
		column("classification_column"),
		field("priority", "Select", "Priority", options=PRIORITIES, default="Medium"),
		field("department", "Link", "Department", options="Care Department", in_standard_filter=1),
		field(
			"status",
			"Select",
			"Status",
			options=kind.statuses,
			default="New",
			reqd=1,
			in_list_view=1,
			in_standard_filter=1,
			search_index=1,
		),
		section("details_section", "Details"),
		field("subject", "Data", "Subject", reqd=1, in_list_view=1),
		field("description", "Text", "Description", reqd=1),
		section("resolution_section", kind.resolution_label),
		field("resolution", "Text Editor", kind.resolution_label),
		field(
			"first_contact_resolution",
			"Check",
			"Resolved at First Contact",
			description="The officer answered on the spot, in the first contact.",
		),
		*kind.extra_sections,
		section(
			"cancellation_section",
			"Cancellation",
			collapsible=1,
			depends_on="eval:doc.status=='Cancelled' || doc.duplicate_of",
		),
		field(
			"cancellation_reason",
			"Small Text",
			"Cancellation Reason",
			mandatory_depends_on="eval:doc.status=='Cancelled'",
			description="Cancelled or spam cases are left out of every figure and counted on their own line.",
		),
		field(
			"duplicate_of",
			"Link",
			"Duplicate Of",
			options=kind.name,
			description="Marking a duplicate cancels this case and links it to the one kept.",
		),
		section("sla_section", "Service Level", collapsible=1),
		field("sla_policy", "Link", "SLA Policy", options="Care SLA Policy", read_only=1),
		field("response_due", "Datetime", "Response Due", read_only=1),
		field("resolution_due", "Datetime", "Resolution Due", read_only=1, search_index=1),
		field(
			"sla_status",
			"Select",
			"SLA Status",
			options=SLA_STATUSES,
			read_only=1,
			in_standard_filter=1,
			in_list_view=1,
		),
		field(
			"paused_since",
			"Datetime",
			"Waiting on Beneficiary Since",
			read_only=1,
			depends_on="paused_since",
			no_copy=1,
		),
		field(
			"paused_seconds",
			"Duration",
			"Working Time Waited on Beneficiary",
			read_only=1,
			no_copy=1,
			description="Excluded from the resolution clock; the deadline moved later by as much.",
		),
		column("sla_column"),
		field("first_responded_on", "Datetime", "First Responded On", read_only=1),
		field("resolved_on", "Datetime", "Resolved On", read_only=1),
		field("closed_on", "Datetime", "Closed On", read_only=1, no_copy=1),
		field("escalation_level", "Int", "Escalation Level", read_only=1, default="0", in_standard_filter=1),
		field("sla_clock_start", "Datetime", "Resolution Clock Started", read_only=1, hidden=1, no_copy=1),
		# the calendar's special periods added up to this instant count in the deadlines (set when the clock
		# first gets deadlines; a recalculation on the calendar moves it)
		field("calendar_as_of", "Datetime", "Special Periods As Of", read_only=1, hidden=1, no_copy=1),
		# a case imported from history: ladder steps due before this instant passed, unapplied (core.sla)
		field("ladder_from", "Datetime", "Escalation Ladder From", read_only=1, hidden=1, no_copy=1),
		section("times_section", "Times Taken", collapsible=1),
		field(
			"response_working_seconds",
			"Duration",
			"Time to First Response (working)",
			read_only=1,
			no_copy=1,
			description="On the policy's working calendar, without time waiting on the beneficiary.",
		),
		field(
			"response_calendar_seconds",
			"Duration",
			"Time to First Response (calendar)",
			read_only=1,
			no_copy=1,
		),
		column("times_column"),
		field("resolution_working_seconds", "Duration", "Time to Resolve (working)", read_only=1, no_copy=1),
		field(
			"resolution_calendar_seconds", "Duration", "Time to Resolve (calendar)", read_only=1, no_copy=1
		),
		field(
			"next_sla_event_on",
			"Datetime",
			"Next SLA Check",
			read_only=1,
			hidden=1,
			no_copy=1,
			search_index=1,  # the escalation sweep selects by it
		),
		field(
			"figures_changed_on",
			"Datetime",
			"Figures Changed On",
			read_only=1,
			hidden=1,
			no_copy=1,
			search_index=1,  # the daily figures find what changed by it (figures.py)
		),
		field("reassignment_count", "Int", "Reassignments", read_only=1, default="0", no_copy=1),
		field("reopen_count", "Int", "Reopenings", read_only=1, default="0", no_copy=1),
		field("last_assignee", "Link", "Last Assignee", options="User", read_only=1, hidden=1, no_copy=1),
		*history_fields(),
	]


def history_fields() -> list[dict]:
	"""Cases brought in from the association's earlier records by Frappe's Data Import (cases/history.py)."""
	return [
		section(
			"history_section",
			"Previous System",
			collapsible=1,
			depends_on="eval:doc.is_historical || doc.legacy_reference",
		),
		field(
			"legacy_reference",
			"Data",
			"Previous System Reference",
			unique=1,
			no_copy=1,
			in_standard_filter=1,
			description="The case's number in the association's earlier records; importing the same sheet again updates the case it names.",
		),
		field(
			"is_historical",
			"Check",
			"Imported from History",
			read_only=1,
			no_copy=1,
			in_standard_filter=1,
			description="Brought in by Data Import: nothing was sent or assigned, and the steps of its escalation ladder that were already due were passed.",
		),
		column("history_column"),
		# columns of the import sheet only, read once when the row is imported and never kept
		field(
			"channel_as_written",
			"Data",
			"Channel as Written",
			hidden=1,
			no_copy=1,
			description="Import only: the channel's name or code as the sheet has it, instead of the Channel column.",
		),
		field(
			"beneficiary_national_id",
			"Data",
			"Beneficiary National ID",
			hidden=1,
			no_copy=1,
			description="Import only: the beneficiary file named by its national ID, instead of the Beneficiary File column; not kept on the case.",
		),
	]


def case_permissions() -> list[dict]:
	staff = dict(read=1, write=1, report=1, print=1, email=1)
	return [
		perm("System Manager", **ALL_RIGHTS),
		perm("Care Manager", **ALL_RIGHTS),
		perm("Care Officer", create=1, share=1, **staff),
		perm("Department Head", share=1, **staff),
		perm("Department Staff", **staff),
		perm("Complaints Committee", **staff),
		# Portal users: row-level rules in beneficiary_care.framework.permissions keep them to their own cases.
		perm("Care Beneficiary", read=1),
	]


def build(kind: CaseKind) -> dict:
	return doctype(
		kind.name,
		case_fields(kind),
		case_permissions(),
		autoname="naming_series:",
		naming_rule='By "Naming Series" field',
		title_field="subject",
		show_title_field_in_link=1,
		search_fields="subject,contact_name,mobile,legacy_reference",
		track_changes=1,
		allow_import=1,
		# Incoming mail: an Email Account can append to this DocType (Frappe's append_to).
		email_append_to=1,
		sender_field="email",
		sender_name_field="contact_name",
		subject_field="subject",
		sort_field="received_on",
		sort_order="DESC",
	)


def build_figures() -> dict:
	"""Case Day Figures: the reports' daily rollup, one column per metric of core.daily_figures."""
	from beneficiary_care.core.daily_figures import METRICS

	key = [
		field("day", "Date", "Day", in_list_view=1, read_only=1),
		field("case_kind", "Data", "Case Kind", in_list_view=1, read_only=1),
		field("department", "Data", "Department", in_list_view=1, read_only=1),
		field("confidential", "Check", "Confidential", read_only=1),
		column("col_key"),
		field("dimension", "Data", "Breakdown", in_list_view=1, read_only=1),
		field("value", "Data", "Value", read_only=1),
		field("as_of", "Datetime", "Brought Up to Date On", read_only=1),
		section("metrics_section", "Counts"),
	]
	metrics = [field(m.fieldname, m.fieldtype, m.label, read_only=1) for m in METRICS]
	return doctype(
		"Case Day Figures",
		key + metrics,
		[perm("System Manager", read=1, report=1, export=1), perm("Care Manager", read=1, report=1)],
		autoname="hash",
		naming_rule="Random",
		in_create=1,
		read_only=1,
		sort_field="day",
		sort_order="DESC",
		track_changes=0,
		description="Kept by the app from the cases; the reports read it. Never edited by hand.",
	)


def main(argv: list[str]) -> int:
	stale = []
	for doc in [*(build(kind) for kind in KINDS), build_figures()]:
		if "--check" in argv:
			path = path_of(doc["name"])
			if not path.exists() or path.read_text(encoding="utf-8") != render(doc):
				stale.append(str(path))
		else:
			print(write(doc))
	if stale:
		print("out of date, run python -m tools.case_doctypes:", *stale, sep="\n  ")
		return 1
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
