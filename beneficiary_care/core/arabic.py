"""Arabic text normalisation for search, matching and similarity.

The same word is typed many ways: with or without hamza on the alef, ى for ي at the end of a word,
ة for ه, tatweel to stretch a word, diacritics, Arabic-Indic digits. `normalize_arabic` folds these
so that two spellings of one word compare equal. It is for matching only; stored text is never
rewritten with it.
"""

from __future__ import annotations

import re
import unicodedata

from beneficiary_care.core.digits import to_ascii_digits

TATWEEL = "\u0640"
# Harakat (fathatan … sukun), superscript alef, and the Quranic annotation marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_LETTER_FOLDS = str.maketrans(
	{
		"أ": "ا",
		"إ": "ا",
		"آ": "ا",
		"ٱ": "ا",  # alef wasla
		"ٲ": "ا",
		"ٳ": "ا",
		"ى": "ي",  # alef maqsura
		"ئ": "ي",
		"ؤ": "و",
		"ة": "ه",  # teh marbuta
		"ک": "ك",  # Persian keheh, common from some keyboards
		"ی": "ي",  # Persian yeh
		TATWEEL: None,
	}
)
_SPACES = re.compile(r"\s+")


def normalize_arabic(text: str | None) -> str:
	"""Fold an Arabic (or mixed) text to its matching form.

	Diacritics and tatweel removed; alef forms to bare alef; ى and ئ to ي; ؤ to و; ة to ه; Arabic-Indic
	digits to ASCII; Latin letters case-folded; runs of white space to one space; trimmed.
	"""
	if not text:
		return ""
	text = unicodedata.normalize("NFC", text)
	text = _DIACRITICS.sub("", text)
	text = text.translate(_LETTER_FOLDS)
	text = to_ascii_digits(text).casefold()
	return _SPACES.sub(" ", text).strip()
