"""The board report's approval as data: its states and their docstatus, and the transitions. Installed
as Frappe's own Workflow (setup/workflow.py), where admins may edit it."""

from __future__ import annotations

DRAFT = "Draft"
REVIEW = "Under Review"
APPROVED = "Approved by the Board"
RETURNED = "Returned"
SUPERSEDED = "Superseded"

STATES = (
	# state, docstatus, indicator style
	(DRAFT, 0, ""),
	(REVIEW, 0, "Warning"),
	(RETURNED, 0, "Danger"),
	(APPROVED, 1, "Success"),
	(SUPERSEDED, 2, "Inverse"),
)
TRANSITIONS = (
	# from, action, to
	(DRAFT, "Submit for Review", REVIEW),
	(REVIEW, "Approve", APPROVED),
	(REVIEW, "Return", RETURNED),
	(RETURNED, "Revise", DRAFT),
	(APPROVED, "Supersede", SUPERSEDED),
)
