"""What every chart of the monitor shares: the Vega-Lite frame, the year axis, the colours."""

from __future__ import annotations

from typing import Any

from fachkraefte.reports.text import labels

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
Row = dict[str, Any]

# Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, GREEN, VERMILION, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#666666"
SCENARIO_COLOURS = [BLUE, ORANGE, GREEN, VERMILION, "#CC79A7", "#56B4E9", "#F0E442", GREY]


def base_spec(title: str | None, description: str, values: list[Row]) -> dict[str, Any]:
    """The frame every chart shares: schema, inline data, font, SVG rendering, title."""
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": 260,
        "data": {"values": values},
        "config": {"font": "Fira Sans, Arial, sans-serif", "view": {"stroke": None}},
        "usermeta": {"embedOptions": {"renderer": "svg"}},
    }
    if title:
        spec["title"] = title
    return spec


def year_axis(lang: str) -> dict[str, Any]:
    """The x axis of the charts over projection years."""
    return {
        "field": "year",
        "type": "ordinal",
        "title": labels(lang)["year"],
        "axis": {"labelAngle": 0},
    }
