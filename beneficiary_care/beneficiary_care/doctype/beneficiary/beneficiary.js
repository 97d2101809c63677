frappe.ui.form.on("Beneficiary", {
	refresh(frm) {
		beneficiary_care.set_ltr(frm);
	},
	...beneficiary_care.digit_fields(["national_id", "mobile", "file_number"]),
});
