"""Model parameters as data: one TOML file per topic, every table with ``source`` and ``vintage``.

>>> parameters("exits")["fallback"]["status"]
'Annahme / assumption'
>>> parameters("migration")["estimate"]["statistic"]
'median'
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent


class ParameterError(ValueError):
    """A parameter file lacks ``source`` or ``vintage`` in one of its tables."""


@cache
def parameters(topic: str) -> dict[str, Any]:
    """The tables of ``<topic>.toml``; each must name its ``source`` and ``vintage``."""
    path = FOLDER / f"{topic}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for name, table in data.items():
        missing = [key for key in ("source", "vintage") if key not in table]
        if missing:
            raise ParameterError(f"{path.name}, [{name}]: {', '.join(missing)} fehlt / missing")
    return data
