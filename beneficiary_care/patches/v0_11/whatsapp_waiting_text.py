"""WhatsApp Contact loses `waiting_text`: a waiting conversation's words were copied there into one TEXT
column (64 KiB), and a long message made every delivery fail (issue 30). They are its messages now,
each a Communication on the contact, which every waiting conversation already has; the column is
dropped, so that no copy of a person's words stays behind in it."""

import frappe


def execute():
	if frappe.db.has_column("WhatsApp Contact", "waiting_text"):
		frappe.db.sql_ddl("alter table `tabWhatsApp Contact` drop column `waiting_text`")
