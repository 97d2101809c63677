// Desk helpers shared by the app's forms and lists (loaded on every desk page via app_include_js).
import "./desk_arabic";
import "./claimed_file";
frappe.provide("beneficiary_care");

// Numbers, phones and emails read left-to-right even on an Arabic page: without this "+9665…" shows
// as "9665…+" and "******1234" as "1234******".
beneficiary_care.LTR_FIELDS = ["mobile", "national_id", "national_id_masked", "email", "file_number"];

beneficiary_care.set_ltr = (frm) => {
	for (const fieldname of beneficiary_care.LTR_FIELDS) {
		const field = frm.fields_dict[fieldname];
		if (field) {
			field.$input && field.$input.attr("dir", "ltr");
			field.$wrapper.find(".control-value").attr("dir", "ltr");
		}
	}
};

// Digits typed on an Arabic keyboard become ASCII before the browser validates the field; the server
// normalises them too (beneficiary_care.core), this only spares the user a red border.
beneficiary_care.digit_fields = (fieldnames) => {
	const events = {};
	for (const fieldname of fieldnames) {
		events[fieldname] = (frm) => {
			const value = frm.doc[fieldname];
			const ascii = beneficiary_care.to_ascii_digits(value);
			if (value && ascii !== value) frm.set_value(fieldname, ascii);
		};
	}
	return events;
};

// Frappe appends the time zone to a Datetime field's description before translating it, so the
// combined text never matches its translation: translate the description first.
beneficiary_care.translate_datetime_descriptions = (frm) => {
	for (const df of frm.meta.fields) {
		if (df.fieldtype === "Datetime" && df.description && !df._translated) {
			frm.set_df_property(df.fieldname, "description", __(df.description));
			frm.fields_dict[df.fieldname].df._translated = true;
		}
	}
};

// ---------------------------------------------------------------- case forms

// Frappe's own helper: the desk's address is /app/... on v15 and /desk/... on v16
const link_to = (doctype, name) =>
	`<a href="${frappe.utils.get_form_link(doctype, name)}">${frappe.utils.escape_html(name)}</a>`;

// The same person's open cases and similar open cases, shown while the officer registers.
beneficiary_care.show_intake_hints = frappe.utils.debounce((frm) => {
	if (!frm.is_new() || (!frm.doc.beneficiary && !frm.doc.mobile && !frm.doc.subject)) return;
	frappe
		.call({
			method: "beneficiary_care.cases.intake.intake_hints",
			args: {
				doctype: frm.doctype,
				name: frm.is_new() ? null : frm.doc.name,
				beneficiary: frm.doc.beneficiary,
				mobile: frm.doc.mobile,
				text: [frm.doc.subject, frm.doc.description].filter(Boolean).join(" "),
			},
		})
		.then(({ message }) => {
			const lines = [];
			const row = (h) =>
				`${__(h.doctype)} ${link_to(h.doctype, h.name)} — ${frappe.utils.escape_html(
					h.subject || ""
				)} (${__(h.status)})`;
			if (message.same_person.length) {
				lines.push(`<b>${__("Open cases of the same person")}</b>`);
				message.same_person.forEach((h) => lines.push(row(h)));
			}
			if (message.similar.length) {
				lines.push(`<b>${__("Similar open cases")}</b>`);
				message.similar.forEach((h) => lines.push(row(h)));
			}
			// one block of hints: Frappe's headline appends, so an earlier answer is cleared first
			frm.dashboard.clear_headline();
			if (lines.length) frm.set_intro(lines.join("<br>"), "yellow");
		});
}, 600);

beneficiary_care.find_file_by_mobile = (frm) => {
	if (frm.doc.beneficiary || !frm.doc.mobile) return;
	frappe
		.call({ method: "beneficiary_care.cases.intake.find_beneficiary", args: { mobile: frm.doc.mobile } })
		.then(({ message }) => {
			if (message && !frm.doc.beneficiary) {
				frm.set_value("beneficiary", message.name);
				frappe.show_alert({
					message: __("Beneficiary file found: {0}", [message.full_name]),
					indicator: "green",
				});
			}
		});
};

// The lifecycle's next steps as buttons; a step that needs a reason or an answer asks for it.
beneficiary_care.add_lifecycle_buttons = (frm) => {
	const lifecycle = frm.doc.__onload && frm.doc.__onload.lifecycle;
	if (frm.is_new() || !lifecycle || frm.is_dirty()) return;
	for (const status of lifecycle.next) {
		frm.add_custom_button(__(status), () => beneficiary_care.move_to(frm, status, lifecycle), __("Actions"));
	}
};

beneficiary_care.move_to = (frm, status, lifecycle) => {
	const ask = (fieldname, fieldtype, label) =>
		frappe.prompt(
			[{ fieldname, fieldtype, label: __(label), reqd: 1, default: frm.doc[fieldname] }],
			(values) => {
				frm.set_value(fieldname, values[fieldname]);
				frm.set_value("status", status);
				frm.save();
			},
			__(status),
			__("Save")
		);
	if (status === "Rejected") return ask("rejection_reason", "Small Text", "Rejection Reason");
	if (status === "Cancelled") return ask("cancellation_reason", "Small Text", "Cancellation Reason");
	if (lifecycle.answering.includes(status) && !frm.doc.resolution)
		return ask("resolution", "Text Editor", "Answer");
	frm.set_value("status", status);
	frm.save();
};

// A deadline in the user's date format and the time without seconds, each part isolated: one
// left-to-right run "2026-12-03 16:00:00" reads, right to left, as the time before the date.
beneficiary_care.deadline_text = (value) => {
	if (!value) return "";
	const at = frappe.datetime.convert_to_user_tz(value, false);
	const date = at.format(frappe.datetime.get_user_date_fmt().toUpperCase());
	const time = at.format(frappe.datetime.get_user_time_fmt().replace(/:ss/, ""));
	return `<bdi dir="ltr" class="bc-date">${date}</bdi> <bdi dir="ltr" class="bc-time">${time}</bdi>`;
};

// "New {0}" is masculine in Arabic for every DocType («{0} جديد»); a complaint is feminine.
beneficiary_care.NEW_TITLES = { Complaint: () => __("New Complaint") };
beneficiary_care.set_new_title = (frm) => {
	const title = frm.is_new() && beneficiary_care.NEW_TITLES[frm.doctype];
	if (!title) return;
	frm.page.set_title(title());
	frappe.breadcrumbs.$breadcrumbs && frappe.breadcrumbs.$breadcrumbs.find("li:last-child a").text(title());
};

const SLA_COLOURS = { "On Track": "green", "At Risk": "orange", Breached: "red", Met: "green", Missed: "red" };

// The SLA at a glance: status, deadlines with their Hijri dates (and the special period a deadline
// falls in, e.g. Ramadan hours), waiting on the beneficiary.
beneficiary_care.show_sla = (frm) => {
	// Frappe's headline appends, and a first save refreshes the form twice (the rename to the new
	// name, then after_save) before either refresh handler runs: clear first, always
	frm.dashboard.clear_headline();
	if (frm.is_new() || !frm.doc.sla_status) return;
	const hijri = (frm.doc.__onload && frm.doc.__onload.hijri) || {};
	const periods = (frm.doc.__onload && frm.doc.__onload.periods) || {};
	const when = (fieldname) =>
		beneficiary_care.deadline_text(frm.doc[fieldname]) +
		(hijri[fieldname] ? ` <bdi>(${frappe.utils.escape_html(hijri[fieldname])})</bdi>` : "") +
		(periods[fieldname] ? ` — ${__("within {0} hours", [frappe.utils.escape_html(periods[fieldname])])}` : "");
	const parts = [
		`<span class="indicator-pill ${SLA_COLOURS[frm.doc.sla_status] || "gray"}">${__(frm.doc.sla_status)}</span>`,
	];
	if (!frm.doc.first_responded_on && frm.doc.response_due)
		parts.push(`${__("Response Due")}: ${when("response_due")}`);
	if (frm.doc.resolution_due)
		parts.push(`${__("Resolution Due")}: ${when("resolution_due")}`);
	if (frm.doc.paused_since) parts.push(__("Clock stopped: waiting on the beneficiary"));
	if (frm.doc.escalation_level) parts.push(`${__("Escalation Level")}: ${frm.doc.escalation_level}`);
	frm.dashboard.set_headline_alert(parts.join(" &nbsp;·&nbsp; "));
};

const RUNG_COLOURS = {
	Applied: "red",
	"Due Now": "orange",
	Upcoming: "blue",
	"Clock Stopped": "yellow",
	Passed: "gray",
	"Not Reached": "green",
};

// The escalation ladder of the case's current round (cases.document onload, core.sla.ladder): each
// step, what triggers it, and when it was applied or falls due, with the Hijri date.
beneficiary_care.show_ladder = (frm) => {
	frm.dashboard.parent.find(".bc-ladder").remove(); // a first save refreshes twice (see show_sla)
	const ladder = (frm.doc.__onload && frm.doc.__onload.ladder) || [];
	if (frm.is_new() || !ladder.length) return;
	const esc = frappe.utils.escape_html;
	const trigger = (rung) =>
		rung.trigger === "Hours After Breach"
			? __("{0} working hours after the breach", [rung.threshold])
			: __("{0}% of the resolution time used", [rung.threshold]);
	const rows = ladder.map(
		(rung) => `<tr class="bc-rung" data-step="${rung.step}" data-state="${esc(rung.state)}">
			<td>${rung.step}</td>
			<td>${esc(__(rung.action))}</td>
			<td>${esc(trigger(rung))}</td>
			<td><span class="indicator-pill ${RUNG_COLOURS[rung.state] || "gray"}">${esc(__(rung.state))}</span></td>
			<td>${rung.at ? beneficiary_care.deadline_text(rung.at) : ""}${
			rung.hijri ? ` <bdi>(${esc(rung.hijri)})</bdi>` : ""
		}</td>
		</tr>`
	);
	frm.dashboard.add_section(
		`<table class="table table-sm table-bordered bc-ladder-table">
			<thead><tr><th>#</th><th>${__("Action")}</th><th>${__("Trigger")}</th><th>${__("State")}</th><th>${__(
			"Date"
		)}</th></tr></thead>
			<tbody>${rows.join("")}</tbody>
		</table>`,
		__("Escalation Ladder"),
		"custom bc-ladder"
	);
	frm.dashboard.show();
};

beneficiary_care.case_form = {
	setup(frm) {
		beneficiary_care.translate_datetime_descriptions(frm);
	},
	refresh(frm) {
		beneficiary_care.set_ltr(frm);
		beneficiary_care.set_new_title(frm);
		beneficiary_care.show_sla(frm);
		beneficiary_care.show_ladder(frm);
		if (frm.doctype === "Inquiry" && !frm.is_new() && !frm.doc.resolved_on) {
			// a published answer to a common question, sent as this inquiry's answer
			frm.add_custom_button(__("Answer from FAQ"), () =>
				frappe.prompt(
					[
						{
							fieldname: "article",
							fieldtype: "Link",
							options: "Help Article",
							label: __("Help Article"),
							reqd: 1,
							get_query: () => ({ filters: { published: 1 } }),
						},
					],
					({ article }) =>
						frappe.db.get_value("Help Article", article, "content").then(({ message }) => {
							frm.set_value("resolution", message.content);
							frappe.show_alert({ message: __("Review the answer, then mark the inquiry Answered."), indicator: "blue" });
						}),
					__("Answer from FAQ")
				)
			);
		}
		if (!frm.is_new() && frm.doc.resolved_on) {
			// a survey taken by phone, recorded by the officer on the case
			frm.add_custom_button(__("Record Phone Survey"), () =>
				frappe.new_doc("Satisfaction Survey", {
					reference_doctype: frm.doctype,
					reference_name: frm.doc.name,
					beneficiary: frm.doc.beneficiary,
					survey_method: "Phone",
				})
			);
		}
		if (!frm.is_new() && frm.doc.reply_by_whatsapp && frm.doc.mobile && !["Closed", "Cancelled"].includes(frm.doc.status)) {
			// a reply in the person's WhatsApp conversation (inside the 24-hour window: whatsapp.reply)
			frm.add_custom_button(__("Reply on WhatsApp"), () =>
				frappe.prompt(
					[{ fieldname: "text", fieldtype: "Small Text", label: __("Reply"), reqd: 1 }],
					({ text }) =>
						frappe
							.call({
								method: "beneficiary_care.messaging.whatsapp_inbox.reply",
								args: { doctype: frm.doctype, name: frm.doc.name, text },
								freeze: true,
							})
							.then(() => {
								frappe.show_alert({ message: __("The reply is on its way on WhatsApp."), indicator: "green" });
								frm.reload_doc();
							}),
					__("Reply on WhatsApp"),
					__("Send")
				)
			);
		}
		beneficiary_care.add_lifecycle_buttons(frm);
		beneficiary_care.show_claimed_file(frm);
		// one message area: intake hints while registering, the SLA once the case exists
		if (frm.is_new()) beneficiary_care.show_intake_hints(frm);
	},
	mobile(frm) {
		const ascii = beneficiary_care.to_ascii_digits(frm.doc.mobile);
		if (frm.doc.mobile && ascii !== frm.doc.mobile) return frm.set_value("mobile", ascii);
		beneficiary_care.find_file_by_mobile(frm);
		beneficiary_care.show_intake_hints(frm);
	},
	beneficiary: (frm) => beneficiary_care.show_intake_hints(frm),
	subject: (frm) => beneficiary_care.show_intake_hints(frm),
	first_contact_resolution(frm) {
		// Resolved on the spot: the same save registers and closes the answer.
		if (frm.is_new() && frm.doc.first_contact_resolution) {
			const answered = { Complaint: "Resolved", Inquiry: "Answered" }[frm.doctype];
			if (answered) frm.set_value("status", answered);
		} else if (frm.is_new()) {
			frm.set_value("status", "New");
		}
	},
};

const CASE_STATUS_COLOURS = {
	New: "blue",
	Accepted: "cyan",
	"In Progress": "orange",
	"Under Study": "orange",
	"Awaiting Beneficiary": "yellow",
	Resolved: "green",
	Answered: "green",
	Adopted: "green",
	Closed: "gray",
	Rejected: "red",
	Declined: "red",
	Reopened: "purple",
	Cancelled: "darkgrey",
};

beneficiary_care.case_list = {
	add_fields: ["status", "sla_status"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		return [__(doc.status), CASE_STATUS_COLOURS[doc.status] || "gray", "status,=," + doc.status];
	},
	formatters: {
		mobile: (value) => (value ? `<span dir="ltr">${frappe.utils.escape_html(value)}</span>` : ""),
		sla_status: (value) =>
			value ? `<span class="indicator-pill ${SLA_COLOURS[value] || "gray"}">${__(value)}</span>` : "",
	},
};

// ---------------------------------------------------------------- report filters

// The period filters every report shares: a fiscal quarter, four months, half-year or year, or any
// from–to range (the fiscal year's first month is in Beneficiary Care Settings).
// Percentages and changes ("+48.85%") read left to right inside an Arabic report.
beneficiary_care.report_formatter = (value, row, column, data, default_formatter) => {
	const html = default_formatter(value, row, column, data);
	if (["rate", "target", "share", "change", "previous", "current"].includes(column.fieldname) && value)
		return `<span dir="ltr">${html}</span>`;
	return data && data.bold ? `<b>${html}</b>` : html;
};

beneficiary_care.report_filters = () => [
	{
		fieldname: "period",
		label: __("Period"),
		fieldtype: "Select",
		options: [
			{ value: "Quarter", label: __("Quarter") },
			{ value: "Four Months", label: __("Four Months") },
			{ value: "Half-Year", label: __("Half-Year") },
			{ value: "Year", label: __("Year") },
			{ value: "Range", label: __("Custom Range") },
		],
		default: "Half-Year",
		reqd: 1,
	},
	{
		fieldname: "fiscal_year",
		label: __("Fiscal Year"),
		fieldtype: "Int",
		default: new Date().getFullYear(),
		depends_on: "eval:doc.period != 'Range'",
	},
	{
		fieldname: "period_number",
		label: __("Period Number"),
		fieldtype: "Int",
		default: 1,
		depends_on: "eval:!['Year', 'Range'].includes(doc.period)",
	},
	{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", depends_on: "eval:doc.period == 'Range'" },
	{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", depends_on: "eval:doc.period == 'Range'" },
	{
		fieldname: "case_kind",
		label: __("Case Kind"),
		fieldtype: "Select",
		options: ["", "Complaint", "Inquiry", "Suggestion"].map((value) => ({ value, label: value ? __(value) : "" })),
	},
	{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "Care Department" },
	{ fieldname: "channel", label: __("Channel"), fieldtype: "Link", options: "Case Channel" },
];

// Recurring Inquiries → a draft Help Article from a group, opened for staff to edit and publish.
beneficiary_care.draft_faq = (encoded) =>
	frappe
		.call("beneficiary_care.portal.faq.draft_help_article", { cases: decodeURIComponent(encoded) })
		.then(({ message }) => frappe.set_route("Form", "Help Article", message));
