"""Every whitelisted method (a door Frappe opens to HTTP) is fully annotated, as hooks.py's
`require_type_annotated_api_methods` asks: Frappe v15 validates annotated arguments of API calls
(frappe.utils.typing_validations) but does not yet refuse unannotated ones, so this test does."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "beneficiary_care"


def whitelisted() -> list[tuple[str, ast.FunctionDef]]:
	found = []
	for path in sorted(PACKAGE.rglob("*.py")):
		for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
			if isinstance(node, ast.FunctionDef) and any(
				"whitelist" in ast.unparse(decorator) for decorator in node.decorator_list
			):
				found.append((f"{path.relative_to(PACKAGE.parent)}:{node.name}", node))
	return found


def missing_annotations(node: ast.FunctionDef) -> list[str]:
	args = node.args
	every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
	every += [a for a in (args.vararg, args.kwarg) if a is not None]
	missing = [a.arg for a in every if a.annotation is None and a.arg not in ("self", "cls")]
	return missing + (["return"] if node.returns is None else [])


def test_the_app_has_whitelisted_methods_to_check():
	names = {name.split(":")[1] for name, _node in whitelisted()}
	assert {"submit_survey", "track_case", "find_beneficiary", "published_faq"} <= names


def test_every_whitelisted_method_is_annotated():
	unannotated = {name: gaps for name, node in whitelisted() if (gaps := missing_annotations(node))}
	assert unannotated == {}
