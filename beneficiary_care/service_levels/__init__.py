"""Deadlines, SLA status and the escalation ladder on cases — the adapter around core.sla.

Frappe has no SLA for arbitrary DocTypes (ERPNext's needs ERPNext and only comments on a breach;
Helpdesk removed escalation), so this is our own: on every save a case gets its policy, its response
and resolution deadlines in working time, its status, and the next instant its SLA needs a look
(`next_sla_event_on`, indexed; deadlines.py). A scheduled sweep (escalation.py) selects the cases whose
instant has come with one indexed query per kind, works through them in batches, applies each due
ladder step once (a Case Escalation row whose unique key the database enforces), and records the next
instant. configuration.py reads the policies, calendars and settings once per request; a case's
calendar holds the special periods added before its deadlines were set, and recalculation.py counts the
open cases again with every period when staff ask.
"""
