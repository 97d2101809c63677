"""Frappe finds a page's get_context in the Python file named after the page with hyphens made
underscores (www/my-cases.html → www/my_cases.py, frappe/website/page_renderers/template_page.py);
a my-cases.py beside it is never run, and the page renders without its context."""

from pathlib import Path

WWW = Path(__file__).resolve().parents[2] / "beneficiary_care" / "www"


def test_every_page_module_is_named_as_frappe_looks_it_up():
	pages = sorted(WWW.glob("*.html"))
	assert len(pages) >= 5
	assert not [p.name for p in WWW.glob("*.py") if "-" in p.stem]
	for page in pages:
		assert (WWW / (page.stem.replace("-", "_") + ".py")).exists(), page.name
