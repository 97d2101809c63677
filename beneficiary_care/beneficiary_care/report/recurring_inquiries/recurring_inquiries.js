frappe.query_reports["Recurring Inquiries"] = {
	filters: beneficiary_care.report_filters(),
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "action" && data && data.cases) {
			return `<button class="btn btn-xs btn-default" onclick="beneficiary_care.draft_faq('${encodeURIComponent(data.cases)}')">${__("Draft Help Article")}</button>`;
		}
		return beneficiary_care.report_formatter(value, row, column, data, default_formatter);
	},
};
