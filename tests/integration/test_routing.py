"""Routing by Frappe's Assignment Rule, reassignments, and who may read which case."""

from tests.integration import require_site

require_site()

import frappe
from frappe.desk.form import assign_to

from tests.integration import helpers

DEPARTMENTS = {"اختبار العلاقات": 2, "اختبار البحث الاجتماعي": 3, "اختبار الصيانة والترميم": 3}


def department(name: str, members: list[str], head: str | None = None, rule: str = "Round Robin"):
	return frappe.get_doc(
		{
			"doctype": "Care Department",
			"department_name": name,
			"head": head,
			"assignment_rule_type": rule,
			"members": [{"user": u} for u in members],
		}
	).insert()


def staff(prefix: str, count: int, *roles: str) -> list[str]:
	return [helpers.staff_user(f"{prefix}{i}@care.example.com", *roles) for i in range(1, count + 1)]


def assignees(case) -> list[str]:
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": case.doctype, "reference_name": case.name, "status": "Open"},
		pluck="allocated_to",
	)


def test_thirty_complaints_land_on_their_departments_members_in_rule_order():
	members = {}
	for n, (name, size) in enumerate(DEPARTMENTS.items()):
		members[name] = staff(f"d{n}m", size, "Department Staff")
		department(name, members[name])
		assert frappe.db.get_value("Assignment Rule", f"Complaint: {name}", "disabled") == 0
	got = {name: [] for name in DEPARTMENTS}
	for i in range(30):
		name = list(DEPARTMENTS)[i % 3]
		case = helpers.case("Complaint", department=name)
		[user] = assignees(case)
		got[name].append(user)
	for name, users in got.items():
		expected = [members[name][i % len(members[name])] for i in range(len(users))]
		assert users == expected, name


def test_subject_category_routes_to_its_default_department():
	[user] = staff("cat", 1, "Department Staff")
	department("الخدمات الإلكترونية - قسم", [user])
	frappe.db.set_value(
		"Subject Category", "الخدمات الإلكترونية", "default_department", "الخدمات الإلكترونية - قسم"
	)
	case = helpers.case("Inquiry", subject_category="الخدمات الإلكترونية")
	assert case.department == "الخدمات الإلكترونية - قسم"
	assert assignees(case) == [user]


def test_moving_a_case_counts_one_reassignment_and_moves_the_assignment():
	a, b = staff("mova", 1, "Department Staff"), staff("movb", 1, "Department Staff")
	department("قسم أ", a)
	department("قسم ب", b)
	case = helpers.case("Complaint", department="قسم أ")
	assert assignees(case) == a and case.reassignment_count == 0
	case.reload()
	case.department = "قسم ب"
	case.save()
	assert assignees(case) == b
	assert frappe.db.get_value("Complaint", case.name, "reassignment_count") == 1


def test_handing_a_case_to_another_person_counts_a_reassignment():
	a1, a2 = staff("hand", 2, "Department Staff")
	department("قسم التسليم", [a1])
	case = helpers.case("Inquiry", department="قسم التسليم")
	assert assignees(case) == [a1]
	assign_to.add({"assign_to": [a2], "doctype": "Inquiry", "name": case.name})  # a co-assignee
	assert frappe.db.get_value("Inquiry", case.name, "reassignment_count") == 0
	assign_to.remove("Inquiry", case.name, a1)  # now a2 alone holds it
	assert frappe.db.get_value("Inquiry", case.name, "reassignment_count") == 1


def test_rules_rolled_back_are_not_left_in_frappes_cached_list():
	"""A case saved after a department's rules were written reads Frappe's cached list of Assignment
	Rules with the new rules in it; once their transaction is rolled back, the list no longer has them
	(on v16 it is kept in each process's memory too), and the next case is not routed by a rule that
	does not exist."""
	from frappe.cache_manager import get_doctype_map

	[user] = staff("cache", 1, "Department Staff")
	department("قسم الذاكرة", [user])
	helpers.case("Complaint", department="قسم الذاكرة")  # the list is read, and cached, with the rule
	frappe.db.rollback()
	rules = get_doctype_map("Assignment Rule", "Complaint", {"document_type": "Complaint", "disabled": 0})
	assert "Complaint: قسم الذاكرة" not in {rule.name for rule in rules}


def test_department_without_active_members_has_its_rule_disabled():
	department("قسم فارغ", [])
	assert frappe.db.get_value("Assignment Rule", "Complaint: قسم فارغ", "disabled") == 1
	case = helpers.case("Complaint", department="قسم فارغ")  # saved, waiting for a member
	assert assignees(case) == []


def test_confidential_complaint_reaches_only_management_and_committee():
	[employee] = staff("named", 1, "Department Staff")
	[colleague] = staff("colleague", 1, "Department Staff")
	[manager] = staff("manager", 1, "Care Manager")
	[committee] = staff("committee", 1, "Complaints Committee")
	[officer] = staff("officer", 1, "Care Officer")
	department("قسم سري", [employee, colleague], head=colleague)
	case = helpers.case(
		"Complaint", department="قسم سري", is_confidential=1, named_employee=employee, subject="سلوك موظف"
	)
	assert assignees(case) == []  # never in the department's queue
	for user, allowed in (
		(manager, True),
		(committee, True),
		(officer, False),
		(colleague, False),
		(employee, False),
	):
		frappe.set_user(user)
		assert (
			frappe.has_permission("Complaint", "read", doc=frappe.get_doc("Complaint", case.name)) == allowed
		), user
		assert (case.name in frappe.get_list("Complaint", pluck="name")) == allowed, user
		frappe.set_user("Administrator")


def test_named_employee_never_sees_the_complaint_even_as_manager():
	[manager] = staff("namedmgr", 1, "Care Manager")
	case = helpers.case("Complaint", is_confidential=1, named_employee=manager)
	frappe.set_user(manager)
	assert case.name not in frappe.get_list("Complaint", pluck="name")
	assert not frappe.has_permission("Complaint", "read", doc=frappe.get_doc("Complaint", case.name))


def test_department_staff_see_their_department_and_their_assignments():
	[mine] = staff("mine", 1, "Department Staff")
	[other] = staff("other", 1, "Department Staff")
	department("قسمي", [mine])
	department("قسم آخر", [other])
	own = helpers.case("Inquiry", department="قسمي")
	foreign = helpers.case("Inquiry", department="قسم آخر")
	assign_to.add({"assign_to": [mine], "doctype": "Inquiry", "name": foreign.name})
	unrelated = helpers.case("Inquiry", department="قسم آخر")
	frappe.set_user(mine)
	visible = set(frappe.get_list("Inquiry", pluck="name"))
	assert {own.name, foreign.name} <= visible and unrelated.name not in visible
	assert not frappe.has_permission("Inquiry", "read", doc=frappe.get_doc("Inquiry", unrelated.name))
