"""Skip a test whose outside requirement is missing, unless the environment says it is required.

A clone must pass on its own (no PostgreSQL, no chromium, no `../shared` beside it), while CI
(`.ci/run`) sets the variables below so that nothing it is meant to check is skipped quietly.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

# Environment variable -> what it makes required.
REQUIRE_POSTGRES = "KINDRED_REQUIRE_POSTGRES"  # a real PostgreSQL for every database test
REQUIRE_BROWSER = "KINDRED_REQUIRE_BROWSER"  # chromium for the playground's browser test
REQUIRE_SHARED = "KINDRED_REQUIRE_SHARED"  # ../shared/slack (Slack's manifest schema)


def unavailable(variable: str, reason: str) -> NoReturn:
    """Skip with `reason`, or fail with it when `variable` (or CI for PostgreSQL) is set."""
    required = bool(os.environ.get(variable))
    if variable == REQUIRE_POSTGRES and os.environ.get("CI"):
        required = True
    if required:
        pytest.fail(f"{variable} is set but {reason}", pytrace=False)
    pytest.skip(reason)
