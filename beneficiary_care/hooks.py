# Frappe reads every public name here as a hook: imported names stay private (underscore).
from beneficiary_care.core.cases import CASE_DOCTYPES as _CASE_DOCTYPES

app_name = "beneficiary_care"
app_title = "Beneficiary Care"
app_publisher = "beneficiary_care developers"
app_description = "Complaints, inquiries and suggestions of a charitable association's beneficiaries"
app_email = "dev@beneficiary-care.local"
app_license = "mit"
required_apps = []
# The app's icon on Frappe's apps screen (/apps on v15; the desktop on v16, which redirects /app/... to
# /desk/... and, like Frappe's own icon there, takes an /app/ route as the desk's), for staff and board
# members only. The desk home after login when it is a user's only app. v15's apps screen compares the
# route's slug ("beneficiary-care") with the workspace's name ("Beneficiary Care") and, finding no match,
# sends a user to their first workspace: the app's workspace comes first in the sidebar (sequence 1).
app_home = "/app/beneficiary-care"
# Where staff land after login and on the site's home page (v16 sends them to the portal's): the desk.
get_website_user_home_page = "beneficiary_care.framework.permissions.staff_home_page"
add_to_apps_screen = [
	{
		"name": app_name,
		"logo": "/assets/beneficiary_care/images/logo.svg",
		"title": app_title,
		"route": app_home,
		"has_permission": "beneficiary_care.framework.permissions.has_app_permission",
	}
]

# Generated `DF` type blocks in controllers when DocTypes are saved in developer mode.
export_python_type_annotations = True
# Whitelisted methods must annotate their arguments (Frappe v16 enforces it; on v15,
# tests/unit/test_api_annotations.py does).
require_type_annotated_api_methods = True

# ---------------------------------------------------------------- install, migrate
before_install = "beneficiary_care.setup.install.before_install"
after_install = "beneficiary_care.setup.install.after_install"
after_migrate = "beneficiary_care.setup.install.after_migrate"

# ---------------------------------------------------------------- permissions
# Portal users (role Care Beneficiary) see only the cases of their own beneficiary file; confidential
# complaints and department staff are narrowed too (core.access).
permission_query_conditions = {
	dt: "beneficiary_care.framework.permissions.case_query_conditions" for dt in _CASE_DOCTYPES
}
has_permission = {dt: "beneficiary_care.framework.permissions.case_has_permission" for dt in _CASE_DOCTYPES}
# A Board Member reads approved board reports only (board.issue).
permission_query_conditions["Care Board Report"] = "beneficiary_care.board.issue.query_conditions"
has_permission["Care Board Report"] = "beneficiary_care.board.issue.has_permission"

# Frappe's own whitelisted methods, held or extended by the app; each calls Frappe's own after.
# The desk's Print → PDF of a board report gives its stored, approved file (board.issue.download_pdf);
# every other document goes on to Frappe's own.
override_whitelisted_methods = {
	# the first day's onboarding steps are done when the data says so, not when clicked (setup/first_day.py)
	"frappe.desk.desktop.update_onboarding_step": "beneficiary_care.setup.first_day.update_onboarding_step",
	"frappe.desk.desktop.get_desktop_page": "beneficiary_care.setup.first_day.get_desktop_page",
	"frappe.desk.desktop.get_onboarding_data": "beneficiary_care.setup.first_day.get_onboarding_data",
	"frappe.utils.print_format.download_pdf": "beneficiary_care.board.issue.download_pdf",
	# the replica's fallback to the primary, which Frappe v15 lacks (reporting/replica.py)
	"frappe.desk.query_report.run": "beneficiary_care.reporting.replica.run",
	# The case form's door held before Frappe's web form saves it (one rate limit whatever the request
	# calls the form, values of the right type or a 4xx): portal.accept_web_form calls Frappe's `accept`.
	"frappe.website.doctype.web_form.web_form.accept": "beneficiary_care.portal.api.accept_web_form",
	# A guest's upload must carry the file (not a link to one on the site): portal.upload_file.
	"upload_file": "beneficiary_care.portal.api.upload_file",
	"frappe.handler.upload_file": "beneficiary_care.portal.api.upload_file",
	# The WhatsApp webhook's public address, which associations register in Meta's app settings, stays
	# what it was when the module was beneficiary_care/whatsapp.py (messaging/whatsapp_inbox.py now).
	"beneficiary_care.whatsapp.webhook": "beneficiary_care.messaging.whatsapp_inbox.webhook",
}

# ---------------------------------------------------------------- routing, mail intake
doc_events = {
	"Care Department": {
		"on_update": "beneficiary_care.cases.routing.sync_department_rules",
		"on_trash": "beneficiary_care.cases.routing.remove_department_rules",
		"after_rename": [
			"beneficiary_care.cases.routing.department_rules_on_rename",
			"beneficiary_care.reporting.figures_rollup.on_rename",
		],
	},
	# the reports' daily figures (reporting.figures_rollup) follow what changes without a save of the case
	**{
		dt: {"after_delete": "beneficiary_care.reporting.figures_rollup.on_case_delete"}
		for dt in _CASE_DOCTYPES
	},
	"Satisfaction Survey": {"after_delete": "beneficiary_care.reporting.figures_rollup.on_survey_delete"},
	**{
		dt: {"after_rename": "beneficiary_care.reporting.figures_rollup.on_rename"}
		for dt in ("Case Channel", "Need Category", "Subject Category", "Root Cause")
	},
	# reassignments count against "accurate from the first assignment"
	"ToDo": {
		"after_insert": "beneficiary_care.cases.routing.on_todo_insert",
		"on_update": "beneficiary_care.cases.routing.on_todo_update",
	},
	# a guest attaches only what their browser uploaded (portal/uploads.py): no link to a file on the site
	"File": {
		"before_insert": "beneficiary_care.portal.uploads.refuse_guest_links",
		"after_insert": "beneficiary_care.portal.uploads.remember_guest_upload",
	},
	# on_update runs on insert too, and again when Frappe stores the mail's body
	"Communication": {"on_update": "beneficiary_care.cases.intake.on_case_mail"},
	# a request that edits a policy or a calendar then saves a case uses the new values
	"Care SLA Policy": {"on_update": "beneficiary_care.service_levels.configuration.forget_configuration"},
	"Working Calendar": {"on_update": "beneficiary_care.service_levels.configuration.forget_configuration"},
	"Beneficiary Care Settings": {
		"on_update": "beneficiary_care.service_levels.configuration.forget_configuration"
	},
	# a national ID's old and new values are kept masked in the file's history (framework/permissions.py)
	"Version": {"before_insert": "beneficiary_care.framework.permissions.mask_history"},
}

# ---------------------------------------------------------------- background jobs
# each job stays below web requests on the CPU, as Frappe's own niceness means (framework/jobs.py)
before_job = ["beneficiary_care.framework.jobs.keep_below_requests"]

# ---------------------------------------------------------------- scheduled jobs
scheduler_events = {
	"cron": {
		# messages to submitters that the after-commit job did not deliver, and retries
		"*/5 * * * *": [
			"beneficiary_care.messaging.delivery.retry_due",
			"beneficiary_care.messaging.whatsapp_inbox.process_pending",
		],
		# WhatsApp conversations whose kind button was not pressed in time become inquiries
		"* * * * *": ["beneficiary_care.messaging.conversations.register_waiting"],
		# deadlines, SLA status and the escalation ladder
		"*/10 * * * *": [
			"beneficiary_care.service_levels.escalation.sweep",
			# the daily figures the reports read: the days changed since the last run
			"beneficiary_care.reporting.figures_rollup.refresh",
		],
	},
	"daily": [
		"beneficiary_care.cases.closing.close_answered_cases",
		"beneficiary_care.messaging.surveys.remind_unanswered_surveys",
		# login codes and their masked messages are kept 30 days
		"beneficiary_care.portal.mobile_login.purge_old_codes",
		# guest submissions keep their personal data only as long as the settings say
		"beneficiary_care.beneficiary_care.doctype.case_submission.case_submission.purge_guest_data",
		# the board report of each period that has just ended (Beneficiary Care Settings)
		"beneficiary_care.board.issue.draft_due_reports",
	],
}

# ---------------------------------------------------------------- personal data
# Frappe's own Personal Data Download and Deletion Requests (by the person's email) reach the
# beneficiary's file, cases, guest submissions and messages: what they hold about the person is
# downloaded, and on deletion redacted; the cases themselves stay, for the association's figures.
user_data_fields = [
	{
		"doctype": "Beneficiary",
		"filter_by": "email",
		"redact_fields": [
			"full_name",
			"search_name",
			"national_id",
			"national_id_masked",
			"mobile",
			"email",
			"notes",
		],
	},
	*(
		{
			"doctype": dt,
			"filter_by": "email",
			"redact_fields": ["beneficiary_name", "contact_name", "mobile", "email"],
		}
		for dt in _CASE_DOCTYPES
	),
	{
		"doctype": "Case Submission",
		"filter_by": "email",
		"redact_fields": ["full_name", "mobile", "national_id", "email", "description"],
	},
	{
		"doctype": "Case Message",
		"filter_by": "recipient",
		"redact_fields": ["recipient", "message"],
	},
]

# ---------------------------------------------------------------- search
# Beneficiary links search by national ID and mobile but show only the ID's last four digits.
standard_queries = {"Beneficiary": "beneficiary_care.cases.beneficiary_search.search_beneficiaries"}

# ---------------------------------------------------------------- desk assets
# Shared form and list helpers (digits typed in Arabic, left-to-right numbers, case status colours).
app_include_js = "beneficiary_care.bundle.js"

# ---------------------------------------------------------------- portal
# A guest's language (link, cookie, browser, site) and dir="rtl" on Arabic pages (portal/pages.py says why).
before_request = ["beneficiary_care.portal.pages.set_guest_language"]
# after Frappe knows the request's user (session or API key): no search, sort or grouping on a field
# the user may not read, such as a national ID (framework/permissions.py)
auth_hooks = ["beneficiary_care.framework.permissions.refuse_searches_on_hidden_fields"]
after_request = ["beneficiary_care.portal.pages.add_direction"]
update_website_context = ["beneficiary_care.portal.pages.translate_web_form_title"]
# Public pages: /submit-case (Web Form), /track, /survey; /my-cases for logged-in beneficiaries, who log
# in at /login-by-mobile (a code by SMS; guests opening /my-cases are sent there).
standard_portal_menu_items = [
	{"title": "Submit a Case", "route": "/submit-case"},
	{"title": "Track a Case", "route": "/track"},
	{"title": "My Cases", "route": "/my-cases", "role": "Care Beneficiary"},
]
