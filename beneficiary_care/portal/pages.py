"""The public website as a beneficiary meets it: the page's language and its direction.

Why our own: in Frappe v15 a guest's language is the `_lang` parameter, else the site config's
`lang`, else English. `HTTPRequest.__init__` (frappe/auth.py) sets the language before the session,
while the user is not yet "Guest", so the cookie, Accept-Language and the System Settings language
are never read for guests; and the website's base template sets `lang` on <html> but not `dir`.
`before_request` chooses a guest's language again once the session is known (core.languages), and
remembers a language a link asked for in Frappe's own `preferred_language` cookie, so that a
redirect (a Web Form answers 301 to /<route>/new and drops the query) keeps it. `after_request` adds
dir="rtl" to the website pages of a right-to-left language, and `update_website_context` translates a
Web Form's page title, which Frappe leaves as stored.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.translate import get_all_languages
from werkzeug.wrappers import Request, Response

from beneficiary_care.core.languages import choose_language, is_rtl
from beneficiary_care.framework.helpers import settings

# The switch on portal pages: each language named in itself.
SWITCH = (("ar", "العربية"), ("en", "English"))
DEFAULT_LOGO = "/assets/beneficiary_care/images/logo.svg"
# Two fixes to Frappe's website pages, kept in Website Settings' head HTML (a block of the app's own,
# replaced whole when it changes): the navbar always carries its language picker's empty <select>,
# hidden by a class the website's stylesheet does not define, so it is an unnamed control to a screen
# reader; and the footer's muted grey fails the contrast a phone in the sun needs (axe-core, WCAG AA).
PORTAL_CSS = (
	'<style id="bc-portal-css">#language-switcher.hide { display: none; }'
	" .footer-info, .footer-info .text-muted { color: var(--text-color, #1f272e) !important; }</style>"
)
_PORTAL_CSS_BLOCK = re.compile(
	r'<style id="bc-portal-css">.*?</style>|<style>#language-switcher\.hide \{ display: none; \}</style>',
	re.S,
)

COOKIE = "preferred_language"  # the cookie Frappe's own language picker sets
COOKIE_DAYS = 365
_HTML_TAG = re.compile(r"<html(?P<attributes>[^>]*)>", re.I)


def set_guest_language() -> None:
	"""before_request: a guest's language, per core.languages."""
	request = frappe.local.request
	if frappe.session.user != "Guest" or request is None:
		return
	requested = frappe.form_dict.get("_lang")
	language = choose_language(
		requested=requested,
		cookie=request.cookies.get(COOKIE),
		accepted=[value for value, _quality in request.accept_languages],
		site_language=frappe.db.get_default("lang"),
		enabled=get_all_languages(),
	)
	frappe.local.lang = language
	if requested and language.lower() == str(requested).lower() and request.cookies.get(COOKIE) != language:
		frappe.local.cookie_manager.set_cookie(COOKIE, language, max_age=COOKIE_DAYS * 86400)


def translate_web_form_title(context: frappe._dict) -> None:
	"""update_website_context: a Web Form's <title> and its og:/twitter: titles in the page's language.
	Frappe v15 translates the form's heading in its template but puts the title into the page's <title>
	and meta tags as stored, so an Arabic browser's tab, bookmark and screen reader got English."""
	title = (context.get("web_form_doc") or {}).get("title")
	translated = _(title) if title else title
	if translated == title:
		return
	if context.get("title"):
		context.title = context.title.replace(title, translated)
	tags = context.get("metatags") or {}
	for key in ("title", "og:title", "twitter:title"):
		if tags.get(key):
			tags[key] = tags[key].replace(title, translated)


def add_direction(response: Response | None = None, request: Request | None = None) -> None:
	"""after_request: <html lang="ar"> becomes <html lang="ar" dir="rtl"> on website pages (the desk's
	own template has its direction already)."""
	if (
		response is None
		or response.direct_passthrough
		or response.mimetype != "text/html"
		or not is_rtl(getattr(frappe.local, "lang", None))
	):
		return
	html = response.get_data(as_text=True)
	tag = _HTML_TAG.search(html, 0, 400)
	if not tag or " dir=" in tag.group("attributes"):
		return
	response.set_data(html[: tag.start()] + f'<html{tag.group("attributes")} dir="rtl">' + html[tag.end() :])


# ------------------------------------------------------------------ what every portal page shows


def language_links() -> list[dict]:
	"""The switch's links: the same page and query, with `_lang` set (the link sets the cookie)."""
	request = getattr(frappe.local, "request", None)  # none when a page is rendered outside a request
	path = request.path if request else "/"
	args = {k: v for k, v in (request.args.items() if request else []) if k != "_lang"}
	enabled = {code.lower() for code in get_all_languages()}
	current = (frappe.local.lang or "").split("-")[0]
	return [
		{
			"code": code,
			"label": label,
			"href": f"{path}?{urlencode({**args, '_lang': code})}",
			"current": code == current,
		}
		for code, label in SWITCH
		if code in enabled
	]


def association() -> dict:
	"""The association's face: name, logo, contact (Beneficiary Care Settings)."""
	config = settings()
	return {
		"name": config.association_name or _("the association"),
		"logo": config.get("association_logo") or DEFAULT_LOGO,
		"phone": config.get("association_phone") or "",
		"email": config.get("association_email") or "",
		"address": config.get("association_address") or "",
	}


def portal_context(context: frappe._dict) -> frappe._dict:
	"""What the app's portal pages share: the language switch and the association."""
	context.no_breadcrumbs = True
	context.language_links = language_links()
	context.association = association()
	context.switch_label = _("Language")
	return context


# ------------------------------------------------------------------ Website Settings


def brand_html(face: dict) -> str:
	name = frappe.utils.escape_html(face["name"])
	logo = frappe.utils.escape_html(face["logo"])
	return f'<img src="{logo}" alt="" class="bc-brand-logo" height="32"> <span class="bc-brand-name">{name}</span>'


def footer_html(face: dict) -> str:
	parts = [frappe.utils.escape_html(face["name"])]
	if face["phone"]:
		phone = frappe.utils.escape_html(face["phone"])
		parts.append(f'<a href="tel:{phone}" dir="ltr">{phone}</a>')
	if face["email"]:
		email = frappe.utils.escape_html(face["email"])
		parts.append(f'<a href="mailto:{email}" dir="ltr">{email}</a>')
	return " · ".join(parts)


def show_association(first_time: bool = False) -> None:
	"""Website Settings wear the association's face: its name and logo in the navbar, its contact in
	the footer instead of "Built on Frappe", the portal landing as the home page. Called at install
	(`first_time`: also the home page, signup off, the portal's links in the navbar) and when the
	settings change."""
	face = association()
	site = frappe.get_single("Website Settings")
	site.brand_html = brand_html(face)
	site.footer_powered = footer_html(face)
	site.copyright = face["name"]
	# the staff login page says "Login to {app_name}" (Frappe: Website Settings, else System Settings'
	# "Frappe"); the stored name, not a translated fallback frozen in the install's language
	site.app_name = settings().association_name or None
	site.address = face["address"] or None
	site.hide_footer_signup = 1
	site.head_html = (_PORTAL_CSS_BLOCK.sub("", site.head_html or "").strip() + "\n" + PORTAL_CSS).strip()
	if first_time:
		site.home_page = site.home_page or "care"
		site.disable_signup = 1  # beneficiaries log in with a code sent to their mobile
		# the portal's own switch replaces Frappe's picker, whose script lists every enabled language
		# and sets <html lang> in the browser to navigator.language, against the page's language
		site.show_language_picker = 0
		if not site.top_bar_items:
			for label, url in (
				("Submit a Case", "/submit-case"),
				("Track a Case", "/track"),
				("My Cases", "/my-cases"),
			):
				site.append("top_bar_items", {"label": label, "url": url})
	site.flags.ignore_permissions = True
	site.save()
