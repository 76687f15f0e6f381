"""Fixtures for the API tests: the role world (``role_world.py``)."""

from __future__ import annotations

import pytest
from role_world import build_world


@pytest.fixture()
def world(db):
    return build_world()
