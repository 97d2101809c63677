frappe.query_reports["Cases by Need and Channel"] = {
	filters: beneficiary_care.report_filters(),
	formatter: beneficiary_care.report_formatter,
};
