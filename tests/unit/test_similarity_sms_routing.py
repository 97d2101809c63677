import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.routing import (
	AssigneeChange,
	assign_condition,
	close_condition,
	department_move_counts,
	unassign_condition,
)
from beneficiary_care.core.similarity import most_similar, similarity
from beneficiary_care.core.sms import MAX_ATTEMPTS, gateway_accepted, next_retry

# ------------------------------------------------------------------ similarity


def test_spelling_variants_are_the_same_text():
	assert similarity("متى تصرف المساعدة الشهرية؟", "متي تُصرَف المساعده الشهريه") == 1.0


def test_same_request_in_other_words_scores_higher_than_an_unrelated_one():
	a = "لم يتم سداد فاتورة الكهرباء حتى الآن"
	b = "متى يتم سداد فاتورة الكهرباء"
	c = "أرغب في فتح ملف جديد للأسرة"
	assert similarity(a, b) > 0.5 > similarity(a, c)


def test_function_words_alone_do_not_make_texts_similar():
	assert similarity("في من على", "عن إلى أن") == 0.0


texts = st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأ ")), max_size=60)


@given(texts, texts)
def test_similarity_is_symmetric_and_bounded(a, b):
	s = similarity(a, b)
	assert 0.0 <= s <= 1.0
	assert s == similarity(b, a)


@given(texts)
def test_a_text_is_identical_to_itself(a):
	assert similarity(a, a) in (0.0, 1.0)


def test_most_similar_ranks_and_limits():
	candidates = [
		("INQ-1", "متى تصرف المساعدة الشهرية"),
		("INQ-2", "موعد صرف المساعدة الشهرية"),
		("INQ-3", "صيانة منزل"),
	]
	matches = most_similar("متى موعد صرف المساعدة الشهرية", candidates, threshold=0.4)
	assert [m.key for m in matches] == ["INQ-2", "INQ-1"]
	assert most_similar("", candidates) == []


# ------------------------------------------------------------------ SMS gateway answers


def test_http_error_is_a_failure():
	assert gateway_accepted(500, "oops") == (False, "HTTP 500: oops")


def test_200_with_an_error_in_the_body_is_a_failure():
	assert not gateway_accepted(200, '{"success": false, "message": "Insufficient balance"}')[0]
	assert not gateway_accepted(200, '{"status": "error"}')[0]
	assert not gateway_accepted(200, '{"errors": ["bad number"]}')[0]
	assert not gateway_accepted(200, "ERROR: invalid sender name")[0]
	assert not gateway_accepted(200, "فشل الإرسال: رصيد غير كاف")[0]


def test_plain_success_answers():
	assert gateway_accepted(200, '{"success": true, "data": {"MessageID": 7}}')[0]
	assert gateway_accepted(201, '{"statusCode": 201, "messageId": "x"}')[0]
	assert gateway_accepted(200, "OK")[0]


def test_success_pattern_must_match_when_given():
	assert gateway_accepted(200, "1", success_pattern=r"^1$")[0]
	ok, reason = gateway_accepted(200, "3", success_pattern=r"^1$")
	assert not ok and "success pattern" in reason


def test_retry_schedule_backs_off_then_stops():
	now = dt.datetime(2026, 1, 1, 8)
	delays = [next_retry(n, now) for n in range(1, MAX_ATTEMPTS)]
	assert all(d is not None for d in delays)
	assert delays == sorted(delays)
	assert next_retry(MAX_ATTEMPTS, now) is None
	assert next_retry(0, now) == now


# ------------------------------------------------------------------ routing


def test_conditions_escape_department_names():
	condition = assign_condition('قسم "الدعم"', has_confidential_flag=True)
	assert (
		condition == "department == \"قسم \\\"الدعم\\\"\" and status not in ('Closed', 'Cancelled')"
		" and not is_historical and not is_confidential"
	)
	env = {"department": 'قسم "الدعم"', "status": "New", "is_confidential": 0, "is_historical": 0}
	assert eval(condition, {}, env)  # the same expression Frappe's safe_eval runs
	assert not eval(condition, {}, {**env, "is_confidential": 1})
	assert not eval(condition, {}, {**env, "is_historical": 1})  # imported from history: no assignment
	assert eval(unassign_condition('قسم "الدعم"', True), {}, {**env, "is_confidential": 1})
	assert not eval(unassign_condition("x", False), {}, {"department": "x"})
	assert eval(close_condition(), {}, {"status": "Cancelled"})


def test_reassignment_rules():
	assert AssigneeChange("a", "b", frozenset(), False).is_reassignment
	assert not AssigneeChange("a", "b", frozenset({"a"}), False).is_reassignment  # a co-assignee
	assert not AssigneeChange(None, "b", frozenset(), False).is_reassignment  # first routing
	assert not AssigneeChange("a", "a", frozenset(), False).is_reassignment
	assert not AssigneeChange("a", "b", frozenset(), True).is_reassignment  # counted as a move
	assert department_move_counts("A", "B")
	assert not department_move_counts(None, "B") and not department_move_counts("A", "A")


def test_recurring_inquiries_group_by_meaning_within_their_category():
	from beneficiary_care.core.similarity import group_similar

	items = [
		("INQ-1", "صرف", "متى تصرف المساعدة الشهرية؟"),
		("INQ-2", "صرف", "متي موعد صرف المساعده الشهريه"),
		("INQ-3", "صرف", "كيف أحدث حسابي البنكي"),
		("INQ-4", "ملفات", "متى تصرف المساعدة الشهرية؟"),  # same words, another category
		("INQ-5", "صرف", "موعد صرف المساعدة الشهرية"),
		("INQ-6", "صرف", ""),
	]
	groups = group_similar(items, threshold=0.5)
	assert groups[0].keys == ["INQ-1", "INQ-2", "INQ-5"] and groups[0].category == "صرف"
	assert sorted(len(g.keys) for g in groups) == [1, 1, 3]
	assert all("INQ-6" not in g.keys for g in groups)


def test_sms_segments_follow_the_encoding():
	from beneficiary_care.core.sms import segments

	assert segments("") == 0
	assert segments("a" * 160) == 1 and segments("a" * 161) == 2 and segments("a" * 306) == 2
	assert segments("ب" * 70) == 1 and segments("ب" * 71) == 2  # Arabic: UCS-2
	assert segments("ب" * 134) == 2 and segments("ب" * 135) == 3
	assert segments("a" * 70 + "ب") == 2  # one Arabic letter makes the whole message UCS-2
	assert segments("{" * 80) == 1 and segments("{" * 81) == 2  # GSM extension characters count twice
	assert segments("😀" * 35) == 1 and segments("😀" * 36) == 2  # outside the BMP: two units each
