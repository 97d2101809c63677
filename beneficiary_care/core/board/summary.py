"""The executive summary (ملخص تنفيذي), written from the figures in the style of the association's own
report: «بلغ العدد الإجمالي … (٣٢٣) … منها (٨٥) … أي ما نسبته (٢٦٫٣٢٪)». Every share is a share of the
same total, from the largest-remainder method, so the sentence's percentages add up to 100.00 like the
tables'; the change against a year earlier is KPIS.md's. Staff may edit the text before approval.
"""

from __future__ import annotations

from beneficiary_care.core.board.figures import KINDS, Figures
from beneficiary_care.core.board.numbers import Numbers

KIND_WORDS = {"Complaint": "complaints", "Inquiry": "inquiries", "Suggestion": "suggestions"}


def sentences(figures: Figures, period_name: str, numbers: Numbers) -> list[str]:
	"""The summary's paragraphs, in the report's language."""
	_ = numbers._
	total = figures.total
	if figures.is_empty:
		return [_("No cases were received during {0}.").format(period_name)]
	out = [
		_("The total number of cases received by the association during {0} was ({1}): {2}.").format(
			period_name,
			numbers.count(total.current),
			_join(
				[
					_("({0}) {1}").format(numbers.count(figures.kind_count(kind)), _(KIND_WORDS[kind]))
					for kind in KINDS
					if figures.kind_count(kind)
				],
				_,
			),
		)
	]
	needs = _shared(figures, "needs", numbers)
	if needs:
		out.append(_("By need, they were: {0}.").format(_join(needs, _)))
	channels = _shared(figures, "channels", numbers)
	if channels:
		out.append(_("By channel, they arrived through: {0}.").format(_join(channels, _)))
	out.append(_year_on_year(figures, numbers))
	complaints = figures.kind_count("Complaint")
	subjects = figures.lines("subjects")
	shares = figures.shares("subjects")
	if complaints and shares:
		top = max(range(len(subjects)), key=lambda i: (subjects[i].current, -i))
		out.append(
			_("Of the ({0}) complaints, the most frequent subject was «{1}» with ({2}), i.e. ({3}).").format(
				numbers.count(complaints),
				subjects[top].label,
				numbers.count(subjects[top].current),
				numbers.percent(shares[top]),
			)
		)
	out += _kpi_sentences(figures, numbers)
	csat = figures.csat()
	if csat is None:
		out.append(_("No satisfaction survey was answered on the period's cases."))
	else:
		out.append(
			_("Beneficiary satisfaction was ({0}) over ({1}) surveys answered.").format(
				numbers.percent(csat), numbers.count(int(figures.satisfaction.get("answered") or 0))
			)
		)
	open_cases = sum(count for _level, count in figures.levels())
	if open_cases:
		escalated = sum(count for level, count in figures.levels() if level > 0)
		out.append(
			_("({0}) of the period's cases are still under follow-up, ({1}) of them escalated.").format(
				numbers.count(open_cases), numbers.count(escalated)
			)
		)
	return out


def text(figures: Figures, period_name: str, numbers: Numbers) -> str:
	"""The summary as the report keeps it: paragraphs separated by a blank line."""
	return "\n\n".join(sentences(figures, period_name, numbers))


def _join(items: list[str], _) -> str:
	if len(items) <= 1:
		return "".join(items)
	joined = items[0]
	for item in items[1:-1]:
		joined = _("{0}, {1}").format(joined, item)
	return _("{0} and {1}").format(joined, items[-1])


def _shared(figures: Figures, name: str, numbers: Numbers) -> list[str]:
	"""'(85) «New File», i.e. (26.32%)' for each value with cases, shares of the same total."""
	lines = figures.lines(name)
	shares = figures.shares(name)
	if not shares:
		return []
	return [
		numbers._("({0}) «{1}», i.e. ({2})").format(
			numbers.count(line.current), line.label or numbers._("Not set"), numbers.percent(share)
		)
		for line, share in zip(lines, shares, strict=True)
		if line.current
	]


def _year_on_year(figures: Figures, numbers: Numbers) -> str:
	_ = numbers._
	total = figures.total
	change = total.change
	if change.is_new:
		return _("No cases were recorded in the same period of the previous year.")
	if change.percent > 0:
		template = _("This is a rise of ({0}) against ({1}) cases in the same period of the previous year.")
	elif change.percent < 0:
		template = _("This is a fall of ({0}) against ({1}) cases in the same period of the previous year.")
	else:
		return _("This equals the ({0}) cases of the same period of the previous year.").format(
			numbers.count(total.previous)
		)
	return template.format(numbers.change(change), numbers.count(total.previous))


def _kpi_sentences(figures: Figures, numbers: Numbers) -> list[str]:
	_ = numbers._
	judged = [now for now, _before in figures.kpis() if now.met is not None]
	if not judged:
		return []
	met = [k for k in judged if k.met]
	missed = [k for k in judged if not k.met]
	out = [
		_("({0}) of the ({1}) performance indicators with a target met it.").format(
			numbers.count(len(met)), numbers.count(len(judged))
		)
	]
	if missed:
		out.append(
			_("Below target: {0}.").format(
				_join(
					[
						_("{0} ({1} against {2})").format(
							_(k.definition.label), numbers.percent(k.rate), numbers.percent(k.target)
						)
						for k in missed
					],
					_,
				)
			)
		)
	return out
