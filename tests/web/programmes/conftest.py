"""The alliance tests' world (regions, a user per role, Görlitz and Bautzen), shared here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "alliances_world_conftest", Path(__file__).parents[1] / "alliances" / "conftest.py"
)
_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_world)

regions = _world.regions
world = _world.world
