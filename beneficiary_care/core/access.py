"""Who reads which cases: the scope a user's roles give, decided once for the list query, the single
document check and the reports' daily figures (the Frappe side looks up roles, files, departments).

- Portal users whose only care role is Care Beneficiary read the cases of their own beneficiary files
  and the cases registered with their verified mobile (a login code proved it: core.login_codes).
- Confidential complaints (about a named employee) are read only by Care Manager, the Complaints
  Committee and System Manager — and never by the employee they name, whatever their role.
- Department Staff and Department Heads without a wider care role read their departments' cases and
  the cases assigned to them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

ADMINISTRATOR = "Administrator"
PORTAL_ROLE = "Care Beneficiary"
CONFIDENTIAL_READERS = frozenset({"System Manager", "Care Manager", "Complaints Committee"})
ALL_DEPARTMENTS = frozenset({"System Manager", "Care Manager", "Care Officer", "Complaints Committee"})
DEPARTMENT_ROLES = frozenset({"Department Staff", "Department Head"})
STAFF_ROLES = ALL_DEPARTMENTS | DEPARTMENT_ROLES
BOARD_ROLE = "Board Member"


@dataclass(frozen=True)
class Scope:
	unrestricted: bool = False  # Administrator: no narrowing at all
	portal_only: bool = False  # reads only the cases of the user's files and of their verified mobile
	reads_confidential: bool = False
	department_limited: bool = False  # reads only the departments' cases and those assigned to them


def scope(user: str, roles: Iterable[str]) -> Scope:
	if user == ADMINISTRATOR:
		return Scope(unrestricted=True, reads_confidential=True)
	held = frozenset(roles)
	return Scope(
		portal_only=PORTAL_ROLE in held and not held & STAFF_ROLES,
		reads_confidential=bool(held & CONFIDENTIAL_READERS),
		department_limited=bool(held & DEPARTMENT_ROLES) and not held & ALL_DEPARTMENTS,
	)


def opens_the_app(user: str, roles: Iterable[str]) -> bool:
	"""Whether the app's icon is on the user's apps screen: staff of any care role and board members,
	never a portal-only beneficiary (who has no desk)."""
	held = frozenset(roles)
	return user == ADMINISTRATOR or bool(held & (STAFF_ROLES | {BOARD_ROLE}))


def portal_reads(
	beneficiary: str | None, mobile: str | None, own_files: Collection[str], verified_mobile: str | None
) -> bool:
	"""Whether a portal-only user reads a case of file `beneficiary` registered with `mobile`."""
	return bool(beneficiary and beneficiary in own_files) or bool(
		verified_mobile and mobile == verified_mobile
	)


def figures_access(access: Scope, doctype: str, named_in_a_complaint: bool) -> bool | None:
	"""Whether the reports may count this user's cases of `doctype` from the daily figures, which know
	the department and confidentiality of cases but not who they name or are assigned to: None (they
	cannot: count the cases), True (every case), False (every case but the confidential ones)."""
	if access.unrestricted:
		return True
	if access.portal_only or access.department_limited:
		return None
	if doctype == "Complaint" and named_in_a_complaint:
		return None
	return access.reads_confidential or doctype != "Complaint"
