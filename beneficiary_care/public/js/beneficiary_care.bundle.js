// Desk helpers shared by the app's forms and lists (loaded on every desk page via app_include_js).
frappe.provide("beneficiary_care");

const ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩";
const EXTENDED_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹";

beneficiary_care.to_ascii_digits = (text) =>
	(text || "").replace(/[٠-٩۰-۹]/g, (d) => {
		const i = ARABIC_INDIC.indexOf(d);
		return String(i >= 0 ? i : EXTENDED_ARABIC_INDIC.indexOf(d));
	});

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

beneficiary_care.case_form = {
	setup(frm) {
		beneficiary_care.translate_datetime_descriptions(frm);
	},
	refresh(frm) {
		beneficiary_care.set_ltr(frm);
	},
	...beneficiary_care.digit_fields(["mobile"]),
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
	},
};
