"""The board's report (issue 11): from a snapshot of figures, kept with the report, to the sections of
the association's own document and its HTML, which the Frappe layer gives to WeasyPrint.

numbers   digits (Arabic-Indic or Western), percents, changes, Gregorian and Hijri dates
periods   the report's period, its Arabic title
summary   the executive summary's sentences, from the figures
sections  the sections as plain data (tables, bar charts, paragraphs)
render    sections → HTML (labels in HTML only: WeasyPrint draws Arabic in SVG text unjoined)

Nothing here imports Frappe; the translation function is passed in (`_`), so the same code renders
the report in the report's language and the unit tests read it in English or Arabic.
"""
