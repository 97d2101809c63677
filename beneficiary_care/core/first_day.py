"""The association's first day: the set-up steps in their order, and when the data says each is done.

A step is done when the site's data shows it (a department with an active member, a test message that
reached the SMS provider, a case whose acknowledgement was sent), never because it was clicked.
setup.first_day gathers the facts and keeps Frappe's onboarding steps (Module Onboarding) in step
with them; this module only decides.
"""

from __future__ import annotations

from dataclasses import dataclass

# Onboarding Step names (their English titles, translated like every string), in the order of the day
ASSOCIATION = "Introduce the Association"
CALENDAR = "Set the Working Week and Holidays"
DEPARTMENTS = "Add Departments and Their Staff"
SMS = "Connect the SMS Gateway"
EMAIL = "Set Up Outgoing Email"
WHATSAPP = "Connect WhatsApp"
PORTAL = "Try the Public Portal"
HISTORY = "Bring In Past Cases"
FIRST_CASE = "Register a First Case"
STEPS = (ASSOCIATION, CALENDAR, DEPARTMENTS, SMS, EMAIL, WHATSAPP, PORTAL, HISTORY, FIRST_CASE)
# what an association may choose to do without
OPTIONAL = (WHATSAPP, HISTORY)

# What is still missing, as the administrator is told when a step is not done yet
MSG_ASSOCIATION = "Write the association's name, phone and address and attach its logo in the settings."
MSG_CALENDAR = "Give the default working calendar this year's holidays and Ramadan, and the Ramadan hours in the settings."
MSG_DEPARTMENTS = "Add a department with at least one active member."
MSG_SMS = "Choose the SMS provider and send a test message that reaches it."
MSG_EMAIL = "Add an email account that sends the site's mail by default."
MSG_WHATSAPP = "Turn WhatsApp on and give its phone number ID and access token."
MSG_PORTAL = "Send a case through the public portal, as a beneficiary would."
MSG_HISTORY = "Bring in past cases with Data Import."
MSG_FIRST_CASE = "Register a case whose acknowledgement reaches its submitter."
MSG_NOT_SKIPPABLE = "This step cannot be skipped."
MISSING = {
	ASSOCIATION: MSG_ASSOCIATION,
	CALENDAR: MSG_CALENDAR,
	DEPARTMENTS: MSG_DEPARTMENTS,
	SMS: MSG_SMS,
	EMAIL: MSG_EMAIL,
	WHATSAPP: MSG_WHATSAPP,
	PORTAL: MSG_PORTAL,
	HISTORY: MSG_HISTORY,
	FIRST_CASE: MSG_FIRST_CASE,
}


@dataclass(frozen=True)
class Facts:
	"""What the site holds, gathered by setup.first_day."""

	association_name: bool = False
	association_logo: bool = False
	association_phone: bool = False
	association_address: bool = False
	holidays_this_year: int = 0
	ramadan_this_year: bool = False
	ramadan_hours: bool = False
	departments_with_active_member: int = 0
	sms_reached_provider: bool = False
	outgoing_email: bool = False
	whatsapp_connected: bool = False
	portal_cases: int = 0
	imported_cases: int = 0
	acknowledged_cases: int = 0


def done(facts: Facts) -> dict[str, bool]:
	"""Each step: whether the data says it is done."""
	return {
		ASSOCIATION: facts.association_name
		and facts.association_logo
		and facts.association_phone
		and facts.association_address,
		CALENDAR: facts.holidays_this_year > 0 and facts.ramadan_this_year and facts.ramadan_hours,
		DEPARTMENTS: facts.departments_with_active_member > 0,
		SMS: facts.sms_reached_provider,
		EMAIL: facts.outgoing_email,
		WHATSAPP: facts.whatsapp_connected,
		PORTAL: facts.portal_cases > 0,
		HISTORY: facts.imported_cases > 0,
		FIRST_CASE: facts.acknowledged_cases > 0,
	}


def may_skip(step: str) -> bool:
	return step in OPTIONAL


def next_step(facts: Facts, skipped: frozenset[str] = frozenset()) -> str | None:
	"""The first step neither done nor skipped; None when the day is over."""
	state = done(facts)
	return next((step for step in STEPS if not state[step] and step not in skipped), None)
