import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.digits import to_arabic_indic_digits
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.national_id import (
	MSG_ID_CHECKSUM,
	MSG_ID_DIGITS,
	MSG_ID_PREFIX,
	is_valid_national_id,
	luhn_check_digit,
	mask_national_id,
	validate_national_id,
)

first_nine = st.tuples(st.sampled_from("12"), st.text("0123456789", min_size=8, max_size=8)).map("".join)


def complete(nine: str) -> str:
	return nine + str(luhn_check_digit(nine))


def test_known_valid_ids():
	# 1000000008: 1 doubled is 2, the rest zeros, so the check digit is 8.
	assert validate_national_id("1000000008") == "1000000008"
	assert validate_national_id("2000000006") == "2000000006"


@given(first_nine)
def test_every_completed_id_is_valid(nine):
	assert is_valid_national_id(complete(nine))


@given(first_nine, st.integers(1, 9))
def test_a_wrong_check_digit_is_refused(nine, delta):
	good = complete(nine)
	bad = good[:9] + str((int(good[9]) + delta) % 10)
	with pytest.raises(CoreValidationError) as err:
		validate_national_id(bad)
	assert err.value.field == "national_id"
	assert err.value.message == MSG_ID_CHECKSUM


@given(first_nine, st.integers(0, 8), st.integers(1, 9))
def test_any_single_digit_typo_is_caught(nine, position, delta):
	good = complete(nine)
	if position == 0:
		return  # changing the first digit may hit the prefix rule instead; covered below
	typo = good[:position] + str((int(good[position]) + delta) % 10) + good[position + 1 :]
	assert not is_valid_national_id(typo)


def test_arabic_indic_digits_and_separators_are_accepted():
	assert validate_national_id(to_arabic_indic_digits("1000000008")) == "1000000008"
	assert validate_national_id(" 1000-000 008 ") == "1000000008"
	assert validate_national_id("۱۰۰۰۰۰۰۰۰۸") == "1000000008"


@pytest.mark.parametrize("value", ["", "123", "10000000081", "10000000a8", "²000000008"])
def test_wrong_length_or_non_digits(value):
	with pytest.raises(CoreValidationError) as err:
		validate_national_id(value, field="id_field")
	assert err.value.message == MSG_ID_DIGITS
	assert err.value.field == "id_field"


def test_prefix_must_be_citizen_or_resident():
	nine = "300000000"
	with pytest.raises(CoreValidationError) as err:
		validate_national_id(complete(nine))
	assert err.value.message == MSG_ID_PREFIX


def test_mask_shows_only_last_four():
	assert mask_national_id("1000000008") == "******0008"
	assert mask_national_id("١٠٠٠٠٠٠٠٠٨") == "******0008"
	assert mask_national_id("") == ""
	assert mask_national_id(None) == ""


@given(first_nine)
def test_mask_never_reveals_more_than_four_digits(nine):
	masked = mask_national_id(complete(nine))
	assert len(masked) == 10
	assert sum(ch.isdigit() for ch in masked) == 4
	assert masked.endswith(complete(nine)[-4:])
