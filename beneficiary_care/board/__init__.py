"""The board's report in the desk (issue 11): document rules (document), the PDF (pdf), issuing it to
the board, the scheduled drafts and who reads it (issue). The rendering itself is in core.board."""
