"""Reporting: the population of cases a report counts, the daily figures (their SQL, their roll-up
and their read), the counting the reports share, how figures are shown, and the workspace cards."""
