"""Errors raised by the core.

The core does not translate: it raises with an English message template (the msgid) and its
parameters; the Frappe adapter passes the template through `_()` and formats it, so the user reads it
in their own language. Every template used here must have a translation in locale/ar.po (a unit test
checks that).
"""

from __future__ import annotations


class CoreValidationError(ValueError):
	"""Bad input for one field.

	`field` names the offending field (a fieldname the adapter maps to its label and puts before the
	message, so templates do not repeat it), `message` is an English template with `{named}`
	placeholders and `params` fills them.
	"""

	def __init__(self, field: str, message: str, **params: object) -> None:
		self.field = field
		self.message = message
		self.params = params
		super().__init__(self.render())

	# Parameters whose values are themselves English words of the app (a weekday, a status), translated
	# too; a tuple of them is translated item by item.
	TRANSLATED_PARAMS = ("weekday", "old", "new", "allowed", "other_field")

	def render(self, translate=lambda s: s, escape=lambda s: s) -> str:
		"""The message, through `translate` (e.g. frappe's `_`) before formatting; every other value
		through `escape` (e.g. HTML escaping, where the message is shown as HTML: it may hold what a
		person typed)."""
		params = {}
		for key, value in self.params.items():
			if key in self.TRANSLATED_PARAMS and isinstance(value, str):
				value = translate(value)
			elif key in self.TRANSLATED_PARAMS and isinstance(value, tuple):
				value = ", ".join(translate(item) for item in value)
			else:
				value = escape(str(value))
			params[key] = value
		return translate(self.message).format(**params)
