frappe.listview_settings["Inquiry"] = beneficiary_care.case_list;
