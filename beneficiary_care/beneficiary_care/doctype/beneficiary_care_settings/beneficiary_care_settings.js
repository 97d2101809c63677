// Each SMS template shows what it costs: Arabic SMS are billed per 70 characters (67 when several).
frappe.ui.form.on("Beneficiary Care Settings", {
	refresh(frm) {
		const counts = (frm.doc.__onload && frm.doc.__onload.sms_segments) || {};
		for (const [field, count] of Object.entries(counts)) {
			const text =
				count === null
					? __("This template does not render: check its Jinja.")
					: __("{0} SMS segment(s) for a sample case (limit {1}).", [count, frm.doc.max_sms_segments || 3]);
			frm.set_df_property(field, "description", text);
		}
	},
});
