"""Helpers the tests share: boards to write, the CLI to run, Chromium and a server to use.

Fixtures live in conftest.py; what a test module imports lives here.
"""
