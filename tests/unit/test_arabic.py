import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.arabic import normalize_arabic
from beneficiary_care.core.digits import to_arabic_indic_digits, to_ascii_digits


@pytest.mark.parametrize(
	("a", "b"),
	[
		("أسباب إغلاق ملف", "اسباب اغلاق ملف"),
		("آمنة", "امنه"),
		("مستشفى", "مستشفي"),
		("فاتورة", "فاتوره"),
		("استفســـــار", "استفسار"),
		("مُسْتَفِيد", "مستفيد"),
		("مسؤول", "مسوول"),
		("طارئة", "طاريه"),
		("رقم ١٢٣", "رقم 123"),
		("  صيانة\n\tوترميم  ", "صيانه وترميم"),
		("E-Services", "e-services"),
	],
)
def test_spellings_of_one_word_match(a, b):
	assert normalize_arabic(a) == normalize_arabic(b)


def test_hamza_above_as_combining_mark_folds_like_precomposed():
	assert normalize_arabic("ا\u0654سباب") == normalize_arabic("أسباب") == "اسباب"


def test_empty():
	assert normalize_arabic(None) == ""
	assert normalize_arabic("") == ""


arabic_text = st.text(
	alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآىةؤئـ ًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩0123456789 ")),
	max_size=40,
)


@given(arabic_text)
def test_normalisation_is_idempotent(text):
	once = normalize_arabic(text)
	assert normalize_arabic(once) == once


@given(arabic_text)
def test_normal_form_has_no_variant_letters_or_marks(text):
	folded = normalize_arabic(text)
	assert not set(folded) & set("أإآىةؤئـ٠١٢٣٤٥٦٧٨٩\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
	assert "  " not in folded
	assert folded == folded.strip()


@given(st.text("0123456789"))
def test_digit_round_trip(digits):
	assert to_ascii_digits(to_arabic_indic_digits(digits)) == digits
