frappe.ui.form.on("Inquiry", beneficiary_care.case_form);
