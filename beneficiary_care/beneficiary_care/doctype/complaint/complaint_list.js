frappe.listview_settings["Complaint"] = beneficiary_care.case_list;
