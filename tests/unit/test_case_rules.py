import datetime as dt

import pytest

from beneficiary_care.core.cases import (
	MSG_EMAIL,
	MSG_RECEIVED_FUTURE,
	check_received_on,
	normalize_contact,
	normalize_email,
)
from beneficiary_care.core.errors import CoreValidationError

NOW = dt.datetime(2026, 3, 5, 10, 0)


def test_back_dated_case_is_accepted():
	assert check_received_on(NOW - dt.timedelta(days=3), NOW) == NOW - dt.timedelta(days=3)


def test_a_few_minutes_of_clock_skew_is_tolerated():
	check_received_on(NOW + dt.timedelta(minutes=4), NOW)


def test_future_received_on_names_the_field():
	with pytest.raises(CoreValidationError) as err:
		check_received_on(NOW + dt.timedelta(hours=2), NOW)
	assert err.value.field == "received_on"
	assert err.value.message == MSG_RECEIVED_FUTURE
	assert "2026-03-05 12:00" in str(err.value)


def test_email_normalised_or_refused():
	assert normalize_email("  Someone@Example.SA ") == "someone@example.sa"
	assert normalize_email("") == ""
	for bad in ("someone", "a@b", "a b@c.sa", "a@@c.sa"):
		with pytest.raises(CoreValidationError) as err:
			normalize_email(bad, field="contact_email")
		assert err.value.field == "contact_email" and err.value.message == MSG_EMAIL


def test_contact_is_optional_but_normalised_when_given():
	assert normalize_contact("", None) == ("", "")
	assert normalize_contact("٠٥٥٥١٢٣٤٥٦", "X@Y.SA") == ("+966555123456", "x@y.sa")


def test_translation_hook_is_applied_before_formatting():
	err = CoreValidationError("f", "{value} is bad", value="x")
	assert err.render(lambda s: "«" + s + "»") == "«x is bad»"


def test_weekday_parameters_are_translated_too():
	err = CoreValidationError("windows", "row {row}: {weekday}", row=2, weekday="Sunday")
	arabic = {"row {row}: {weekday}": "الصف {row}: {weekday}", "Sunday": "الأحد"}
	assert err.render(lambda s: arabic.get(s, s)) == "الصف 2: الأحد"
	assert str(err) == "row 2: Sunday"


def test_a_reference_names_its_kind_by_its_prefix():
	from beneficiary_care.core.cases import CASE_DOCTYPES, PREFIXES, kind_of_reference

	assert set(PREFIXES) == set(CASE_DOCTYPES)
	assert len(set(PREFIXES.values())) == len(PREFIXES)
	assert kind_of_reference("CMP-2026-00001") == "Complaint"
	assert kind_of_reference(" inq-2026-00012 ") == "Inquiry"
	assert kind_of_reference("SUG-2026-00003") == "Suggestion"
	for unknown in ("", "XYZ-2026-1", "CMP2026", "DEMO-CMP-2023-0001"):
		assert kind_of_reference(unknown) is None
