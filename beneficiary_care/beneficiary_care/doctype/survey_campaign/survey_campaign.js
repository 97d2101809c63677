frappe.ui.form.on("Survey Campaign", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.status !== "Sent") {
			frm.add_custom_button(__("Send Survey Links"), () =>
				frappe.confirm(__("Send a single-use survey link to every beneficiary of this segment?"), () =>
					frm.call("send_links").then(({ message }) => {
						frappe.show_alert({ message: __("{0} beneficiaries invited", [message]), indicator: "green" });
						frm.reload_doc();
					})
				)
			);
		}
	},
});
