"""WeasyPrint 59 (Frappe 15.55's pin) and 68 (Frappe 15.101 and later, and v16): where the board's PDF
code meets an interface that differs between the two, in this one module, so nothing else asks which
WeasyPrint runs.

- Fetching a file: 68 deprecates `default_url_fetcher` (gone in 69) for `urls.URLFetcher` and warns on
  every call, 56 times per board PDF (its fonts); 59 has only the function. Chosen by what the installed
  WeasyPrint offers, so a version between the two works too.
- The internals that board/pdf_text.py wraps, read in each version's source (59: draw.py, pdf/stream.py,
  pdf/fonts.py; 68: draw/text.py, pdf/fonts.py): where `draw_first_line` lives, what `Stream.add_font`
  returns, the name of a font's glyph → text map and where its glyph count comes from, and what a
  character no font has is drawn as (59: nothing; 68: a stand-in code numbered from the font's last
  glyph on). pdf_text wraps them only on the versions read (`INTERNALS_KNOWN`).
"""

from __future__ import annotations

import importlib

import weasyprint
from weasyprint.text.ffi import pango

MAJOR = int(weasyprint.__version__.split(".")[0])
INTERNALS_KNOWN = MAJOR in (59, 68)

try:  # 68: the class that replaces default_url_fetcher
	from weasyprint.urls import URLFetcher
except ImportError:  # 59
	URLFetcher = None

# the module whose draw_first_line WeasyPrint's text drawing (and svg/text.py) calls
draw_module = importlib.import_module("weasyprint.draw.text" if MAJOR >= 68 else "weasyprint.draw")

# 68 numbers its stand-ins for missing characters from the font's last glyph on: pdf_text's alias codes
# start past room for this many of them (more in one font is refused rather than drawn wrong)
STAND_IN_ROOM = 256 if MAJOR >= 68 else 0


def fetch(url: str):
	"""A file:// URL's content, as this WeasyPrint wants a URL fetcher's answer."""
	if URLFetcher is None:
		return weasyprint.default_url_fetcher(url)
	return URLFetcher(allowed_protocols=("file",), allow_redirects=False).fetch(url)


def add_font(stream, pango_font):
	"""The PDF font of a Pango font (68 returns it with its size)."""
	font = stream.add_font(pango_font)
	return font[0] if MAJOR >= 68 else font


def glyph_texts(font) -> dict[int, str]:
	"""The font's character code → text map, written as its ToUnicode CMap."""
	return font.to_unicode if MAJOR >= 68 else font.cmap


def glyph_count(font) -> int | None:
	"""The font's number of glyphs; None when 59 could not read the font (then no aliases)."""
	if MAJOR >= 68:
		return font.glyph_count
	return font.ttfont["maxp"].numGlyphs if font.ttfont is not None else None


def drawn_code(font, glyph: int) -> int | None:
	"""The code WeasyPrint draws for Pango's `glyph`; None when it draws nothing."""
	if glyph == pango.PANGO_GLYPH_EMPTY:
		return None
	if glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:  # no font has the character
		if MAJOR < 68:
			return None
		return font.get_unused_glyph_id(glyph - pango.PANGO_GLYPH_UNKNOWN_FLAG)  # as 68 does, same id
	return glyph


def stand_ins(font) -> set[int]:
	return set(getattr(font, "missing", {}).values())
