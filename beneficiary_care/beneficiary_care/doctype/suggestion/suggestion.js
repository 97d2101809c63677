frappe.ui.form.on("Suggestion", beneficiary_care.case_form);
