// The workspace's charts read from the site's replica (beneficiary_care.reporting.dashboard).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Care Cases Over Time"] = {
	method: "beneficiary_care.reporting.dashboard.cases_over_time",
	filters: [],
};
