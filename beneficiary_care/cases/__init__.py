"""Cases: the controller base Complaint, Inquiry and Suggestion share (document.py), cases brought in
from history with Data Import (history.py), intake at the desk and by mail (intake.py), the Beneficiary
link search (beneficiary_search.py), routing by Frappe's Assignment Rule (routing.py), and the scheduled
closing of answered cases (closing.py).

May import messaging, service_levels, reporting, framework and core; never board or portal."""
