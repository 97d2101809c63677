"""Similarity of short Arabic texts, for spotting duplicate and recurring cases.

Texts are compared after `normalize_arabic`, without the commonest function words, as sets of
character trigrams (robust to the prefixes and suffixes Arabic glues to words: الفاتورة / فاتورتي /
بالفاتورة share most trigrams). The score is the Dice coefficient, from 0 (nothing shared) to 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from beneficiary_care.core.arabic import normalize_arabic

STOPWORDS = frozenset(
	normalize_arabic(w)
	for w in (
		"في من على عن إلى الى أن ان إن أو او و ثم لم لن لا ما هل هذا هذه ذلك تلك التي الذي الذين كان كانت "
		"قد مع عند كل بعض أي اي هو هي هم انا أنا نحن انت أنت يا بعد قبل حتى منذ غير لماذا متى كيف اين أين"
	).split()
)
_WORD = re.compile(r"\w+")


def trigrams(text: str) -> frozenset[str]:
	words = [w for w in _WORD.findall(normalize_arabic(text)) if w not in STOPWORDS]
	grams: set[str] = set()
	for word in words:
		padded = f" {word} "
		grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
	return frozenset(grams)


def similarity(a: str, b: str) -> float:
	"""Dice coefficient of the two texts' trigram sets; 0 when either has no words."""
	ta, tb = trigrams(a), trigrams(b)
	if not ta or not tb:
		return 0.0
	return 2 * len(ta & tb) / (len(ta) + len(tb))


@dataclass(frozen=True)
class Match:
	key: str
	score: float


def most_similar(
	text: str, candidates: Iterable[tuple[str, str]], threshold: float = 0.45, limit: int = 5
) -> list[Match]:
	"""The candidates (key, text) at least `threshold` similar to `text`, best first."""
	target = trigrams(text)
	if not target:
		return []
	matches = []
	for key, other in candidates:
		grams = trigrams(other)
		if grams:
			score = 2 * len(target & grams) / (len(target) + len(grams))
			if score >= threshold:
				matches.append(Match(key, round(score, 3)))
	matches.sort(key=lambda m: (-m.score, m.key))
	return matches[:limit]


@dataclass
class Group:
	"""Texts that say the same thing: the first one seen represents the group."""

	category: str
	representative: str
	keys: list[str]


def group_similar(items: Iterable[tuple[str, str, str]], threshold: float = 0.5) -> list[Group]:
	"""Group (key, category, text) by Arabic-normalised similarity within each category, greedily:
	a text joins the first group of its category whose representative it resembles enough.
	Largest groups first."""
	groups: list[tuple[Group, frozenset[str]]] = []
	for key, category, text in items:
		grams = trigrams(text)
		if not grams:
			continue
		for group, rep in groups:
			if group.category == category and 2 * len(grams & rep) / (len(grams) + len(rep)) >= threshold:
				group.keys.append(key)
				break
		else:
			groups.append((Group(category, text, [key]), grams))
	return sorted((g for g, _ in groups), key=lambda g: (-len(g.keys), g.representative))
