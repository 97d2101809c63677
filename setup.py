# Metadata lives in pyproject.toml; this shim lets older pip/bench tooling build the app with setuptools.
from setuptools import setup

setup()
