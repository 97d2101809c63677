"""The app installs its model, roles and the association's starting data, and migrate keeps them."""

from tests.integration import require_site

require_site()


import frappe

from beneficiary_care.setup import install, starting_data

DOCTYPES = [
	"Beneficiary",
	"Beneficiary Category",
	"Complaint",
	"Inquiry",
	"Suggestion",
	"Satisfaction Survey",
	"Case Channel",
	"Subject Category",
	"Need Category",
	"Root Cause",
	"Care Department",
	"Care Department Member",
	"Working Calendar",
	"Working Calendar Window",
	"Working Calendar Holiday",
	"Working Calendar Period",
	"Care SLA Policy",
	"Care Escalation Step",
	"Beneficiary Care Settings",
]


def test_every_doctype_is_installed_in_the_module():
	for doctype in DOCTYPES:
		assert frappe.db.get_value("DocType", doctype, "module") == "Beneficiary Care", doctype


def test_no_name_clashes_with_erpnext_hrms_helpdesk():
	ours = set(frappe.get_all("DocType", filters={"module": "Beneficiary Care"}, pluck="name"))
	assert not ours & {"Department", "Holiday List", "Issue", "Service Level Agreement", "Employee"}


def test_roles_and_desk_access():
	for role, desk_access in install.ROLES.items():
		assert frappe.db.get_value("Role", role, "desk_access") == desk_access, role


def test_portal_role_loses_desk_access_again_on_migrate():
	frappe.db.set_value("Role", "Care Beneficiary", "desk_access", 1)
	install.after_migrate()
	assert frappe.db.get_value("Role", "Care Beneficiary", "desk_access") == 0


def test_seed_channels_categories_needs_and_causes():
	codes = set(frappe.get_all("Case Channel", pluck="code"))
	assert set(starting_data.channel_codes()) <= codes
	assert len(starting_data.channel_codes()) == 8
	# WhatsApp comes enabled as a channel (registration is off until its number is set up)
	assert frappe.db.get_value("Case Channel", {"code": "whatsapp"}, ["channel_name", "enabled"]) == (
		"واتساب",
		1,
	)
	subjects = set(frappe.get_all("Subject Category", pluck="name"))
	assert {"الخدمات الإلكترونية", "شروط التعامل", "بيئة العمل", "سلوك التعامل المهني"} <= subjects
	assert len(set(starting_data.names("subject_category")) & subjects) == 6
	needs = set(frappe.get_all("Need Category", pluck="name"))
	assert {"فتح ملف جديد", "صيانة وترميم", "أسباب إغلاق ملف مستفيد"} <= needs
	causes = set(frappe.get_all("Root Cause", pluck="name"))
	assert {"عدم تحديث البيانات العائلية والدخل", "عدم تحديث الحساب البنكي"} <= causes


def test_seed_calendar_is_sunday_to_thursday_eight_to_four_in_riyadh():
	calendar = frappe.get_doc("Working Calendar", starting_data.CALENDAR_NAME)
	assert calendar.time_zone == "Asia/Riyadh"
	windows = {(w.weekday, str(w.start_time), str(w.end_time)) for w in calendar.windows}
	assert windows == {
		(d, "8:00:00", "16:00:00") for d in ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday")
	}


def test_default_sla_policies():
	inquiry = frappe.get_all(
		"Care SLA Policy",
		filters={"case_kind": "Inquiry", "is_default": 1, "enabled": 1},
		fields=["response_hours", "resolution_hours", "calendar"],
	)
	assert len(inquiry) == 1
	assert inquiry[0].resolution_hours == 24
	for kind in ("Complaint", "Suggestion"):
		assert frappe.db.count("Care SLA Policy", {"case_kind": kind, "is_default": 1, "enabled": 1}) == 1
	ladder = frappe.get_doc("Care SLA Policy", "الشكاوى - افتراضي").escalation_steps
	assert [s.action for s in ladder] == starting_data.escalation_actions("الشكاوى - افتراضي")
	assert (
		frappe.db.get_single_value("Beneficiary Care Settings", "default_calendar")
		== starting_data.CALENDAR_NAME
	)


def test_seeding_again_adds_nothing_and_keeps_the_associations_edits():
	doctypes = ("Case Channel", "Subject Category", "Need Category", "Root Cause", "Care SLA Policy")
	counts = {dt: frappe.db.count(dt) for dt in doctypes}
	frappe.db.set_value("Case Channel", "أخرى", "description", "وصف عدلته الجمعية")
	install.insert_seed_data()  # what a second install would do
	assert {dt: frappe.db.count(dt) for dt in doctypes} == counts
	assert frappe.db.get_value("Case Channel", "أخرى", "description") == "وصف عدلته الجمعية"


def test_migrate_never_resurrects_what_the_association_deleted():
	frappe.delete_doc("Root Cause", "أخرى")
	install.after_migrate()
	assert not frappe.db.exists("Root Cause", "أخرى")


def test_workspace_links_every_list():
	workspace = frappe.get_doc("Workspace", "Beneficiary Care")
	assert workspace.public and workspace.module == "Beneficiary Care"
	linked = {link.link_to for link in workspace.links if link.type == "Link"}
	assert set(DOCTYPES) - linked == {
		"Care Department Member",
		"Working Calendar Window",
		"Working Calendar Holiday",
		"Working Calendar Period",
		"Care Escalation Step",
	}
	assert {s.link_to for s in workspace.shortcuts} >= {"Complaint", "Inquiry", "Suggestion", "Beneficiary"}


def test_arabic_translations_are_compiled_and_served():
	frappe.local.lang = "ar"
	frappe.translate.clear_cache()
	assert frappe._("Complaint") == "شكوى"
	assert frappe._("Beneficiary Care") == "الشكاوى والاستفسارات"
	assert frappe._("Awaiting Beneficiary") != "Awaiting Beneficiary"


def _dotted_paths(value) -> list[str]:
	if isinstance(value, str):
		return [value] if value.startswith("beneficiary_care.") else []
	if isinstance(value, dict):
		return [p for v in value.values() for p in _dotted_paths(v)]
	if isinstance(value, list | tuple):
		return [p for v in value for p in _dotted_paths(v)]
	return []


def test_every_hook_and_card_points_at_a_function_that_exists():
	from beneficiary_care import hooks

	paths = _dotted_paths(
		{k: v for k, v in vars(hooks).items() if not k.startswith("_") and not k.endswith(("_js", "_css"))}
	)
	paths += frappe.get_all("Number Card", filters={"module": "Beneficiary Care"}, pluck="method")
	paths += frappe.get_all(
		"Scheduled Job Type", filters={"method": ["like", "beneficiary_care.%"]}, pluck="method"
	)
	assert len(paths) > 20
	for path in paths:
		if path:
			assert callable(frappe.get_attr(path)), path
	# migrate removed the job types of functions that moved
	jobs = set(
		frappe.get_all(
			"Scheduled Job Type", filters={"method": ["like", "beneficiary_care.%"]}, pluck="method"
		)
	)
	assert jobs == {p for p in _dotted_paths(hooks.scheduler_events)}


def test_the_apps_screen_shows_the_app_to_staff_and_not_to_beneficiaries():
	"""Frappe's own apps screen (/apps on v15; the desktop on v16) lists the app for staff, in Arabic,
	with its logo and a desk route (v16 redirects /app/... to /desk/...); a beneficiary has no desk."""
	import frappe.apps

	from tests.integration import helpers

	def listed(user: str) -> list[dict]:
		frappe.set_user(user)
		if hasattr(frappe.local, "request_cache"):  # v16 keeps get_apps for the rest of a request
			frappe.local.request_cache.clear()
		return [a for a in frappe.apps.get_apps() if a["name"] == "beneficiary_care"]

	frappe.local.lang = "ar"
	ours = listed(helpers.staff_user("apps-screen-officer@care.example.com", "Care Officer"))
	assert [(a["title"], a["route"], a["logo"]) for a in ours] == [
		("الشكاوى والاستفسارات", "/app/beneficiary-care", "/assets/beneficiary_care/images/logo.svg")
	]
	assert listed(helpers.staff_user("apps-screen-beneficiary@care.example.com", "Care Beneficiary")) == []


def test_staff_land_in_the_desk_and_beneficiaries_on_the_portal():
	"""The site's home page is the beneficiaries' portal (/care); after login (v16 asks get_home_page for
	every user) and at the site's address, staff of the app land on its workspace instead."""
	from frappe.website.utils import get_home_page

	from tests.integration import helpers

	frappe.db.set_single_value("Website Settings", "home_page", "care")
	officer = helpers.staff_user("home-officer@care.example.com", "Care Officer")
	board = helpers.staff_user("home-board@care.example.com", "Board Member")
	outsider = helpers.staff_user("home-outsider@care.example.com", "Website Manager")
	beneficiary = helpers.portal_user("home-beneficiary@care.example.com", None)
	landed = {}
	for user in (officer, board, outsider, beneficiary):
		frappe.set_user(user)
		frappe.cache.hdel("home_page", user)
		landed[user] = get_home_page()
	assert landed[officer] == landed[board] == "app/beneficiary-care"
	assert landed[outsider] != "app/beneficiary-care" and landed[beneficiary] != "app/beneficiary-care"
