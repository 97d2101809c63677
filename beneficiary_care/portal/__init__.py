"""What a guest meets: the public portal's pages and the APIs they call.

api: the guest doors (the case form's `accept` and uploads held, survey answers, tracking, login by
mobile), each rate-limited and answering bad input with a 4xx; mobile_login: one-time codes by SMS and
the portal account they open; uploads: the only files a guest's browser may attach; pages: the guest's
language and the page's direction, and the association's face on every page; faq: Help Articles from
recurring inquiries. The pages themselves are in `www/` (where Frappe looks for them), thin.

May import everything below the entry points: cases, board, messaging, service_levels, reporting,
framework, core."""
