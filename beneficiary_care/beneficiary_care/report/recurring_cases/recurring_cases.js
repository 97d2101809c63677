frappe.query_reports["Recurring Cases"] = {
	filters: beneficiary_care.report_filters(),
	formatter: beneficiary_care.report_formatter,
};
