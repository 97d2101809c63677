"""The board's PDF with a right text layer: WeasyPrint's ToUnicode maps, made exact for shaped Arabic.

WeasyPrint maps each glyph id to one text, the first it meets, sliced from the run by cluster offsets.
Two things then go wrong with Noto Naskh Arabic. 59 (draw.py, draw_first_line) slices from the cluster
of the glyph before to the cluster of the glyph after, as if clusters always grew along a run; in a
right-to-left run they fall, so a glyph gets the text from the line's start, or the whole run, and keeps
it for the whole document (Kozea/WeasyPrint #1686). 68 (draw/text.py) slices right-to-left runs the
right way round, but a glyph id still reads as one text, and Noto Naskh draws ب ت ث ن ي on one dotless
skeleton plus dot glyphs that other letters share (#2841, open in 69): 68's text reads ت and ق as ة, ن as
ف, ب as ج («ةةرير» for «تقرير»), and pdftotext splits the words where a letter's text went to its dots.
The page looks right, but copying, searching or extracting its text gives other words, or repeats them.

Inside `text_layer()` each glyph gets the text of its own cluster: one character a glyph for a letter
and its marks, else all of it on the cluster's first glyph in logical order and none on the others (the
dots). A glyph drawn with a second text is drawn under a new character code, an alias past the font's
last glyph that the font's CIDToGIDMap sends back to the same glyph: the page is the same, and each
code reads as one text. Outside the context WeasyPrint is untouched, and only the WeasyPrint versions
whose internals were read are wrapped (board/weasyprint_versions.py holds where 59 and 68 differ); the
subset fonts WeasyPrint embeds by default are needed.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import re

import pydyf
from weasyprint import HTML
from weasyprint import pdf as _pdf
from weasyprint.text.ffi import ffi

from beneficiary_care.board import weasyprint_versions as versions
from beneficiary_care.board.weasyprint_versions import draw_module as _draw

SUPPORTED = versions.INTERNALS_KNOWN
_ACTIVE: contextvars.ContextVar[bool] = contextvars.ContextVar("bc_pdf_text_layer", default=False)
_ORIGINAL: dict = {}
_HEX = re.compile(r"<([0-9a-f]*)>")


def write_pdf(html: str, base_url: str, url_fetcher=None, pdf_variant: str | None = None) -> bytes:
	"""`HTML(string=html, …).write_pdf()` with an exact text layer; `pdf_variant` as WeasyPrint's
	(e.g. "pdf/a-3b")."""
	options = {"url_fetcher": url_fetcher} if url_fetcher else {}
	# PDF/A needs the trailer's /ID, which WeasyPrint 59 writes only when asked (68 does it unasked)
	variant = {"pdf_variant": pdf_variant, "pdf_identifier": True} if pdf_variant else {}
	with text_layer():
		return HTML(string=html, base_url=base_url, **options).write_pdf(**variant)


@contextlib.contextmanager
def text_layer():
	"""WeasyPrint's `write_pdf()` inside this context writes exact ToUnicode maps."""
	install()
	token = _ACTIVE.set(True)
	try:
		yield
	finally:
		_ACTIVE.reset(token)


def install() -> None:
	"""Wrap WeasyPrint's two functions, once; the wrappers change nothing outside `text_layer()`."""
	if not SUPPORTED or _draw.draw_first_line is _draw_first_line:
		return
	_ORIGINAL["draw_first_line"] = _draw.draw_first_line
	_ORIGINAL["build_fonts_dictionary"] = _pdf.build_fonts_dictionary
	_draw.draw_first_line = _draw_first_line  # svg/text.py imports it from draw when it draws
	_pdf.build_fonts_dictionary = _build_fonts_dictionary


# ------------------------------------------------------------------ the text of each glyph


def _level(glyph_item) -> int:
	# the run's bidi level; WeasyPrint's cdef declares PangoAnalysis.level a guint, Pango's is a guint8
	return ffi.cast("unsigned char *", ffi.addressof(glyph_item.item.analysis, "level"))[0]


def run_texts(utf8_text: bytes, glyph_item, font) -> list[tuple[int, str]]:
	"""(code, text) of each glyph WeasyPrint draws in the run, in its drawing (visual) order."""
	item, glyph_string = glyph_item.item, glyph_item.glyphs
	count = glyph_string.num_glyphs
	glyphs = [versions.drawn_code(font, glyph_string.glyphs[i].glyph) for i in range(count)]
	clusters = [glyph_string.log_clusters[i] for i in range(count)]  # byte offsets in the item
	ends = dict(itertools.pairwise([*sorted(set(clusters)), item.length]))
	logical = range(count - 1, -1, -1) if _level(glyph_item) % 2 else range(count)
	members: dict[int, list[int]] = {}  # cluster → its drawn glyphs, in logical order
	for i in logical:
		if glyphs[i] is not None:
			members.setdefault(clusters[i], []).append(i)
	texts: dict[int, str] = {}
	for start, indexes in members.items():
		text = utf8_text[item.offset + start : item.offset + ends[start]].decode()
		if len(indexes) == len(text):
			texts.update(zip(indexes, text, strict=True))
		else:
			texts.update(dict.fromkeys(indexes, ""))
			texts[indexes[0]] = text
	return [(glyphs[i], texts[i]) for i in range(count) if glyphs[i] is not None]


def _registry(stream, font):
	"""code → text and (glyph, text) → alias of the font, shared by the fonts of one PDF name."""
	if "bc_texts" not in font.__dict__:
		twin = next(
			(f for f in stream._fonts.values() if f.hash == font.hash and "bc_texts" in f.__dict__), None
		)
		font.bc_texts = twin.bc_texts if twin else {}
		font.bc_aliases = twin.bc_aliases if twin else {}
	return font.bc_texts, font.bc_aliases


def _code(stream, font, glyph: int, text: str) -> int:
	"""The character code that draws `glyph` and reads as `text`."""
	texts, aliases = _registry(stream, font)
	if texts.setdefault(glyph, text) == text:
		return glyph
	if (glyph, text) not in aliases:
		code = versions.glyph_count(font) + versions.STAND_IN_ROOM + len(aliases)
		if code > 0xFFFF:
			return glyph  # no code left (never with these fonts): the glyph keeps its first text
		aliases[(glyph, text)] = code
		texts[code] = text
	return aliases[(glyph, text)]


def _line_plan(stream, textbox) -> list[tuple[object, int, int]]:
	"""(font, glyph, code) of each glyph of the textbox's first line, in drawing order."""
	first_line, _ = textbox.pango_layout.get_first_line()
	utf8_text = textbox.pango_layout.text.encode()
	plan = []
	run = first_line.runs[0]
	while run != ffi.NULL:
		glyph_item = run.data
		run = run.next
		font = versions.add_font(stream, glyph_item.item.analysis.font)
		# bitmap fonts: WeasyPrint's own map; aliases need a TrueType font (a CIDToGIDMap is for those)
		exact = not font.bitmap and font.type == "ttf" and versions.glyph_count(font) is not None
		for glyph, text in run_texts(utf8_text, glyph_item, font):
			plan.append((font, glyph, _code(stream, font, glyph, text) if exact else glyph))
	return plan


def _draw_first_line(stream, textbox, *args, **kwargs):
	original = _ORIGINAL["draw_first_line"]
	if not _ACTIVE.get():
		return original(stream, textbox, *args, **kwargs)
	plan: list = []
	position = 0
	show_text = stream.show_text

	def codes(match):
		nonlocal position
		digits = match.group(1)
		out = []
		while digits:
			font, glyph, code = plan[position]
			width = 2 if font.bitmap else 4
			if int(digits[:width], 16) != glyph:
				raise RuntimeError("pdf_text: WeasyPrint drew other glyphs than its layout's")
			out.append(f"{code:0{width}x}")
			digits = digits[width:]
			position += 1
		return "<" + "".join(out) + ">"

	def show(string):
		if not plan:  # the line is final once WeasyPrint shows it (ellipsis, single paragraph mode)
			plan.extend(_line_plan(stream, textbox))
		show_text(_HEX.sub(codes, string))

	stream.show_text = show
	try:
		emojis = original(stream, textbox, *args, **kwargs)
	finally:
		del stream.show_text
	for font, glyph, code in plan:
		if "bc_texts" in font.__dict__:
			versions.glyph_texts(font)[code] = font.bc_texts[code]  # over WeasyPrint's slice
			font.widths[code] = font.widths[glyph]
	return emojis


# ------------------------------------------------------------------ the aliases in the fonts


def _build_fonts_dictionary(pdf, fonts, compress_pdf, subset, *options):  # 59: hinting; 68: options
	original = _ORIGINAL["build_fonts_dictionary"]
	by_name: dict[str, list] = {}
	for font in fonts.values():
		if "bc_aliases" in font.__dict__:
			by_name.setdefault(font.hash, []).append(font)
	aliased = [f for group in by_name.values() for f in group if f.bc_aliases]
	if aliased and (not subset or any(f.used_in_forms for f in aliased)):
		# WeasyPrint then writes the widths and map of the font's own cmap table, without the aliases
		raise RuntimeError("pdf_text: the text layer needs subset fonts (no full_fonts, no forms)")
	if any(versions.stand_ins(f) & set(f.bc_aliases.values()) for f in aliased):
		raise RuntimeError("pdf_text: more characters no font has than room for their stand-ins")
	for group in by_name.values():  # fonts of one name: WeasyPrint writes one of them as /name
		for font in group[1:]:
			for other in (group[0], font):
				texts = {**versions.glyph_texts(font), **versions.glyph_texts(group[0])}
				versions.glyph_texts(other).update(texts)
				other.widths.update({**font.widths, **group[0].widths})
	pdf_fonts = original(pdf, fonts, compress_pdf, subset, *options)
	for name, group in by_name.items():
		aliases = group[0].bc_aliases
		if not aliases:
			continue
		font_dictionary = _object(pdf, pdf_fonts[name])
		cid_font = _object(pdf, font_dictionary["DescendantFonts"][0])
		gids = list(range(max(aliases.values()) + 1))
		for (glyph, _), code in aliases.items():
			gids[code] = glyph
		cid_to_gid = pydyf.Stream([b"".join(gid.to_bytes(2, "big") for gid in gids)], compress=compress_pdf)
		pdf.add_object(cid_to_gid)
		cid_font["CIDToGIDMap"] = cid_to_gid.reference
	return pdf_fonts


def _object(pdf, reference):
	return pdf.objects[int(bytes(reference).split()[0])]
