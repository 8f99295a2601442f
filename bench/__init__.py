"""Kindred's benchmarks: `python -m bench` (or `make bench`). Not part of the test suite.

Every figure is measured against the real `kindred serve` on loopback, with the Slack Web API
stand-in from tests/support, and reported beside a baseline taken in the same run.
"""
