"""One alert per assignment: Frappe itself tells the assignee (a Notification Log of type Assignment, in
the assignee's language, and an email when their Notification Settings allow it). The app's own
«Care Case Assigned» notification was a second alert and a second email for the same event."""

import frappe


def execute():
	if frappe.db.exists("Notification", "Care Case Assigned"):
		frappe.delete_doc("Notification", "Care Case Assigned", force=True, ignore_permissions=True)
