"""Fixtures of the payment tests (the worlds are in ../p2_world.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from p2_world import build_payment_world


@pytest.fixture()
def pw(db) -> SimpleNamespace:
    return build_payment_world()
