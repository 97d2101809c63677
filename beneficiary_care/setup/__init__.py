"""Install and migrate: the roles and the hooks Frappe calls (install), the association's Arabic starting
data inserted once (starting_data), the board report's approval Workflow (workflow), and the demo's two
half-years (demo: `bench --site SITE execute beneficiary_care.setup.demo.load`).

An entry point beside hooks.py and the portal: may import anything below them."""
