"""What every service shares of Frappe, and nothing about cases, messages or reports.

helpers: the settings, batch commits of scheduled jobs, each row in its own savepoint, the stamp the
daily figures follow, reads from the site's replica; validation: core errors as Frappe errors naming
the field; permissions: who reads which case (core.access) as SQL and as a document check, and the
app's icon on the apps screen; jobs: background jobs kept below web requests on the CPU; versions:
where Frappe v15 and v16 differ, and why.

May import only core and Frappe. Inside: permissions → helpers | validation | jobs → versions."""
