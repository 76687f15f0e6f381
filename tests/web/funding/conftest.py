"""Fixtures of the funding tests (the world itself is in funding_world.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from funding_world import build_funding_world


@pytest.fixture()
def fw(db) -> SimpleNamespace:
    return build_funding_world()
