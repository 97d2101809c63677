"""Messages to and from a case's submitter.

Out: the acknowledgement, the answer, the decision, survey links and login codes are Case Messages,
written with the case and delivered after commit (delivery), in the words of the settings' templates
(texts), by one module per channel — sms (Frappe's SMS Settings), mail (a Communication through Frappe's
email queue), whatsapp (Meta's Cloud API) — each try noted on the case's timeline (timeline). In:
WhatsApp's webhook, its stored bodies and Meta's statuses, and the staff's replies (whatsapp_inbox); a
person's messages onto a case or a conversation waiting to become one (conversations); their files
(whatsapp_media). Satisfaction survey invitations and reminders (surveys).

May import: core, framework, reporting, service_levels. Never cases, board, portal or the Frappe
module folder (they import this). Inside, the layers run inbox → conversations | surveys → delivery |
whatsapp_media → texts | timeline → sms | mail | whatsapp (.importlinter)."""
