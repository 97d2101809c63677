frappe.query_reports["Periodic Summary"] = {
	filters: beneficiary_care.report_filters(),
	formatter: beneficiary_care.report_formatter,
};
