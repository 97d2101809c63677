"""Who reads which cases (core.access): the scope a user's roles give and whether the reports may count
them from the daily figures."""

import pytest

from beneficiary_care.core import access


def test_the_administrator_is_never_narrowed():
	scope = access.scope("Administrator", ())
	assert scope.unrestricted and scope.reads_confidential
	assert access.figures_access(scope, "Complaint", named_in_a_complaint=True) is True


@pytest.mark.parametrize(
	("roles", "portal_only", "confidential", "department_limited"),
	[
		({"Care Beneficiary"}, True, False, False),
		({"Care Beneficiary", "Care Officer"}, False, False, False),  # staff who also file cases
		({"Care Officer"}, False, False, False),
		({"Care Manager"}, False, True, False),
		({"Complaints Committee"}, False, True, False),
		({"Department Staff"}, False, False, True),
		({"Department Head", "Care Officer"}, False, False, False),  # a wider role lifts the limit
		({"Department Head", "Complaints Committee"}, False, True, False),
		(set(), False, False, False),
	],
)
def test_roles_give_the_scope(roles, portal_only, confidential, department_limited):
	scope = access.scope("someone@example.com", roles)
	assert (scope.unrestricted, scope.portal_only, scope.reads_confidential, scope.department_limited) == (
		False,
		portal_only,
		confidential,
		department_limited,
	)


def test_the_figures_serve_only_whom_they_can_narrow():
	officer = access.scope("o@example.com", {"Care Officer"})
	manager = access.scope("m@example.com", {"Care Manager"})
	staff = access.scope("s@example.com", {"Department Staff"})
	portal = access.scope("b@example.com", {"Care Beneficiary"})
	# an officer reads every case but the confidential complaints: the rows can leave those out
	assert access.figures_access(officer, "Complaint", False) is False
	assert access.figures_access(officer, "Inquiry", False) is True
	assert access.figures_access(manager, "Complaint", False) is True
	# the rows know neither assignees, files, nor who a complaint names: count the cases
	assert access.figures_access(staff, "Inquiry", False) is None
	assert access.figures_access(portal, "Suggestion", False) is None
	assert access.figures_access(manager, "Complaint", named_in_a_complaint=True) is None
	assert access.figures_access(manager, "Inquiry", named_in_a_complaint=True) is True


@pytest.mark.parametrize(
	("user", "roles", "shown"),
	[
		("Administrator", (), True),
		("o@example.com", {"Care Officer"}, True),
		("s@example.com", {"Department Staff"}, True),
		("b@example.com", {"Board Member"}, True),
		("p@example.com", {"Care Beneficiary"}, False),  # a beneficiary has no desk
		("x@example.com", {"Blogger", "Website Manager"}, False),  # Frappe's roles, none of the app's
		("n@example.com", set(), False),
	],
)
def test_the_apps_screen_shows_the_app_to_staff_and_the_board(user, roles, shown):
	assert access.opens_the_app(user, roles) is shown
