frappe.ui.form.on("Satisfaction Survey", {
	setup(frm) {
		frm.set_query("reference_doctype", () => ({
			filters: { name: ["in", ["Complaint", "Inquiry", "Suggestion"]] },
		}));
	},
});
