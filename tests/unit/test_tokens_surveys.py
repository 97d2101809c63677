import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core import surveys, tokens
from beneficiary_care.core.errors import CoreValidationError

NOW = dt.datetime(2026, 5, 1, 10)


def test_tokens_are_unguessable_and_only_their_hash_is_kept():
	token, digest = tokens.new_token()
	other, _ = tokens.new_token()
	assert token != other and len(token) >= 32 and tokens.looks_like_token(token)
	assert digest == tokens.hash_token(token) and token not in digest
	assert tokens.hash_token(other) != digest


@pytest.mark.parametrize(
	"forged", ["", "abc", "x" * 65, "<script>alert(1)</script>aaaaaaaaaaaa", "a b" * 10, None]
)
def test_forged_tokens_are_refused_before_any_lookup(forged):
	assert not tokens.looks_like_token(forged)


def test_token_states():
	assert tokens.state(NOW + dt.timedelta(days=1), None, NOW) == tokens.VALID
	assert tokens.state(NOW, None, NOW) == tokens.EXPIRED
	assert tokens.state(NOW + dt.timedelta(days=1), NOW, NOW) == tokens.USED
	assert tokens.state(None, None, NOW) == tokens.EXPIRED


def test_a_survey_answer():
	answer = surveys.parse(
		{
			"overall_rating": "4",
			"time_taken_rating": 5,
			"answer_met_need": "Yes",
			"comment": " <b>شكراً</b>  لكم ",
		}
	)
	assert answer.ratings == {"overall_rating": 4, "time_taken_rating": 5}
	assert answer.comment == "شكراً لكم"
	assert surveys.as_fraction(4) == 0.8


@pytest.mark.parametrize(
	"bad",
	[
		{},
		{"overall_rating": "0"},
		{"overall_rating": "6"},
		{"overall_rating": "x"},
		{"overall_rating": 3, "staff_conduct_rating": 9},
	],
)
def test_ratings_must_be_one_to_five(bad):
	with pytest.raises(CoreValidationError) as err:
		surveys.parse(bad)
	assert err.value.message == surveys.MSG_RATING


def test_a_low_score_asks_why_and_text_is_bounded():
	with pytest.raises(CoreValidationError) as err:
		surveys.parse({"overall_rating": 2})
	assert (err.value.field, err.value.message) == ("comment", surveys.MSG_REASON)
	assert surveys.parse({"overall_rating": 2, "comment": "تأخر الرد"}).comment == "تأخر الرد"
	with pytest.raises(CoreValidationError):
		surveys.parse({"overall_rating": 5, "comment": "ا" * 1001})
	with pytest.raises(CoreValidationError):
		surveys.parse({"overall_rating": 5, "answer_met_need": "Maybe"})


@given(st.text(max_size=300))
def test_comments_never_keep_markup(text):
	try:
		cleaned = surveys.clean_text(text, "comment")
	except CoreValidationError:
		return
	assert "<" not in cleaned or ">" not in cleaned[cleaned.index("<") :]
