"""The fit-to-need chart: the projected gap of a proposal's or project's target cells beside
what its outcomes add to the supply, per year.

>>> rows = [{"year": 2030, "series": "Lücke", "persons": 200.0},
...         {"year": 2030, "series": "Beitrag", "persons": 50.0}]
>>> gap_contribution_spec(rows)["mark"]["type"], len(gap_contribution_spec(rows)["data"]["values"])
('line', 2)
>>> gap_contribution_summary(rows)
'2030: Lücke 200, Beitrag 50 Personen (25,0 % der Lücke).'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fachkraefte.reports.charts.base import SCENARIO_COLOURS, Row, base_spec, year_axis
from fachkraefte.reports.text import fmt_number, fmt_percent


def gap_contribution_spec(
    rows: Sequence[Row], *, lang: str = "de", title: str | None = None
) -> dict[str, Any]:
    """Persons per year, one line per ``series`` (the gap first, then the contributions).

    Rows: ``year``, ``series``, ``persons``.
    """
    order = list(dict.fromkeys(r["series"] for r in rows))
    persons = "Persons" if lang == "en" else "Personen"
    series = "Series" if lang == "en" else "Reihe"
    spec = base_spec(title, gap_contribution_summary(rows, lang=lang), [dict(r) for r in rows])
    spec["height"] = 200
    spec["mark"] = {"type": "line", "point": True}
    spec["encoding"] = {
        "x": year_axis(lang),
        "y": {"field": "persons", "type": "quantitative", "title": persons},
        "color": {
            "field": "series",
            "type": "nominal",
            "title": series,
            "sort": order,
            "scale": {"range": SCENARIO_COLOURS},
        },
        "strokeDash": {"field": "series", "type": "nominal", "sort": order, "title": series},
        "tooltip": [
            {"field": "series", "title": series},
            {"field": "year", "title": "Year" if lang == "en" else "Jahr"},
            {"field": "persons", "title": persons, "format": ",.0f"},
        ],
    }
    return spec


def gap_contribution_summary(rows: Sequence[Row], *, lang: str = "de") -> str:
    """The last year: the gap (first series) and each contribution with its share of it."""
    if not rows:
        return "No data." if lang == "en" else "Keine Daten."
    last = max(r["year"] for r in rows)
    at = [r for r in rows if r["year"] == last]
    gap = at[0]["persons"]
    parts = [f"{at[0]['series']} {fmt_number(gap, lang)}"]
    for r in at[1:]:
        share = r["persons"] / gap if gap and gap > 0 else None
        of_gap = "of the gap" if lang == "en" else "der Lücke"
        people = "persons" if lang == "en" else "Personen"
        tail = f" ({fmt_percent(share, lang)} {of_gap})" if share is not None else ""
        parts.append(f"{r['series']} {fmt_number(r['persons'], lang)} {people}{tail}")
    return f"{last}: " + ", ".join(parts) + "."
