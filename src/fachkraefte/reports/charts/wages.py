"""The wage atlas chart: median wages of men and women against the Land value."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fachkraefte.reports.charts.base import (
    BLUE,
    ORANGE,
    Row,
    base_spec,
)
from fachkraefte.reports.text import fmt_number, fmt_percent, labels

# --- wages (wage atlas): medians by sex against the Land value ---------------------------


def wage_spec(
    rows: Sequence[Row], *, lang: str = "de", title: str | None = None, category: str = "occupation"
) -> dict[str, Any]:
    """Median gross monthly wage of men and women per ``label`` (grouped horizontal bars),
    with the Land value of each as a black tick.

    Rows (as ``fachkraefte.indicators.wage_atlas`` gives them): ``label``, ``median_m``,
    ``median_w``, ``gender_gap_pct`` (in %), ``land_median_m``, ``land_median_w``.
    ``category``: "occupation" or "district" (axis title).

    >>> spec = wage_spec([{"label": "06411", "median_m": 4000.0, "median_w": 3600.0,
    ...     "gender_gap_pct": 10.0, "land_median_m": 3800.0, "land_median_w": 3500.0}])
    >>> [(v["sex"], v["median"], v["land"]) for v in spec["data"]["values"]]
    [('Männer', 4000.0, 3800.0), ('Frauen', 3600.0, 3500.0)]
    """
    t = labels(lang)
    sexes = [t["men"], t["women"]]
    values = [
        {
            "label": row["label"],
            "sex": t[sex],
            "median": row.get(f"median_{key}"),
            "land": row.get(f"land_median_{key}"),
            "gap_pct": row.get("gender_gap_pct"),
        }
        for row in rows
        for sex, key in (("men", "m"), ("women", "w"))
    ]
    order = list(dict.fromkeys(r["label"] for r in rows))
    axis_title = t[category if category in t else "occupation"]
    y = {
        "field": "label",
        "type": "nominal",
        "sort": order,
        "title": axis_title,
        "axis": {"labelLimit": 320},
    }
    offset = {"field": "sex", "sort": sexes}
    tooltip = [
        {"field": "label", "title": axis_title},
        {"field": "sex", "title": t["sex"]},
        {"field": "median", "title": t["wage"], "format": ",.0f"},
        {"field": "land", "title": t["land_value"], "format": ",.0f"},
        {"field": "gap_pct", "title": f"{t['pay_gap']} (%)", "format": ".1f"},
    ]
    spec = base_spec(title, wage_summary(rows, lang=lang), values)
    spec["height"] = {"step": 30}
    spec["layer"] = [
        {
            "transform": [{"filter": "datum.median != null"}],
            "mark": {"type": "bar"},
            "encoding": {
                "y": y,
                "yOffset": offset,
                "x": {
                    "field": "median",
                    "type": "quantitative",
                    "title": t["wage"],
                    "axis": {"format": ",.0f"},
                },
                "color": {
                    "field": "sex",
                    "type": "nominal",
                    "title": t["sex"],
                    "scale": {"domain": sexes, "range": [BLUE, ORANGE]},
                },
                "tooltip": tooltip,
            },
        },
        {
            "transform": [
                {"filter": "datum.land != null"},
                # A constant with its own legend entry: the tick is the Land value.
                {"calculate": json.dumps(t["land_value"]), "as": "reference"},
            ],
            "mark": {"type": "tick", "orient": "vertical", "thickness": 2},
            "encoding": {
                "y": y,
                "yOffset": offset,
                "x": {"field": "land", "type": "quantitative"},
                "color": {
                    "field": "reference",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": [t["land_value"]], "range": ["#000000"]},
                },
                "tooltip": tooltip,
            },
        },
    ]
    spec["resolve"] = {"scale": {"color": "independent"}}
    return spec


def wage_summary(rows: Sequence[Row], *, lang: str = "de") -> str:
    """One row: both medians, the gap and the Land values. Several rows: the three largest
    gender pay gaps and how many rows lie above the Land value.

    >>> wage_summary([{"label": "Darmstadt", "median_m": 4000.0, "median_w": 3600.0,
    ...     "gender_gap_pct": 10.0, "land_median_m": 3800.0, "land_median_w": 3500.0}])
    'Darmstadt: Median Männer 4.000 EUR, Frauen 3.600 EUR, Gender Pay Gap 10,0 %. Landeswert: Männer 3.800 EUR, Frauen 3.500 EUR.'
    """
    if not rows:
        return "Keine Daten." if lang != "en" else "No data."
    en = lang == "en"
    eur = lambda v: "–" if v is None else f"{fmt_number(v, lang)} EUR"  # noqa: E731
    gap = lambda v: fmt_percent(None if v is None else v / 100, lang)  # noqa: E731
    if len(rows) == 1:
        r = rows[0]
        if en:
            return (
                f"{r['label']}: median men {eur(r.get('median_m'))}, women "
                f"{eur(r.get('median_w'))}, gender pay gap {gap(r.get('gender_gap_pct'))}. "
                f"Land value: men {eur(r.get('land_median_m'))}, women "
                f"{eur(r.get('land_median_w'))}."
            )
        return (
            f"{r['label']}: Median Männer {eur(r.get('median_m'))}, Frauen "
            f"{eur(r.get('median_w'))}, Gender Pay Gap {gap(r.get('gender_gap_pct'))}. "
            f"Landeswert: Männer {eur(r.get('land_median_m'))}, Frauen "
            f"{eur(r.get('land_median_w'))}."
        )
    with_gap = [r for r in rows if r.get("gender_gap_pct") is not None]
    top = sorted(with_gap, key=lambda r: r["gender_gap_pct"], reverse=True)[:3]
    listed = ", ".join(f"{r['label']} ({gap(r['gender_gap_pct'])})" for r in top) or "–"

    def above(key: str) -> int:
        return sum(
            1
            for r in rows
            if r.get(f"median_{key}") is not None
            and r.get(f"land_median_{key}") is not None
            and r[f"median_{key}"] > r[f"land_median_{key}"]
        )

    if en:
        return (
            f"Largest gender pay gaps: {listed}. Above the Land value: men in {above('m')}, "
            f"women in {above('w')} of {len(rows)}."
        )
    return (
        f"Größter Gender Pay Gap: {listed}. Über dem Landeswert: Männer in {above('m')}, "
        f"Frauen in {above('w')} von {len(rows)}."
    )
