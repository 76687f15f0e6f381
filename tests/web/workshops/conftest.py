"""Fixtures of the workshop tests (the world itself is in workshop_world.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from workshop_world import build_workshop_world


@pytest.fixture()
def ww(db) -> SimpleNamespace:
    return build_workshop_world()
