"""The overview map's context: district shapes (boundaries or tiles), colours, labels, legend."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from fachkraefte import geo
from fachkraefte.reports import maps
from fachkraefte.web.monitor.params import LEVEL_LABELS

BREAKS = {
    "gap_rel": maps.GAP_BREAKS,
    "share_55": maps.AGE_BREAKS,
    "bottleneck_score": maps.SCORE_BREAKS,
}


def boundary_file() -> Path | None:
    # Prefer the simplified web copy where the geo package writes one at import time.
    web_copy = getattr(geo, "web_boundaries_path", None)
    path = web_copy() if web_copy else None
    return path or geo.boundaries_path()


@lru_cache(maxsize=4)
def _features(path: str, _stamp: int) -> dict[str, dict[str, Any]]:
    return maps.read_features(Path(path))


@lru_cache(maxsize=64)
def _shapes(codes: tuple[str, ...], path: str | None, stamp: int) -> maps.MapShapes:
    if path is not None:
        drawn = maps.boundary_shapes(_features(path, stamp), codes)
        if drawn is not None:
            return drawn
    return maps.tile_shapes(codes)


def shapes_for(codes: list[str]) -> maps.MapShapes:
    """Boundary shapes where every district has one, else the tile map (never an empty box)."""
    path = boundary_file()
    stamp = path.stat().st_mtime_ns if path is not None else 0
    return _shapes(tuple(codes), str(path) if path else None, stamp)


def _number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    # number_format cuts surplus decimals off instead of rounding
    return number_format(round(value, digits), decimal_pos=digits, force_grouping=True)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{_number(value * 100, 1)} %"


def measure_text(measure: str, value: float | None) -> str:
    return _number(value, 2) if measure == "bottleneck_score" else _percent(value)


def legend(measure: str) -> list[dict[str, str]]:
    """Legend entries (colour, label) for the classes of ``measure``, plus "no data"."""
    breaks = BREAKS[measure]
    show = (lambda v: _number(v, 1)) if measure == "bottleneck_score" else _percent
    entries = []
    for index, colour in enumerate(breaks.colours):
        if index == 0:
            label = _("unter %(high)s") % {"high": show(breaks.bounds[0])}
        elif index == len(breaks.bounds):
            label = _("%(low)s und mehr") % {"low": show(breaks.bounds[-1])}
        else:
            label = _("%(low)s bis unter %(high)s") % {
                "low": show(breaks.bounds[index - 1]),
                "high": show(breaks.bounds[index]),
            }
        entries.append({"colour": colour, "label": label})
    entries.append({"colour": maps.MISSING_COLOUR, "label": _("keine Daten")})
    return entries


def figures(row: dict, year: int) -> list[tuple[str, str]]:
    """(label, value) pairs shown for a district on focus and hover."""
    return [
        (_("Lücke %(year)s") % {"year": year}, _number(row.get("gap"))),
        (_("Lücke in % des Bedarfs"), _percent(row.get("gap_rel"))),
        (_("Stufe"), str(LEVEL_LABELS.get(row.get("level"), row.get("level") or "–"))),
        (_("Bedarf"), _number(row.get("demand"))),
        (_("Angebot"), _number(row.get("supply"))),
        (_("Anteil ab 55 Jahren"), _percent(row.get("share_55"))),
        (_("Engpasspunkte (BA)"), _number(row.get("bottleneck_score"), 2)),
    ]


def map_context(rows: list[dict], *, measure: str, year: int, link) -> dict[str, Any]:
    """Everything the template needs to draw the map; ``link(row)`` gives each district's URL."""
    by_ags = {row["ags"]: row for row in rows}
    drawn = shapes_for(sorted(by_ags))
    breaks = BREAKS[measure]
    districts = []
    for shape in drawn.shapes:
        row = by_ags[shape.ags]
        value = row.get(measure)
        klass = maps.classify(value, breaks)
        fill = maps.MISSING_COLOUR if klass is None else breaks.colours[klass]
        pairs = figures(row, year)
        # The AGS is in the label because the tile map prints it on the tile (label in name).
        label = f"{row['name']} ({shape.ags}): " + "; ".join(f"{k} {v}" for k, v in pairs)
        districts.append(
            {
                "ags": shape.ags,
                "name": row["name"],
                "d": shape.d,
                "cx": shape.cx,
                "cy": shape.cy,
                "fill": fill,
                "text_colour": maps.text_colour(fill),
                "value_text": measure_text(measure, value),
                "aria_label": label,
                "figures": pairs,
                "url": link(row),
            }
        )
    attribution = None
    if drawn.source == "boundaries":
        meta = geo.boundaries_metadata()
        attribution = {
            "text": meta.get("attribution") or "© GeoBasis-DE / BKG (Daten verändert)",
            "url": meta.get("attribution_url") or "https://www.bkg.bund.de",
        }
    return {
        "districts": districts,
        "view_box": drawn.view_box,
        "width": drawn.width,
        "height": drawn.height,
        "tiles": drawn.source == "tiles",
        "legend": legend(measure),
        "attribution": attribution,
    }
