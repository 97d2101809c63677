const ltr = (value) => (value ? `<span dir="ltr">${frappe.utils.escape_html(value)}</span>` : "");

frappe.listview_settings["Beneficiary"] = {
	add_fields: ["file_status"],
	get_indicator(doc) {
		const colour = { Active: "green", "Under Study": "orange", Closed: "gray" }[doc.file_status];
		return [__(doc.file_status), colour || "gray", "file_status,=," + doc.file_status];
	},
	formatters: { national_id_masked: ltr, mobile: ltr, file_number: ltr },
};
