"""The pack's charts: the monitor's Vega-Lite specs, rendered to SVG with vl-convert.

The specs come from :mod:`fachkraefte.reports.charts`, the builders the monitor uses, so a
chart in the pack is the chart on the district page; each keeps its text alternative (the
builder's ``*_summary``), which the document places with it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from fachkraefte.reports import charts
from fachkraefte.reports.briefing.data import BriefingData

PRINT_WIDTH = 440  # points; the monitor's "container" width has no meaning on paper


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    spec: dict[str, Any]
    alt: str
    svg: str = ""


def _band_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if rows and rows[-1].get("gap_p10") is not None:
        return rows
    return [{"year": r["year"], "demand": r["demand"], "supply": r["supply"]} for r in rows]


def figures(data: BriefingData) -> list[Figure]:
    """The pack's figures (specs and text alternatives, not yet rendered)."""
    run = data.run
    series = _band_rows(data.series)
    ranking = [
        {
            "label": r["title"],
            "gap": r["gap"],
            "gap_rel": r["gap_rel"],
            "gap_p10": r.get("gap_p10"),
            "gap_p90": r.get("gap_p90"),
        }
        for r in data.top
    ]
    comparison = [
        {"year": r["year"], "series": name, "gap_rel": r["gap_rel"]}
        for name, rows in ((data.name, data.series), (data.land_name, data.land_series))
        for r in rows
    ]
    out = [
        Figure(
            "angebot-bedarf",
            f"Angebot und Bedarf {run['base_year']}–{run['horizon']}: alle Berufe",
            charts.supply_demand_spec(series),
            charts.supply_demand_summary(series),
        ),
    ]
    if ranking:
        out.append(
            Figure(
                "groesste-luecken",
                f"Berufsgruppen mit den größten Lücken {run['horizon']}",
                charts.gap_ranking_spec(ranking, category="occupation"),
                charts.gap_ranking_summary(ranking),
            )
        )
    if data.ages:
        out.append(
            Figure(
                "altersstruktur",
                f"Altersstruktur der Beschäftigten {run['base_year']}",
                charts.age_structure_spec(data.ages),
                charts.age_structure_summary(data.ages),
            )
        )
    if data.replacement:
        out.append(
            Figure(
                "demografie",
                "Demografischer Ersatz: Personen, die 27 bzw. 64 Jahre alt werden",
                charts.replacement_spec(data.replacement),
                charts.replacement_summary(data.replacement),
            )
        )
    out.append(
        Figure(
            "land-vergleich",
            f"Lücke im Vergleich mit {data.land_name}",
            charts.gap_comparison_spec(comparison),
            charts.gap_comparison_summary(comparison),
        )
    )
    return out


def render_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    printable = copy.deepcopy(spec)
    printable["width"] = PRINT_WIDTH
    printable.pop("usermeta", None)
    return vl_convert.vegalite_to_svg(printable, format_locale="de-DE")


def rendered(data: BriefingData) -> list[Figure]:
    """The figures with their SVG."""
    return [Figure(f.key, f.title, f.spec, f.alt, render_svg(f.spec)) for f in figures(data)]
