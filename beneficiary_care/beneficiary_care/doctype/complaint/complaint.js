frappe.ui.form.on("Complaint", beneficiary_care.case_form);
