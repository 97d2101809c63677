"""The board's report in the core: period and title, the executive summary's sentences, the sections'
tables and charts, the HTML (issue 11). The figures are the seed's first half of 2023."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiary_care.core.board import figures as F
from beneficiary_care.core.board import periods as P
from beneficiary_care.core.board import render as R
from beneficiary_care.core.board import sections as S
from beneficiary_care.core.board import summary
from beneficiary_care.core.board.numbers import LRI, PDI, Numbers
from beneficiary_care.core.errors import CoreValidationError
from beneficiary_care.core.periods import PeriodKind, fiscal_period, same_period_previous_year
from tools.translations import AR_PO, read_po

AR = read_po(AR_PO)
NEEDS = ["new file", "marriage and electricity", "urgent relief", "file closed", "maintenance", "other"]
CHANNELS = ["phone", "in person", "website", "government", "social media", "other"]
SUBJECTS = ["e-services", "terms", "environment", "conduct", "other", "marketing"]


def arabic(text: str) -> str:
	return AR.get(text) or text


def snapshot(needs=(85, 100, 42, 60, 36, 0), channels=(99, 51, 23, 88, 51, 11), previous_total=217, **extra):
	period = fiscal_period(PeriodKind.HALF_YEAR, 2023, 1)
	total = sum(needs)
	complaints = min(44, total)
	subjects = (18, 8, 3, 3, 5, 7) if complaints == 44 else (complaints, 0, 0, 0, 0, 0)
	previous_complaints = min(29, previous_total)
	data = {
		"version": F.SNAPSHOT_VERSION,
		"period": F.period_data(period),
		"previous": F.period_data(same_period_previous_year(period)),
		"kinds": [
			["Complaint", complaints, previous_complaints],
			["Inquiry", total - complaints, previous_total - previous_complaints],
			["Suggestion", 0, 0],
		],
		"needs": [[n, c, 0] for n, c in zip(NEEDS, needs, strict=True)],
		"channels": [[n, c, 0] for n, c in zip(CHANNELS, channels, strict=True)],
		"subjects": [[n, c, 0] for n, c in zip(SUBJECTS, subjects, strict=True)],
		"months": [["2023-01", total, previous_total]],
		"kpi_counts": {"complaint_fcr": [min(10, complaints), complaints], "csat": [90, 120]},
		"targets": {"target_complaint_fcr": 30, "target_csat": 70},
		"satisfaction": {"satisfied": 90, "answered": 120, "stars": 480, "sent": 200, "responded": 120},
		"open_by_level": [[0, 3], [1, 2]],
		"recurrence": {
			"person_count": 3,
			"window_days": 90,
			"persons": 2,
			"employee_count": 2,
			"employees": 1,
		},
	}
	data.update(extra)
	return F.Figures(data)


def numbers_in(text: str) -> list[Decimal]:
	"""The percentages written in `text` (Western digits)."""
	return [Decimal(m) for m in re.findall(r"(-?\d+\.\d{2})%", text)]


def section(sections, key):
	return next(s for s in sections if s.key == key)


def build(figures, numbers=None):
	numbers = numbers or Numbers(language="en")
	name = P.period_name(figures.period, numbers)
	return S.build(
		figures,
		numbers,
		preamble="<p>Preamble</p>",
		summary=summary.text(figures, name, numbers),
		recommendations="",
	)


# ------------------------------------------------------------------ period and title


def test_half_year_resolves_to_its_dates_and_arabic_title():
	period = P.resolve(P.ReportPeriod("Half-Year", 2023, 1))
	assert (period.start, period.end) == (dt.date(2023, 1, 1), dt.date(2023, 7, 1))
	numbers = Numbers(language="ar", _=arabic)
	assert P.title(period, numbers) == (
		"تقرير معالجة شكاوى واستفسارات ومقترحات المستفيدين — النصف الأول من العام المالي 2023م"
	)


def test_fiscal_year_across_two_calendar_years_is_named_by_both():
	period = P.resolve(P.ReportPeriod("Year", 2024), fiscal_start_month=7)
	assert (period.start, period.end) == (dt.date(2024, 7, 1), dt.date(2025, 7, 1))
	assert P.period_name(period, Numbers(language="en"), 7) == "the fiscal year 2024/2025"


def test_special_report_needs_both_dates_and_names_the_missing_one():
	with pytest.raises(CoreValidationError) as err:
		P.resolve(P.ReportPeriod("Special", to_date=dt.date(2023, 3, 1)))
	assert err.value.field == "from_date"
	with pytest.raises(CoreValidationError) as err:
		P.resolve(P.ReportPeriod("Quarter", 2023))
	assert err.value.field == "period_index"


def test_a_period_that_has_not_ended_is_refused():
	period = P.resolve(P.ReportPeriod("Half-Year", 2023, 2))
	with pytest.raises(CoreValidationError) as err:
		P.check_ended(period, today=dt.date(2023, 12, 31))
	assert err.value.field == "to_date" and "2023-12-31" in err.value.render()
	P.check_ended(period, today=dt.date(2024, 1, 1))  # the day after its last day


@pytest.mark.parametrize(
	("today", "kind", "expected"),
	[
		(dt.date(2023, 7, 1), "Half-Year", (dt.date(2023, 1, 1), dt.date(2023, 7, 1))),
		(dt.date(2023, 7, 1), "Quarter", (dt.date(2023, 4, 1), dt.date(2023, 7, 1))),
		(dt.date(2023, 5, 1), "Four Months", (dt.date(2023, 1, 1), dt.date(2023, 5, 1))),
		(dt.date(2024, 1, 1), "Year", (dt.date(2023, 1, 1), dt.date(2024, 1, 1))),
		(dt.date(2023, 7, 7), "Half-Year", (dt.date(2023, 1, 1), dt.date(2023, 7, 1))),  # a week late
		(dt.date(2023, 7, 8), "Half-Year", None),
		(dt.date(2023, 5, 20), "Quarter", None),
	],
)
def test_the_period_due_for_drafting(today, kind, expected):
	period = P.due_for_drafting(today, kind)
	assert (None if period is None else (period.start, period.end)) == expected


# ------------------------------------------------------------------ the executive summary


def test_summary_of_the_seed_half_year():
	figures = snapshot()
	text = summary.text(figures, "H1 2023", Numbers(language="en"))
	assert "was (\u2066323\u2069)" in text
	assert (
		"was (\u2066323\u2069): (\u206644\u2069) complaints and (\u2066279\u2069) inquiries." in text
	)  # no suggestions: left out
	need_sentence = next(p for p in text.split("\n\n") if p.startswith("By need"))
	# the shares in the sentence are the table's, of one total, adding up to exactly 100.00
	assert sum(numbers_in(need_sentence)) == Decimal("100.00")
	assert "«new file», i.e. (\u206626.32%\u2069)" in need_sentence
	assert "«other»" not in need_sentence  # a need with no case is left out of the sentence
	assert "a rise of (\u2066+48.85%\u2069) against (\u2066217\u2069) cases" in text
	assert (
		"the most frequent subject was «e-services» with (\u206618\u2069), i.e. (\u206640.91%\u2069)" in text
	)


def test_summary_with_no_cases_says_so_without_dividing():
	figures = snapshot(needs=(0,) * 6, channels=(0,) * 6, previous_total=0)
	assert summary.sentences(figures, "H1 2023", Numbers(language="en")) == [
		"No cases were received during H1 2023."
	]


def test_summary_when_nothing_was_received_a_year_earlier():
	text = summary.text(snapshot(previous_total=0), "H1 2023", Numbers(language="en"))
	assert "No cases were recorded in the same period of the previous year." in text
	assert "rise" not in text


def test_summary_falls_and_unmet_targets():
	figures = snapshot(previous_total=400, kpi_counts={"complaint_fcr": [5, 44]})
	text = summary.text(figures, "H1 2023", Numbers(language="en"))
	assert "a fall of (\u2066-19.25%\u2069) against (\u2066400\u2069)" in text  # (323 − 400) / 400
	assert "Below target: First-Contact Resolution (\u206611.36%\u2069 against \u206630.00%\u2069)." in text


def test_summary_in_arabic_with_arabic_indic_digits():
	numbers = Numbers(arabic_indic=True, language="ar", _=arabic)
	figures = snapshot()
	text = summary.text(figures, P.period_name(figures.period, numbers), numbers)
	assert text.startswith(
		"بلغ العدد الإجمالي للحالات الواردة إلى الجمعية خلال النصف الأول من العام المالي ٢٠٢٣م"
	)
	assert f"({LRI}٣٢٣{PDI}) حالة" in text
	# ٪ after the number, outside the left-to-right isolate, as Arabic writes it
	assert f"أي ما نسبته ({LRI}٢٦٫٣٢{PDI}٪)" in text
	assert f"بارتفاع ما نسبته (+{LRI}٤٨٫٨٥{PDI}٪)" in text
	assert not re.search(r"[0-9]", text)


# ------------------------------------------------------------------ the sections


def test_sections_follow_the_associations_document():
	keys = [s.key for s in build(snapshot())]
	assert keys == [
		"preamble",
		"summary",
		"needs_channels",
		"subjects",
		"comparison",
		"kpis",
		"departments",
		"follow_up",
		"committee",
		"satisfaction",
		"recurrence",
		"recommendations",
	]


def test_need_and_channel_tables_show_the_seed_with_shares_adding_to_100():
	need, need_bars, channel, _bars = section(build(snapshot()), "needs_channels").blocks
	assert [row[2] for row in need.rows] == [f"{LRI}{n}{PDI}" for n in (85, 100, 42, 60, 36, 0)]
	assert need.foot[2:] == [f"{LRI}323{PDI}", f"{LRI}100.00%{PDI}"]
	assert sum(numbers_in(" ".join(row[3] for row in channel.rows))) == Decimal("100.00")
	assert [row[3] for row in channel.rows][:2] == [f"{LRI}30.65%{PDI}", f"{LRI}15.79%{PDI}"]
	# the longest bar is the largest count; the others in proportion
	assert need_bars.bars[1].widths == (100.0,) and need_bars.bars[0].widths == (85.0,)


def test_subjects_total_44_and_confidential_ones_only_counted():
	subjects = section(build(snapshot(confidential_complaints=2)), "subjects")
	table = subjects.blocks[0]
	assert table.foot[2:] == [f"{LRI}44{PDI}", f"{LRI}100.00%{PDI}"]
	assert sum(numbers_in(" ".join(r[3] for r in table.rows))) == Decimal("100.00")
	assert subjects.paragraphs == [
		f"({LRI}2{PDI}) of these complaints are confidential (about a named employee): they are counted"
		" here and never described."
	]


def test_comparison_with_217_is_plus_48_85():
	table = section(build(snapshot()), "comparison").blocks[0]
	assert table.foot == ["Total", f"{LRI}323{PDI}", f"{LRI}217{PDI}", f"{LRI}+48.85%{PDI}"]


def test_an_empty_period_has_tables_that_say_so():
	figures = snapshot(needs=(0,) * 6, channels=(0,) * 6, previous_total=0)
	need, bars, _c, _b = section(build(figures), "needs_channels").blocks
	assert [row[3] for row in need.rows] == ["—"] * 6
	assert need.foot[3] == "—" and bars.bars == []
	assert section(build(figures), "comparison").blocks[0].foot[3] == "—"


def test_kpis_against_target():
	table, bars = section(build(snapshot()), "kpis").blocks
	fcr = next(row for row in table.rows if row[0] == "First-Contact Resolution")
	assert fcr[2:6] == [f"{LRI}10{PDI} / {LRI}44{PDI}", f"{LRI}22.73%{PDI}", f"{LRI}30.00%{PDI}", "Not met"]
	csat = next(bar for bar in bars.bars if bar.label == "Satisfaction (CSAT)")
	assert csat.widths == (75.0,) and csat.marker == 70.0
	# a KPI with no denominator is "—" in the table and has no bar
	accuracy = next(row for row in table.rows if row[0] == "Accuracy from First Assignment")
	assert accuracy[3] == "—" and "Accuracy from First Assignment" not in [b.label for b in bars.bars]


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12))
def test_any_distribution_table_adds_up_to_exactly_100(counts):
	figures = F.Figures({"needs": [[f"n{i}", c, 0] for i, c in enumerate(counts)], "kinds": []})
	table, bars = S.distribution(figures, "needs", "Need", Numbers(language="en"))
	shares = numbers_in(" ".join(row[3] for row in table.rows))
	if sum(counts):
		assert sum(shares) == Decimal("100.00") and table.foot[3] == f"{LRI}100.00%{PDI}"
		assert max(bar.widths[0] for bar in bars.bars) == 100.0
	else:
		assert shares == [] and table.foot[3] == "—"


# ------------------------------------------------------------------ the HTML


def test_html_is_arabic_right_to_left_with_labels_in_html_only():
	numbers = Numbers(arabic_indic=True, language="ar", _=arabic)
	figures = snapshot(needs=(85, 100, 42, 60, 36, 0))
	figures.data["needs"][0][0] = "<script>alert(1)</script>"
	cover = R.Cover(
		P.title(figures.period, numbers),
		"جمعية البر",
		P.period_name(figures.period, numbers),
		"BR-2023-0001",
		approval=R.Approval(dt.date(2023, 8, 15), "12/2023"),
		fonts=[R.FontFace("BC Naskh Arabic", "file:///fonts/naskh.woff")],
	)
	html = R.render(cover, build(figures, numbers), numbers)
	assert '<html lang="ar" dir="rtl">' in html
	assert "<svg" not in html and "<text" not in html
	assert "<script>alert" not in html and "&lt;script&gt;" in html
	assert "<p>Preamble</p>" in html  # staff text kept as the desk saved it
	assert "counter(page, arabic-indic)" in html and "صفحة" in html
	# the approval line, Gregorian beside Hijri (15 August 2023 = 28 Muharram 1445)
	assert "معتمد من مجلس الإدارة بتاريخ ١٥ أغسطس ٢٠٢٣م الموافق ٢٨ محرم ١٤٤٥هـ" in html
	assert "مسودة" not in html
	for title in ("التمهيد", "ملخص تنفيذي", "الحالات حسب الاحتياج ووسيلة التقديم", "التوصيات والمقترحات"):
		assert html.count(title) >= 2  # in the contents and as the section's heading


def test_a_draft_is_marked_on_every_page():
	numbers = Numbers(language="en")
	figures = snapshot()
	cover = R.Cover("T", "A", "P", "BR-1")
	html = R.render(cover, build(figures, numbers), numbers)
	assert 'class="watermark"' in html and "Draft — not approved" in html
	assert '<html lang="en" dir="ltr">' in html and "counter(page, decimal)" in html
