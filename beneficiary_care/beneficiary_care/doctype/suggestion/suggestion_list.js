frappe.listview_settings["Suggestion"] = beneficiary_care.case_list;
