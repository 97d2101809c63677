"""Which language a guest's page is in: the link's `_lang`, then the `preferred_language` cookie (set
by the language switch, or by a link that asked for a language), then the browser's Accept-Language
(a regional variant falls back to its language: ar-SA → ar), then the site's language. Only enabled
languages count; anything else (a language that is not enabled, a forged cookie) is passed over.
"""

from __future__ import annotations

from collections.abc import Iterable

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ps"})  # as Frappe's is_rtl()
FALLBACK = "en"


def _match(value: str | None, enabled: dict[str, str]) -> str | None:
	"""The enabled language `value` names (case-insensitive), or its parent language."""
	code = (value or "").strip().replace("_", "-").lower()
	if not code or len(code) > 20:
		return None
	if code in enabled:
		return enabled[code]
	parent = code.split("-", 1)[0]
	return enabled.get(parent)


def choose_language(
	*,
	requested: str | None,
	cookie: str | None,
	accepted: Iterable[str],
	site_language: str | None,
	enabled: Iterable[str],
) -> str:
	"""The language of a guest's page. `accepted`: Accept-Language values, best first."""
	by_code = {code.lower(): code for code in enabled}
	for candidate in (requested, cookie, *accepted):
		found = _match(candidate, by_code)
		if found:
			return found
	return _match(site_language, by_code) or site_language or FALLBACK


def is_rtl(language: str | None) -> bool:
	return (language or "").split("-", 1)[0].lower() in RTL_LANGUAGES
