import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.digits import to_arabic_indic_digits
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.phone import MSG_MOBILE, is_saudi_mobile, local_mobile, normalize_saudi_mobile

subscriber = st.text("0123456789", min_size=8, max_size=8).map(lambda s: "5" + s)


@pytest.mark.parametrize(
	"typed",
	[
		"0501234567",
		"501234567",
		"966501234567",
		"+966501234567",
		"00966501234567",
		"+966 50 123 4567",
		"050-123-4567",
		"(050) 123.4567",
		"+966 (0)50 123 4567",
		"٠٥٠١٢٣٤٥٦٧",
		"۰۵۰۱۲۳۴۵۶۷",
		"\u200f+966501234567",
	],
)
def test_every_common_form_is_canonical(typed):
	assert normalize_saudi_mobile(typed) == "+966501234567"


@given(subscriber, st.sampled_from(["0{}", "{}", "966{}", "+966{}", "00966{}"]), st.booleans())
def test_normalisation_is_idempotent_and_canonical(number, form, arabic):
	typed = form.format(number)
	if arabic:
		typed = to_arabic_indic_digits(typed)
	canonical = normalize_saudi_mobile(typed)
	assert canonical == "+966" + number
	assert normalize_saudi_mobile(canonical) == canonical
	assert normalize_saudi_mobile(local_mobile(canonical)) == canonical


@pytest.mark.parametrize(
	"typed",
	["", "0112345678", "+971501234567", "05012345", "050123456789", "0501234abc", "+1 202 555 0100", "٠٥٠"],
)
def test_non_saudi_mobiles_are_refused_with_the_field_named(typed):
	with pytest.raises(CoreValidationError) as err:
		normalize_saudi_mobile(typed, field="contact_mobile")
	assert err.value.field == "contact_mobile"
	assert err.value.message == MSG_MOBILE
	assert not is_saudi_mobile(typed)


def test_local_form():
	assert local_mobile("+966501234567") == "0501234567"
