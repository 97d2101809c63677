frappe.query_reports["Recurring Cases"] = {
	filters: beneficiary_care.report_filters(),
	formatter(value, row, column, data, default_formatter) {
		const html = beneficiary_care.report_formatter(value, row, column, data, default_formatter);
		if (column.fieldname !== "kind" || !data || !data.recurrence) return html;
		// a special report about this recurrence (seed: special reports); people are never named in it
		const subject = data.recurrence === "Same Subject" ? data.key : "";
		return `${html} <a class="bc-draft-special small" data-recurrence="${frappe.utils.escape_html(
			data.recurrence
		)}" data-subject="${frappe.utils.escape_html(subject || "")}">${__("Draft a Special Report")}</a>`;
	},
	onload(report) {
		$(report.page.wrapper).on("click", ".bc-draft-special", (event) => {
			const link = $(event.currentTarget);
			frappe
				.call("beneficiary_care.board.issue.draft_special_report", {
					filters: report.get_values(),
					recurrence: link.data("recurrence"),
					subject: link.data("subject"),
				})
				.then(({ message }) => frappe.set_route("Form", "Care Board Report", message));
		});
	},
};
