"""What a guest types comes back escaped and is held to one limit (issue 30, findings 9 and 10)."""

import html
import json
import re
from pathlib import Path

import pytest

from beneficiary_care.core.cases import DESCRIPTION_LIMIT
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.phone import normalize_saudi_mobile
from beneficiary_care.core.surveys import MAX_TEXT, clean_text

APP = Path(__file__).resolve().parents[2] / "beneficiary_care"


def test_the_description_has_one_limit_on_the_form_in_the_check_and_on_the_case():
	assert len(clean_text("ب" * DESCRIPTION_LIMIT, "description", DESCRIPTION_LIMIT)) == DESCRIPTION_LIMIT
	with pytest.raises(CoreValidationError) as err:
		clean_text("ب" * (DESCRIPTION_LIMIT + 1), "description", DESCRIPTION_LIMIT)
	assert str(DESCRIPTION_LIMIT) in err.value.render() and err.value.field == "description"
	form = json.loads((APP / "beneficiary_care/web_form/submit_a_case/submit_a_case.json").read_text())
	[field] = [f for f in form["web_form_fields"] if f["fieldname"] == "description"]
	assert field["max_length"] == DESCRIPTION_LIMIT
	with pytest.raises(CoreValidationError):  # a survey comment keeps its own, shorter limit
		clean_text("x" * (MAX_TEXT + 1), "comment")


def test_what_a_person_typed_is_escaped_in_a_message_and_translated_words_are_not():
	typed = '<img src=x onerror="alert(1)">'
	with pytest.raises(CoreValidationError) as err:
		normalize_saudi_mobile(typed)
	shown = err.value.render(lambda s: s, html.escape)
	assert "<img" not in shown and html.escape(typed) in shown
	words = CoreValidationError("status", "cannot go from {old} to {new}", old="<b>New</b>", new="Closed")
	arabic = {"cannot go from {old} to {new}": "لا يمكن الانتقال من {old} إلى {new}", "Closed": "مغلقة"}
	assert words.render(lambda s: arabic.get(s, s), html.escape) == "لا يمكن الانتقال من <b>New</b> إلى مغلقة"


PRINTED = re.compile(r"\{\{\s*(.+?)\s*\}\}")


@pytest.mark.parametrize("page", sorted(p.name for p in (APP / "www").glob("*.html")))
def test_every_value_a_portal_page_prints_is_escaped(page):
	"""A case's subject (a WhatsApp message can hold HTML), a FAQ's title, a link's query: escaped."""
	unescaped = [
		expr
		for expr in PRINTED.findall((APP / "www" / page).read_text())
		if not (expr.startswith("_(") or re.search(r"\|\s*(e|tojson)\s*$", expr))
	]
	assert unescaped == []
