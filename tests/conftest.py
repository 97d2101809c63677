"""Shared pytest set-up for both tiers."""

import os

from hypothesis import settings

# In CI nothing is kept between runs, so Hypothesis writes no example database (the checkout may not be
# writable by the user that runs the integration tier).
settings.register_profile("ci", database=None, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
