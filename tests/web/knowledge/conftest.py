"""Fixtures of the knowledge tests."""

from __future__ import annotations

import pytest


@pytest.fixture()
def office(world):
    return world.users["coordination"]
