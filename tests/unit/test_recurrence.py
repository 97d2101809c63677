from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.recurrence import over_count, rising_categories


def test_people_and_employees_over_the_threshold_most_first():
	assert over_count({"BEN-1": 3, "BEN-2": 2, "+966500000001": 5, "": 9}, 3) == {
		"+966500000001": 5,
		"BEN-1": 3,
	}


def test_subject_above_twice_its_mean():
	history = [{"خدمات": 2, "شروط": 4}, {"خدمات": 4, "شروط": 4}]
	rises = rising_categories({"خدمات": 7, "شروط": 8, "جديد": 2}, history, 2.0)
	assert [(r.category, r.current, r.previous_mean, r.factor) for r in rises] == [
		("جديد", 2, 0.0, None),
		("خدمات", 7, 3.0, 2.33),
	]  # شروط: 8 is not above 2 × 4


def test_no_history_means_only_counts_reaching_the_factor():
	assert [r.category for r in rising_categories({"a": 1, "b": 2}, [], 2.0)] == ["b"]


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 50)), st.integers(1, 10))
def test_every_hit_reaches_the_minimum(counts, minimum):
	hits = over_count(counts, minimum)
	assert all(v >= minimum for v in hits.values())
	assert set(hits) == {k for k, v in counts.items() if v >= minimum}
