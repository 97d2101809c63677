"""The board report's approval, as Frappe's own Workflow (installed where missing, so admins may edit
it and a migrate keeps their changes): Draft → Under Review → Approved by the Board (submitted) or
Returned → Draft; an approved report is corrected by Superseded (cancelled) and an amendment."""

from __future__ import annotations

import frappe

from beneficiary_care.board.document import DOCTYPE
from beneficiary_care.core.board.workflow import STATES, TRANSITIONS

NAME = "Care Board Report Approval"
MANAGER = "Care Manager"


def ensure_workflow() -> None:
	for state, _docstatus, style in STATES:
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for _from, action, _to in TRANSITIONS:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	if frappe.db.exists("Workflow", NAME):
		return
	frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": NAME,
			"document_type": DOCTYPE,
			"workflow_state_field": "workflow_state",
			"is_active": 1,
			"send_email_alert": 0,
			"states": [
				{"state": state, "doc_status": str(docstatus), "allow_edit": MANAGER}
				for state, docstatus, _style in STATES
			],
			"transitions": [
				{
					"state": start,
					"action": action,
					"next_state": end,
					"allowed": MANAGER,
					"allow_self_approval": 1,
				}
				for start, action, end in TRANSITIONS
			],
		}
	).insert(ignore_permissions=True)
