"""Cases: the controller base Complaint, Inquiry and Suggestion share (document.py), intake at the desk
and by mail (intake.py), routing by Frappe's Assignment Rule (routing.py), and the scheduled closing of
answered cases (closing.py)."""
