"""The board's report in the desk (issue 11): document rules (document), the PDF (pdf) and its text
layer on each WeasyPrint (pdf_text, weasyprint_versions), issuing it to the board, the scheduled drafts
and who reads it (issue). The rendering itself is in core.board.

May import messaging, service_levels, reporting, framework and core; never cases or portal."""
