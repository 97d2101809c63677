"""A satisfaction survey as a guest answers it: ratings 1–5, a reason when the score is low, a
comment; validated here, stored by the adapter (ratings become Frappe's 0–1 fractions)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from beneficiary_care.core.errors import CoreValidationError

RATING_FIELDS = (
	"overall_rating",
	"answer_quality_rating",
	"procedure_clarity_rating",
	"time_taken_rating",
	"staff_conduct_rating",
)
LOW_SCORE = 2  # an overall rating of 1 or 2 asks why
MAX_TEXT = 1000

MSG_RATING = "choose from 1 to 5 stars"
MSG_REASON = "please tell us what went wrong"
MSG_TOO_LONG = "is longer than {limit} characters"
MSG_MET_NEED = "answer yes or no"

_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class SurveyAnswer:
	ratings: dict[str, int]  # fieldname → 1..5 (optional ones may be missing)
	answer_met_need: str  # "Yes" | "No" | ""
	comment: str


def clean_text(value: str | None, field: str, limit: int = MAX_TEXT) -> str:
	"""Plain text: markup removed, spaces folded, at most `limit` characters."""
	text = " ".join(_TAGS.sub(" ", value or "").split())
	if len(text) > limit:
		raise CoreValidationError(field, MSG_TOO_LONG, limit=limit)
	return text


def parse(values: dict) -> SurveyAnswer:
	ratings: dict[str, int] = {}
	for field in RATING_FIELDS:
		raw = values.get(field)
		if raw in (None, "") and field != "overall_rating":
			continue
		try:
			stars = int(str(raw))
		except (TypeError, ValueError):
			raise CoreValidationError(field, MSG_RATING) from None
		if not 1 <= stars <= 5:
			raise CoreValidationError(field, MSG_RATING)
		ratings[field] = stars
	met = values.get("answer_met_need") or ""
	if met not in ("", "Yes", "No"):
		raise CoreValidationError("answer_met_need", MSG_MET_NEED)
	comment = clean_text(values.get("comment"), "comment")
	if ratings["overall_rating"] <= LOW_SCORE and not comment:
		raise CoreValidationError("comment", MSG_REASON)
	return SurveyAnswer(ratings, met, comment)


def as_fraction(stars: int) -> float:
	"""Frappe's Rating field stores a fraction of 1 (4 of 5 stars is 0.8)."""
	return round(stars / 5, 2)
