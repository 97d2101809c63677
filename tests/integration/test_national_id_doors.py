"""Personal data stays where it belongs (issues 13, 21): a user who may not see full national IDs (the
Beneficiary's field level 1) cannot get one through any door Frappe opens onto a Beneficiary or a case.
Each door is walked by each role that can read a file or a case without field level 1, as a user who
holds that role alone; a door the role's permissions open must open (a door that only refuses proves
nothing), and nothing it answers holds the ID, the old one of a corrected file or the new one, whole
or as a search that gives it away digit by digit."""

from tests.integration import require_site

require_site()

import json
import os

import frappe
import pytest
import requests
from frappe.desk import reportview

from tests.integration import helpers

CASE_DOCTYPES = ("Complaint", "Inquiry", "Suggestion")
# the roles that read files or cases without field level 1 (test_these_are_all_the_roles… checks it)
ROLES = ("Department Head", "Department Staff", "Complaints Committee", "Care Beneficiary")


def permission_rows(doctype: str) -> list:
	"""The DocType's permission rows as Frappe applies them: Custom DocPerm where the site has any."""
	fields = ["role", "permlevel", "read", "report", "export", "print"]
	custom = frappe.get_all("Custom DocPerm", filters={"parent": doctype}, fields=fields)
	return custom or frappe.get_all("DocPerm", filters={"parent": doctype}, fields=fields)


def readers_without_field_level_one() -> set[str]:
	"""Every role on the site (the app's and Frappe's) that reads a Beneficiary or a case at field
	level 0 but not the Beneficiary's level 1."""
	level_one = {p.role for p in permission_rows("Beneficiary") if p.permlevel == 1 and p.read}
	readers = set()
	for doctype in ("Beneficiary", *CASE_DOCTYPES):
		readers |= {p.role for p in permission_rows(doctype) if p.permlevel == 0 and p.read}
	return readers - level_one - {"Administrator"}


def holds(role: str, doctype: str, ptype: str) -> bool:
	"""The role's own permission rows give `ptype` on `doctype` at field level 0."""
	return any(p.role == role and p.permlevel == 0 and p.get(ptype) for p in permission_rows(doctype))


@pytest.fixture
def person(request):
	"""A beneficiary file whose ID was corrected once (so its history holds both), with a comment and a
	case of the department, seen by a user who holds `request.param` alone (for a department role,
	one who belongs to the case's department; for the portal role, the person whose file it is)."""
	role = request.param
	email = f"ids-{frappe.scrub(role).replace('_', '-')}@care.example.com"
	first, second = helpers.national_id(), helpers.national_id()
	file = helpers.beneficiary(national_id=first)
	if role == "Care Beneficiary":
		helpers.portal_user(email, file.name)
	else:
		helpers.staff_user(email, role)
	file.reload()
	file.national_id = second  # a correction: the history would hold the old and the new ID
	file.save(ignore_version=False)  # Frappe keeps no history under tests unless asked
	department = {
		"doctype": "Care Department",
		"department_name": f"قسم الهوية {frappe.generate_hash(length=4)}",
		"head": email if role == "Department Head" else None,
		"members": [{"user": email}] if role == "Department Staff" else [],
	}
	department = frappe.get_doc(department).insert()
	case = helpers.case("Complaint", beneficiary=file.name, department=department.name)
	case.reload()
	case.subject += " (متابعة)"  # the case's history has a version too
	case.save(ignore_version=False)
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Comment",
			"reference_doctype": "Beneficiary",
			"reference_name": file.name,
			"content": "تمت مراجعة الملف",
		}
	).insert(ignore_permissions=True)
	versions = frappe.get_all(
		"Version", filters={"ref_doctype": "Beneficiary", "docname": file.name}, pluck="name"
	)
	assert versions  # the correction is in the file's history
	frappe.set_user(email)
	yield frappe._dict(file=file.name, case=case, ids=(first, second), role=role, version=versions[0])
	frappe.set_user("Administrator")


def leaks(answer, ids) -> list[str]:
	text = json.dumps(answer, default=str, ensure_ascii=False)
	return [i for i in ids if i in text]


def as_response(call) -> dict:
	"""What a whitelisted method put in the response (getdoc, docinfo, export) and what it returned."""
	frappe.local.response = frappe._dict({"docs": []})
	returned = call()
	return {"returned": returned, "response": dict(frappe.local.response)}


def doors(p) -> dict:
	"""door → (the doctype and permission that open it, or None where no role here should get in; the
	call). A door opened by a permission the role holds must open."""
	from frappe.api import v1
	from frappe.desk import search
	from frappe.desk.form import load
	from frappe.www import printview

	name, case = p.file, p.case
	return {
		"form": (("Beneficiary", "read"), lambda: as_response(lambda: load.getdoc("Beneficiary", name))),
		"form's history and timeline (docinfo)": (
			("Beneficiary", "read"),
			lambda: as_response(lambda: load.get_docinfo(doctype="Beneficiary", name=name)),
		),
		"case form": (
			(case.doctype, "read"),
			lambda: as_response(lambda: load.getdoc(case.doctype, case.name)),
		),
		"case's history and timeline (docinfo)": (
			(case.doctype, "read"),
			lambda: as_response(lambda: load.get_docinfo(doctype=case.doctype, name=case.name)),
		),
		"list": (("Beneficiary", "read"), lambda: _list_view("Beneficiary", name)),
		"case list": ((case.doctype, "read"), lambda: _list_view(case.doctype, case.name)),
		"REST read": (("Beneficiary", "read"), lambda: v1.read_doc("Beneficiary", name).as_dict()),
		"REST read of the case": (
			(case.doctype, "read"),
			lambda: v1.read_doc(case.doctype, case.name).as_dict(),
		),
		"REST list with the field": (
			("Beneficiary", "read"),
			lambda: frappe.client.get_list(
				"Beneficiary", fields=["name", "national_id"], filters={"name": name}
			),
		),
		"get_value": (
			("Beneficiary", "read"),
			lambda: frappe.client.get_value("Beneficiary", ["name", "national_id"], {"name": name}),
		),
		"link validation's fetch": (("Beneficiary", "read"), lambda: _validate_link(name, ["national_id"])),
		"report view": (("Beneficiary", "read"), lambda: _report_view("Beneficiary", name)),
		"case report view": ((case.doctype, "read"), lambda: _report_view(case.doctype, case.name)),
		"export": (("Beneficiary", "export"), lambda: as_response(lambda: _export("Beneficiary", name))),
		"case export": (
			(case.doctype, "export"),
			lambda: as_response(lambda: _export(case.doctype, case.name)),
		),
		"group-by sidebar": (None, lambda: _group_by()),
		"link search": (("Beneficiary", "read"), lambda: search.search_link("Beneficiary", name)),
		"link search by the ID": (None, lambda: search.search_link("Beneficiary", p.ids[1])),
		"link search on the field": (
			None,
			lambda: search.search_link("Beneficiary", p.ids[1][:6], searchfield="national_id"),
		),
		"print": (
			("Beneficiary", "print"),
			lambda: printview.get_html_and_style("Beneficiary", name, "Standard"),
		),
		"case print": (
			(case.doctype, "print"),
			lambda: printview.get_html_and_style(case.doctype, case.name, "Standard"),
		),
		"Version list": (
			None,
			lambda: frappe.client.get_list(
				"Version", filters={"ref_doctype": "Beneficiary", "docname": name}, fields=["data"]
			),
		),
		"Version report view": (None, lambda: _report_view("Version", p.version, fields=("name", "data"))),
		"Version form": (None, lambda: as_response(lambda: load.getdoc("Version", p.version))),
		"audit trail": (None, lambda: _audit_trail(name)),
		"Error Log": (
			None,
			lambda: frappe.client.get_list("Error Log", fields=["error"], limit_page_length=500),
		),
		"Deleted Document": (None, lambda: frappe.client.get_list("Deleted Document", fields=["data"])),
	}


DOORS = tuple(doors(frappe._dict(file="", case=frappe._dict(doctype="", name=""), ids=("", ""))))


def _list_view(doctype: str, name: str):
	"""The desk's list asks for the fields in its list view and standard filters."""
	meta = frappe.get_meta(doctype)
	fields = ["name", *(df.fieldname for df in meta.fields if df.in_list_view or df.in_standard_filter)]
	return _report_view(doctype, name, fields=fields)


def _report_view(doctype: str, name: str, fields=None):
	fields = fields or (
		"name",
		*(df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldtype == "Data"),
	)
	frappe.local.form_dict = frappe._dict(
		doctype=doctype,
		fields=json.dumps([f"`tab{doctype}`.`{f}`" for f in fields]),
		filters=json.dumps([[doctype, "name", "=", name]]),
	)
	return reportview.get()


def _validate_link(name: str, fields: list[str]):
	"""What a Link field asks when a value is typed in, with the fields it fetches from that file:
	`validate_link` on v15, `validate_link_and_fetch` on v16 (which validates through the link search)."""
	if hasattr(frappe.client, "validate_link"):  # v15
		return frappe.client.validate_link("Beneficiary", name, fields)
	return frappe.client.validate_link_and_fetch("Beneficiary", name, fields_to_fetch=fields)


def _export(doctype: str, name: str):
	fields = ["name", *(df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldtype == "Data")]
	frappe.local.form_dict = frappe._dict(
		doctype=doctype,
		file_format_type="CSV",
		fields=json.dumps([f"`tab{doctype}`.`{f}`" for f in fields]),
		filters=json.dumps([[doctype, "name", "=", name]]),
	)
	reportview.export_query()


def _group_by():
	from frappe.desk.listview import get_group_by_count

	return get_group_by_count("Beneficiary", "[]", "national_id")


def _audit_trail(name: str):
	"""Frappe's Audit Trail page compares a document's versions (it is a Single: its form is the door)."""
	if not frappe.db.exists("DocType", "Audit Trail"):
		raise frappe.PermissionError
	trail = frappe.get_doc("Audit Trail")
	trail.check_permission("read")
	trail.update({"doctype_name": "Beneficiary", "document": name})
	return trail.compare_document()


def opened_the_document(answer, p, door: str) -> bool:
	"""The door answered with the document it opens onto (not an empty list or page)."""
	target = p.case.name if door.startswith("case") or "of the case" in door else p.file
	return target in json.dumps(answer, default=str, ensure_ascii=False)


def test_these_are_all_the_roles_that_read_a_file_or_a_case_without_field_level_one():
	assert readers_without_field_level_one() == set(ROLES)


@pytest.mark.parametrize("person", ROLES, indirect=True)
@pytest.mark.parametrize("door", DOORS)
def test_no_door_gives_a_full_national_id_to_a_role_without_field_level_one(person, door):
	opened_by, call = doors(person)[door]
	must_open = opened_by is not None and holds(person.role, *opened_by)
	try:
		answer = call()
	except frappe.PermissionError:
		assert not must_open, f"{door}: refused to {person.role}, whose permissions open it"
		return
	finally:
		frappe.local.form_dict = frappe._dict()
		frappe.clear_messages()
	if must_open:
		assert opened_the_document(answer, person, door), f"{door}: {str(answer)[:300]}"
	assert not leaks(answer, person.ids), (
		f"{door} as {person.role}: {json.dumps(answer, default=str, ensure_ascii=False)[:600]}"
	)


def test_a_history_written_before_the_masking_is_masked_by_the_patch():
	from beneficiary_care.patches.v0_9 import mask_national_ids_in_history

	first, second = helpers.national_id(), helpers.national_id()
	file = helpers.beneficiary(national_id=second)
	old = frappe.get_doc(
		{
			"doctype": "Version",
			"ref_doctype": "Beneficiary",
			"docname": file.name,
			"data": json.dumps(
				{"changed": [["national_id", first, second], ["full_name", "سارة", "سارة أحمد"]], "added": []}
			),
		}
	)
	old.db_insert()  # as a row written before the hook: no before_insert
	assert first in frappe.db.get_value("Version", old.name, "data")
	mask_national_ids_in_history.execute()
	data = json.loads(frappe.db.get_value("Version", old.name, "data"))
	assert data["changed"] == [
		["national_id", "******" + first[-4:], "******" + second[-4:]],
		["full_name", "سارة", "سارة أحمد"],
	]
	mask_national_ids_in_history.execute()  # again: nothing changes
	assert json.loads(frappe.db.get_value("Version", old.name, "data")) == data


@pytest.mark.parametrize("person", ["Department Staff"], indirect=True)
def test_no_alert_or_mail_about_the_file_or_its_case_holds_the_id(person):
	"""What the flows wrote for people to read: the bell's alerts and the mails queued."""
	frappe.set_user("Administrator")
	since = frappe.db.get_value("Beneficiary", person.file, "creation")
	alerts = frappe.get_all(
		"Notification Log", filters={"creation": [">=", since]}, fields=["subject", "email_content"]
	)
	mails = frappe.get_all("Email Queue", filters={"creation": [">=", since]}, fields=["message"])
	comments = frappe.get_all(
		"Comment", filters={"creation": [">=", since]}, fields=["content", "reference_name"]
	)
	assert alerts and comments  # the case's assignment alert and the timeline were written
	assert not leaks([alerts, mails, comments], person.ids)


# ------------------------------------------------------------------ searches, over HTTP
# Filtering, sorting or grouping by the ID would give it away digit by digit ("how many files have an
# ID starting with 10…"); Frappe v15 allows it to any reader, the app refuses it per request.


@pytest.fixture
def over_http(cleanup):
	base = os.environ.get("BC_BASE_URL")
	if not base:
		pytest.skip("no web server for the site: set BC_BASE_URL (.ci/run serves one)")
	users = {}
	for email, role in (
		("ids-http-head@care.example.com", "Department Head"),
		("ids-http-officer@care.example.com", "Care Officer"),
	):
		if not frappe.db.exists("User", email):
			helpers.staff_user(email, role)
		# staff read the desk in Arabic, whatever the site's language (the refusal is checked in it)
		frappe.get_doc("User", email).update({"new_password": "Ids-Test-2026!x", "language": "ar"}).save(
			ignore_permissions=True
		)
		users[role] = email
	national_id = helpers.national_id()
	file = helpers.beneficiary(national_id=national_id)
	frappe.db.commit()
	cleanup.append(("Beneficiary", file.name))
	sessions = {}
	for role, email in users.items():
		session = requests.Session()
		assert session.post(f"{base}/api/method/login", data={"usr": email, "pwd": "Ids-Test-2026!x"}).ok
		sessions[role] = session
	yield frappe._dict(base=base, sessions=sessions, national_id=national_id)
	for email in users.values():
		frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	frappe.db.commit()


def searches(national_id: str) -> dict:
	like = json.dumps([["Beneficiary", "national_id", "like", national_id[:3] + "%"]])
	return {
		"REST list filtered": ("GET", "/api/resource/Beneficiary", {"filters": like}),
		"REST list sorted": ("GET", "/api/resource/Beneficiary", {"order_by": "national_id asc"}),
		"count": ("POST", "/api/method/frappe.client.get_count", {"doctype": "Beneficiary", "filters": like}),
		"report view count": (
			"POST",
			"/api/method/frappe.desk.reportview.get_count",
			{"doctype": "Beneficiary", "filters": like},
		),
		"report view or-filters": (
			"POST",
			"/api/method/frappe.desk.reportview.get",
			{"doctype": "Beneficiary", "fields": '["name"]', "or_filters": like},
		),
		"sidebar group-by": (
			"POST",
			"/api/method/frappe.desk.listview.get_group_by_count",
			{"doctype": "Beneficiary", "current_filters": "[]", "field": "national_id"},
		),
		"link search on the field": (
			"POST",
			"/api/method/frappe.desk.search.search_link",
			{"doctype": "Beneficiary", "txt": national_id[:3], "searchfield": "national_id"},
		),
	}


def test_no_search_sort_or_grouping_by_the_national_id_answers_a_user_without_field_level_one(over_http):
	refusal = frappe._("You may not search, sort or group by {0}.", lang="ar").split("{0}")[0].strip()
	assert refusal and "You may not" not in refusal  # the Arabic message, as the user reads it
	for door, (method, path, params) in searches(over_http.national_id).items():
		answer = over_http.sessions["Department Head"].request(
			method, over_http.base + path, **({"params": params} if method == "GET" else {"data": params})
		)
		assert answer.status_code == 403, f"{door}: {answer.status_code} {answer.text[:300]}"
		assert over_http.national_id not in answer.text
		said = json.dumps(answer.json(), ensure_ascii=False)  # the exception and the message, unescaped
		assert refusal in said, f"{door}: {said[:300]}"


def test_an_officer_who_may_read_the_id_still_finds_a_file_by_it(over_http):
	_method, path, params = searches(over_http.national_id)["count"]
	answer = over_http.sessions["Care Officer"].post(over_http.base + path, data=params)
	assert answer.status_code == 200 and answer.json()["message"] >= 1
