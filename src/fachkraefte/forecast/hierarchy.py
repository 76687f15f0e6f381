"""Region mappings for aggregation: Kreis → Regierungsbezirk → Land, from ``fachkraefte.geo``.

Länder without Regierungsbezirke (e.g. Berlin, Schleswig-Holstein) map a Kreis straight to
the Land at the Regierungsbezirk level, so every Kreis always has a target.
"""

from __future__ import annotations

from collections.abc import Iterable

from fachkraefte.forecast.engine import InputError

REGION_LEVELS = ("kreis", "regierungsbezirk", "land")


def region_map(ags_codes: Iterable[str], level: str) -> dict[str, str]:
    """Map each Kreis AGS to its region at ``level``.

    >>> region_map(["06411", "06412"], "regierungsbezirk")
    {'06411': '064', '06412': '064'}
    >>> region_map(["06411"], "land")
    {'06411': '06'}
    """
    if level not in REGION_LEVELS:
        raise InputError(
            f"Regionsebene {level!r} unbekannt, erlaubt: {list(REGION_LEVELS)} / "
            f"unknown region level {level!r}"
        )
    from fachkraefte import geo

    out = {}
    for code in ags_codes:
        if level == "kreis":
            out[code] = code
            continue
        reg = geo.region(code)
        out[code] = reg.land_ags if level == "land" else (reg.parent_ags or reg.land_ags)
    return out
