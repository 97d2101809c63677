"""Published answers to recurring inquiries, as Frappe's own Help Articles (Website module): staff
draft one from a group of similar inquiries, publish it, send it as an answer; the portal lists them."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

FAQ_CATEGORY = "الأسئلة الشائعة"


def _category() -> str:
	if not frappe.db.exists("Help Category", {"category_name": FAQ_CATEGORY}):
		frappe.get_doc({"doctype": "Help Category", "category_name": FAQ_CATEGORY, "published": 1}).insert(
			ignore_permissions=True
		)
	return frappe.db.get_value("Help Category", {"category_name": FAQ_CATEGORY}, "name")


@frappe.whitelist()
def draft_help_article(cases: str) -> str:
	"""An unpublished Help Article from a group of inquiries: the question, and the latest answer."""
	frappe.has_permission("Help Article", "create", throw=True)
	names = [n for n in (cases or "").split(",") if n][:200]
	rows = frappe.get_list(
		"Inquiry",
		filters={"name": ["in", names]},
		fields=["name", "subject", "resolution", "resolved_on"],
		order_by="resolved_on desc",
	)
	if not rows:
		frappe.throw(_("None of these inquiries can be read."))
	answered = [r for r in rows if r.resolution]
	article = frappe.get_doc(
		{
			"doctype": "Help Article",
			"title": rows[0].subject[:140],
			"category": _category(),
			"published": 0,
			"content": (answered[0].resolution if answered else "")
			+ "<p>"
			+ _("Drafted from {0} similar inquiries: {1}").format(
				len(rows), ", ".join(r.name for r in rows[:20])
			)
			+ "</p>",
		}
	).insert()
	return article.name


def published_articles() -> list[dict]:
	"""Titles and links of the published answers (the portal's landing page and the form)."""
	return frappe.get_all(
		"Help Article",
		filters={"published": 1, "category": _category()},
		fields=["title", "route"],
		order_by="modified desc",
		limit_page_length=20,
	)


@frappe.whitelist(allow_guest=True)
@rate_limit(limit=30, seconds=60)
def published_faq() -> list[dict]:
	"""The published answers, for the form's page (a guest API, rate-limited)."""
	return published_articles()
