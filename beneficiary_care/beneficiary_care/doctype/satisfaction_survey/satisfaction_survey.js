frappe.ui.form.on("Satisfaction Survey", {
	setup(frm) {
		frm.set_query("reference_doctype", () => ({
			filters: { name: ["in", ["Complaint", "Inquiry", "Suggestion"]] },
		}));
		// the case kinds are the only choices: no "Create a new DocType" or advanced search under them,
		// and no "Filters applied for name in Complaint,Inquiry,Suggestion" in English under the Arabic
		frm.set_df_property("reference_doctype", "only_select", 1);
		frm.set_df_property(
			"reference_doctype",
			"filter_description",
			__("A complaint, an inquiry or a suggestion")
		);
	},
});
