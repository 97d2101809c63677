"""The app's user-facing strings and their Arabic translations (beneficiary_care/locale/ar.po).

    python -m tools.translations --missing   # list strings that have no Arabic translation yet
    python -m tools.translations --write     # rewrite main.pot and ar.po (keeps translations, sorts)

Strings come from what Frappe shows the user: DocType names, labels, descriptions and Select options;
the workspace; report names; `_()` / `__()` literals in Python, JS and HTML; and the core's message
templates (MSG_* constants, which the adapters pass through `_()`). The unit test
tests/unit/test_translations.py fails when one of them has no Arabic translation.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "beneficiary_care"
LOCALE = APP / "locale"
AR_PO = LOCALE / "ar.po"
POT = LOCALE / "main.pot"

_JS_CALL = re.compile(r"""__\(\s*(?P<q>["'`])(?P<s>(?:(?!(?P=q))[^\\]|\\.)*)(?P=q)""")
_HTML_CALL = re.compile(r"""_\(\s*(?P<q>["'])(?P<s>(?:(?!(?P=q))[^\\]|\\.)*)(?P=q)\s*\)""")
_HEADER_TEXT = re.compile(r"<[^>]+>")

EXTRA = [
	"Beneficiary Care",  # the module's own name, shown in the sidebar and module lists
	"Asia/Riyadh",  # the time zone under a date-time field (public/js/desk_arabic.js passes it through __())
]
# Frappe v15's own strings that staff meet on the login page and the app's forms (timeline, comment
# box, sidebar) and that Frappe's ar.po leaves untranslated: the app's translation carries them.
FRAPPE_GAPS = [
	# Frappe v15.55's onboarding and Email Account strings that its Arabic leaves empty (15.10x has them)
	"Action Complete",
	"Let's take you back to onboarding",
	"Incoming (POP/IMAP) Settings",
	"Document Linking",
	"Outgoing (SMTP) Settings",
	"Outgoing Server",
	"Always use this email address as sender address",
	"Always use this name as sender name",
	# Frappe v16's Email Account form (the first day's outgoing email step)
	"Account",
	"Service",
	"Outgoing",
	"Email Domain",
	"Use different Email ID",
	# the Email Account form, the first day's outgoing email step (setup/first_day.py)
	"Track if your email has been opened by the recipient.\n<br>\nNote: If you're sending to multiple recipients, even if 1 recipient reads the email, it'll be considered \"Opened\"",
	"Login to {0}",
	"Login To {0}",
	"Login with Email Link",
	"Invalid Login. Try again.",
	"Send login link",
	"Login link sent to your email",
	"Valid Login id required.",
	"Both login and password required",
	"Verifying...",
	"User does not exist.",
	"Oops! Something went wrong.",
	"Not a valid user",
	"Not Allowed: Disabled User",
	"Verification Code",
	"You created this",
	"{0} created this",
	"You last edited this",
	"{0} last edited this",
	"You viewed this",
	"{0} viewed this",
	"Show all activity",
	"Add to this activity by mailing to {0}",
	"Load More Communications",
	"You attached {0}",
	"{0} attached {1}",
	"You removed attachment {0}",
	"{0} removed attachment {1}",
	"You changed {0} to {1}",
	"{0} changed {1} to {2}",
	"{0} from {1} to {2}",
	"You changed the value of {0}",
	"{0} changed the value of {1}",
	"You changed the values for {0}",
	"{0} changed the values for {1}",
	"Type a reply / comment",
	"commented",
	"Open Communication",
	"Copy Link",
	"Show All",
	"Followed by",
	"{0} removed their assignment.",
	"Assignment of {0} removed by {1}",
	"Notification sent to",
	"Search or type a command ({0})",
	"Try the new Print Designer",
	# every list of the app: its view switcher, the sidebar's filters, an empty list; the sidebar's
	# workspaces; a child table's button; the skip link a keyboard meets first
	"List View",
	"Report View",
	"Dashboard View",
	"Kanban View",
	"Filter By",
	"Edit Filters",
	"Save Filter",
	"You haven't created a {0} yet",
	"Tools",
	"Build",
	"Add Row",
	"Navigate to main content",
	# Frappe v16's desk: its sidebar, the list's saved filters, a form's sidebar and timeline, an empty
	# table or chart, the new-record button; its ar.po leaves them untranslated
	"Search",
	"Notification",
	"Home",
	"Desktop",
	"Edit Sidebar",
	"Add Sidebar Item",
	"Getting Started",
	"Saved Filters",
	"Add {0}",
	"No rows",
	"Add row",
	"Created On",
	"No Data",
	"Monthly",
	"Comments",
	"Activity",
	"See all Activity",
	"Attachments",
	"Last Edited by You",
	"Created By You",
]


def _hook_strings() -> list[str]:
	"""Portal menu titles (hooks.standard_portal_menu_items)."""
	sys.path.insert(0, str(ROOT))
	from beneficiary_care import hooks

	return [item["title"] for item in getattr(hooks, "standard_portal_menu_items", [])]


def _doctype_strings(doc: dict) -> list[str]:
	out = [doc["name"], doc.get("description")]  # the DocType's description: its list's help
	for df in doc.get("fields", []):
		out += [df.get("label"), df.get("description")]
		if df.get("fieldtype") == "Select" and df.get("fieldname") != "naming_series":
			out += (df.get("options") or "").split("\n")
	return out


def _workspace_strings(doc: dict) -> list[str]:
	out = [doc.get("label"), doc.get("title")]
	out += [link.get("label") for link in doc.get("links", [])]
	out += [s.get("label") for s in doc.get("shortcuts", [])]
	out += [c.get("label") for c in doc.get("number_cards", []) + doc.get("charts", [])]
	for block in json.loads(doc.get("content") or "[]"):
		if block.get("type") == "header":
			out.append(_HEADER_TEXT.sub("", block["data"]["text"]).strip())
	return out


def _python_strings(path: Path) -> list[str]:
	out = []
	for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
		if (
			isinstance(node, ast.Call)
			and (
				(isinstance(node.func, ast.Name) and node.func.id in ("_", "_lt"))
				# the core's translation function, passed in: numbers._("…"), self._("…")
				or (isinstance(node.func, ast.Attribute) and node.func.attr == "_")
			)
			and node.args
			and isinstance(node.args[0], ast.Constant)
			and isinstance(node.args[0].value, str)
		):
			out.append(node.args[0].value)
	return out


def _core_messages() -> list[str]:
	sys.path.insert(0, str(ROOT))
	import beneficiary_care.core as core

	out = []
	for info in pkgutil.walk_packages(core.__path__, "beneficiary_care.core."):
		module = importlib.import_module(info.name)
		out += [v for k, v in vars(module).items() if k.startswith("MSG_") and isinstance(v, str)]
	return out


def _unescape(s: str) -> str:
	return s.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") if "\\" in s else s


def collect() -> list[str]:
	"""Every user-facing msgid of the app, sorted, without duplicates or empties."""
	strings: list[str | None] = [*EXTRA, *FRAPPE_GAPS]
	for path in APP.rglob("*.json"):
		if "fixtures" in path.parts:
			continue
		doc = json.loads(path.read_text(encoding="utf-8"))
		kind = doc.get("doctype") if isinstance(doc, dict) else None
		if kind == "DocType":
			strings += _doctype_strings(doc)
		elif kind == "Workspace":
			strings += _workspace_strings(doc)
		elif kind in ("Report", "Number Card", "Dashboard Chart"):
			strings += [doc.get("name"), doc.get("label"), doc.get("chart_name")]
		elif kind == "Onboarding Step":
			strings += [doc.get("title"), doc.get("description"), doc.get("action_label")]
		elif kind == "Module Onboarding":
			strings += [doc.get("title"), doc.get("subtitle"), doc.get("success_message")]
		elif kind == "Web Form":
			strings += [doc.get("title"), doc.get("button_label"), doc.get("success_title")]
			for df in doc.get("web_form_fields", []):
				strings.append(df.get("label"))
				if df.get("fieldtype") == "Select":
					strings += (df.get("options") or "").split("\n")
	for path in APP.rglob("*.py"):
		strings += _python_strings(path)
	for path in list(APP.rglob("*.js")) + list(APP.rglob("*.html")):
		text = path.read_text(encoding="utf-8")
		strings += [_unescape(m.group("s")) for m in _JS_CALL.finditer(text)]
		# Jinja's _() in templates and in standard web form scripts (Frappe renders those through Jinja)
		strings += [_unescape(m.group("s")) for m in _HTML_CALL.finditer(text)]
	strings += _core_messages()
	strings += _core_labels()
	strings += _hook_strings()
	return sorted({s.strip() for s in strings if s and s.strip()})


def _core_labels() -> list[str]:
	"""Words the core hands the adapters to translate: KPI names and definitions, period kinds."""
	sys.path.insert(0, str(ROOT))
	from beneficiary_care.core import sla
	from beneficiary_care.core.board import numbers, periods, summary, workflow
	from beneficiary_care.core.kpis import DEFINITIONS
	from beneficiary_care.core.periods import PeriodKind

	out = [k.value for k in PeriodKind if k is not PeriodKind.RANGE]  # the form says "Custom Range"
	# the board report's titles, period names, months and kinds of case
	out += [periods.TITLE, periods.SPECIAL_TITLE, periods.RANGE_NAME, *periods.REPORT_KINDS]
	out += [name for names in periods.PERIOD_NAMES.values() for name in names]
	out += [*numbers.GREGORIAN_MONTHS, *summary.KIND_WORDS.values()]
	out += [state for state, _d, _s in workflow.STATES] + [action for _f, action, _t in workflow.TRANSITIONS]
	out += list(sla.RUNG_STATES)  # the escalation ladder on the case form
	for definition in DEFINITIONS:
		out += [definition.label, definition.numerator, definition.denominator]
	return out


# ------------------------------------------------------------------ minimal PO reading and writing


def _po_quote(s: str) -> str:
	return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _po_unquote(s: str) -> str:
	body = s.strip()[1:-1]
	out, i = [], 0
	while i < len(body):
		ch = body[i]
		if ch == "\\" and i + 1 < len(body):
			nxt = body[i + 1]
			out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(nxt, nxt))
			i += 2
		else:
			out.append(ch)
			i += 1
	return "".join(out)


def read_po(path: Path) -> dict[str, str]:
	"""msgid → msgstr of a PO file (no plurals or contexts: the app uses none)."""
	entries: dict[str, str] = {}
	msgid = msgstr = None
	current = None
	for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
		line = line.strip()
		if line.startswith("msgid "):
			if msgid is not None:
				entries[msgid] = msgstr or ""
			msgid, msgstr, current = _po_unquote(line[6:]), None, "id"
		elif line.startswith("msgstr "):
			msgstr, current = _po_unquote(line[7:]), "str"
		elif line.startswith('"') and current:
			if current == "id":
				msgid += _po_unquote(line)
			else:
				msgstr = (msgstr or "") + _po_unquote(line)
		elif not line or line.startswith("#"):
			current = None if not line else current
	if msgid is not None:
		entries[msgid] = msgstr or ""
	entries.pop("", None)
	return entries


HEADER = """# Arabic translation of beneficiary_care.
msgid ""
msgstr ""
"Project-Id-Version: beneficiary_care\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"

"""


def render_po(entries: dict[str, str], lang: str = "ar") -> str:
	body = "".join(f"msgid {_po_quote(k)}\nmsgstr {_po_quote(v)}\n\n" for k, v in sorted(entries.items()))
	return HEADER.format(lang=lang) + body


def main(argv: list[str]) -> int:
	msgids = collect()
	existing = read_po(AR_PO) if AR_PO.exists() else {}
	missing = [m for m in msgids if not existing.get(m)]
	if "--write" in argv:
		LOCALE.mkdir(exist_ok=True)
		POT.write_text(render_po({m: "" for m in msgids}, lang=""), encoding="utf-8")
		AR_PO.write_text(render_po({m: existing.get(m, "") for m in msgids}), encoding="utf-8")
	if "--missing" in argv or "--json" in argv:
		if "--json" in argv:
			print(json.dumps(missing, ensure_ascii=False, indent=0))
		else:
			print(*missing, sep="\n")
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
