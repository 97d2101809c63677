frappe.query_reports["Beneficiary Care KPIs"] = {
	filters: beneficiary_care.report_filters(),
	formatter: beneficiary_care.report_formatter,
};
