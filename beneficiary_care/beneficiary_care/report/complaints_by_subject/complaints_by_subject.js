frappe.query_reports["Complaints by Subject"] = {
	filters: beneficiary_care.report_filters(),
	formatter: beneficiary_care.report_formatter,
};
