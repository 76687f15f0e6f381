"""The forecast charts: supply and demand, gap ranking, age structure, replacement, scenarios."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fachkraefte.reports.charts.base import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    SCENARIO_COLOURS,
    VERMILION,
    Row,
    base_spec,
    year_axis,
)
from fachkraefte.reports.text import fmt_number, fmt_percent, labels

# --- supply and demand with bands --------------------------------------------------------


def supply_demand_spec(
    rows: Sequence[Row], *, lang: str = "de", title: str | None = None
) -> dict[str, Any]:
    """Demand and supply per year as lines, with P10–P90 bands and the P50 (median of the
    Monte Carlo draws, dotted) where the rows carry them.

    Rows: ``year``, ``demand``, ``supply`` (the central, deterministic path) and optionally
    ``demand_p10/_p50/_p90``, ``supply_p10/_p50/_p90``.
    """
    t = labels(lang)
    values = []
    for row in rows:
        for key in ("demand", "supply"):
            values.append(
                {
                    "year": row["year"],
                    "series": t[key],
                    "value": row[key],
                    "low": row.get(f"{key}_p10"),
                    "median": row.get(f"{key}_p50"),
                    "high": row.get(f"{key}_p90"),
                }
            )
    colour = {
        "field": "series",
        "type": "nominal",
        "title": t["series"],
        "scale": {"domain": [t["demand"], t["supply"]], "range": [VERMILION, BLUE]},
    }
    persons = {"type": "quantitative", "title": t["persons"], "axis": {"format": ",.0f"}}
    layers: list[dict[str, Any]] = []
    if any(v["low"] is not None for v in values):
        layers.append(
            {
                "transform": [{"filter": "datum.low != null"}],
                "mark": {"type": "area", "opacity": 0.2},
                "encoding": {
                    "x": year_axis(lang),
                    "y": {"field": "low", **persons},
                    "y2": {"field": "high"},
                    "color": colour,
                    "tooltip": [
                        {"field": "series", "title": t["series"]},
                        {"field": "year", "title": t["year"]},
                        {"field": "low", "title": "P10", "format": ",.0f"},
                        {"field": "median", "title": "P50", "format": ",.0f"},
                        {"field": "high", "title": "P90", "format": ",.0f"},
                    ],
                },
            }
        )
    if any(v["median"] is not None for v in values):
        layers.append(
            {
                "transform": [{"filter": "datum.median != null"}],
                "mark": {"type": "line", "strokeDash": [2, 3], "strokeWidth": 1.5},
                "encoding": {
                    "x": year_axis(lang),
                    "y": {"field": "median", **persons},
                    "color": colour,
                    "tooltip": [
                        {"field": "series", "title": t["series"]},
                        {"field": "year", "title": t["year"]},
                        {"field": "median", "title": "P50", "format": ",.0f"},
                    ],
                },
            }
        )
    layers.append(
        {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": year_axis(lang),
                "y": {"field": "value", **persons, "scale": {"zero": False}},
                "color": colour,
                # The same field as the colour: one legend showing colour and dash pattern,
                # so the lines differ by more than colour alone.
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "title": t["series"],
                    "scale": {"domain": [t["demand"], t["supply"]]},
                },
                "tooltip": [
                    {"field": "series", "title": t["series"]},
                    {"field": "year", "title": t["year"]},
                    {"field": "value", "title": t["persons"], "format": ",.0f"},
                ],
            },
        }
    )
    spec = base_spec(title, supply_demand_summary(rows, lang=lang), values)
    spec["layer"] = layers
    return spec


def supply_demand_summary(rows: Sequence[Row], *, lang: str = "de") -> str:
    """Horizon figures first (demand, supply, gap, band), then the base year."""
    if not rows:
        return "Keine Daten." if lang != "en" else "No data."
    first, last = min(rows, key=lambda r: r["year"]), max(rows, key=lambda r: r["year"])
    gap = last["demand"] - last["supply"]
    rel = gap / last["demand"] if last["demand"] else None
    n = lambda v: fmt_number(v, lang)  # noqa: E731
    if lang == "en":
        text = (
            f"{last['year']}: demand {n(last['demand'])}, supply {n(last['supply'])}, "
            f"gap {n(gap)} ({fmt_percent(rel, lang)} of demand)."
        )
        if last.get("gap_p10") is not None:
            text += f" P10–P90 of the gap: {n(last['gap_p10'])} to {n(last['gap_p90'])}."
        if last.get("gap_p50") is not None:
            text += f" P50 (median of the draws): {n(last['gap_p50'])}."
        return text + f" {first['year']}: demand {n(first['demand'])}, supply {n(first['supply'])}."
    text = (
        f"{last['year']}: Bedarf {n(last['demand'])}, Angebot {n(last['supply'])}, "
        f"Lücke {n(gap)} ({fmt_percent(rel, lang)} des Bedarfs)."
    )
    if last.get("gap_p10") is not None:
        text += f" P10–P90 der Lücke: {n(last['gap_p10'])} bis {n(last['gap_p90'])}."
    if last.get("gap_p50") is not None:
        text += f" P50 (Median der Ziehungen): {n(last['gap_p50'])}."
    return text + f" {first['year']}: Bedarf {n(first['demand'])}, Angebot {n(first['supply'])}."


# --- ranked gaps (occupations in a district, districts in an occupation) ------------------


def gap_ranking_spec(
    rows: Sequence[Row], *, lang: str = "de", title: str | None = None, category: str = "occupation"
) -> dict[str, Any]:
    """Horizontal bars of the gap per ``label``, largest first; shortage and surplus coloured;
    where the rows carry ``gap_p10``/``gap_p90`` (Monte Carlo), a line from P10 to P90 across
    each bar.

    Rows: ``label``, ``gap``, ``gap_rel``. ``category``: "occupation" or "district" (axis title).
    """
    t = labels(lang)
    values = [
        {
            "label": r["label"],
            "gap": r["gap"],
            "gap_rel": r["gap_rel"],
            "shortage": r["gap"] > 0,
            "low": r.get("gap_p10"),
            "high": r.get("gap_p90"),
        }
        for r in rows
    ]
    spec = base_spec(title, gap_ranking_summary(rows, lang=lang), values)
    spec["height"] = {"step": 22}
    name = t[category if category in t else "occupation"]
    y = {
        "field": "label",
        "type": "nominal",
        "sort": "-x",
        "title": name,
        "axis": {"labelLimit": 320},
    }
    tooltip = [
        {"field": "label", "title": name},
        {"field": "gap", "title": t["gap"], "format": ",.0f"},
        {"field": "gap_rel", "title": t["gap_rel"], "format": ".1%"},
    ]
    bars = {
        "mark": {"type": "bar"},
        "encoding": {
            "y": y,
            "x": {
                "field": "gap",
                "type": "quantitative",
                "title": t["gap"],
                "axis": {"format": ",.0f"},
            },
            "color": {
                "field": "shortage",
                "type": "nominal",
                "scale": {"domain": [True, False], "range": [VERMILION, BLUE]},
                "legend": None,
            },
            "tooltip": tooltip,
        },
    }
    if not any(v["low"] is not None for v in values):
        spec.update(bars)
        return spec
    band_tooltip = [
        *tooltip,
        {"field": "low", "title": f"{t['gap']} P10", "format": ",.0f"},
        {"field": "high", "title": f"{t['gap']} P90", "format": ",.0f"},
    ]
    bars["encoding"]["tooltip"] = band_tooltip
    spec["layer"] = [
        bars,
        {
            "transform": [{"filter": "datum.low != null"}],
            "mark": {"type": "rule", "color": GREY, "strokeWidth": 2},
            "encoding": {
                "y": {**y, "sort": {"field": "gap", "order": "descending"}},
                "x": {"field": "low", "type": "quantitative"},
                "x2": {"field": "high"},
                "tooltip": band_tooltip,
            },
        },
    ]
    spec["layer"][0]["encoding"]["y"] = {**y, "sort": {"field": "gap", "order": "descending"}}
    return spec


def gap_ranking_summary(rows: Sequence[Row], *, lang: str = "de") -> str:
    """Names the three largest gaps."""
    if not rows:
        return "Keine Daten." if lang != "en" else "No data."
    top = sorted(rows, key=lambda r: r["gap"], reverse=True)[:3]
    parts = [
        f"{r['label']} ({fmt_number(r['gap'], lang)}; {fmt_percent(r['gap_rel'], lang)})"
        for r in top
    ]
    lead = "Largest gaps" if lang == "en" else "Größte Lücken"
    return f"{lead}: " + ", ".join(parts) + "."


# --- age structure ----------------------------------------------------------------------


def age_structure_spec(
    rows: Sequence[Row], *, lang: str = "de", title: str | None = None
) -> dict[str, Any]:
    """Share of employees per age band, one bar per area side by side.

    Rows: ``age_band``, ``area`` (e.g. the Kreis and its Land), ``share`` (0–1), ``employees``.
    """
    t = labels(lang)
    spec = base_spec(title, age_structure_summary(rows, lang=lang), [dict(r) for r in rows])
    areas = list(dict.fromkeys(r["area"] for r in rows))
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "x": {
            "field": "age_band",
            "type": "ordinal",
            "title": t["age_band"],
            "axis": {"labelAngle": 0},
        },
        "xOffset": {"field": "area", "sort": areas},
        "y": {
            "field": "share",
            "type": "quantitative",
            "title": t["share"],
            "axis": {"format": ".0%"},
        },
        "color": {
            "field": "area",
            "type": "nominal",
            "title": t["area"],
            "sort": areas,
            "scale": {"range": [BLUE, GREY, ORANGE]},
        },
        "tooltip": [
            {"field": "area", "title": t["area"]},
            {"field": "age_band", "title": t["age_band"]},
            {"field": "share", "title": t["share"], "format": ".1%"},
            {"field": "employees", "title": t["persons"], "format": ",.0f"},
        ],
    }
    return spec


def age_structure_summary(rows: Sequence[Row], *, lang: str = "de") -> str:
    """The share aged 55 and over per area."""
    if not rows:
        return "Keine Daten." if lang != "en" else "No data."
    parts = []
    for area in dict.fromkeys(r["area"] for r in rows):
        share = sum(r["share"] for r in rows if r["area"] == area and int(r["age_band"][:2]) >= 55)
        parts.append(f"{area} {fmt_percent(share, lang)}")
    lead = "Employees aged 55 and over" if lang == "en" else "Anteil der Beschäftigten ab 55 Jahren"
    return f"{lead}: " + ", ".join(parts) + "."


# --- demographic replacement: reaching 27 vs reaching 64 ---------------------------------


def replacement_spec(
    rows: Sequence[Row], *, lang: str = "de", title: str | None = None
) -> dict[str, Any]:
    """Persons reaching the entry age 27 and the exit age 64 per year (grouped bars).

    Rows: ``year``, ``age_27``, ``age_64``.
    """
    t = labels(lang)
    values = [
        {"year": r["year"], "series": t[key], "persons": r[key]}
        for r in rows
        for key in ("age_27", "age_64")
    ]
    spec = base_spec(title, replacement_summary(rows, lang=lang), values)
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "x": year_axis(lang),
        "xOffset": {"field": "series", "sort": [t["age_27"], t["age_64"]]},
        "y": {
            "field": "persons",
            "type": "quantitative",
            "title": t["persons"],
            "axis": {"format": ",.0f"},
        },
        "color": {
            "field": "series",
            "type": "nominal",
            "title": t["series"],
            "scale": {"domain": [t["age_27"], t["age_64"]], "range": [GREEN, ORANGE]},
        },
        "tooltip": [
            {"field": "series", "title": t["series"]},
            {"field": "year", "title": t["year"]},
            {"field": "persons", "title": t["persons"], "format": ",.0f"},
        ],
    }
    return spec


def replacement_summary(rows: Sequence[Row], *, lang: str = "de") -> str:
    """Sums over the period and the ratio of entrants to leavers."""
    if not rows:
        return "Keine Daten." if lang != "en" else "No data."
    entering = sum(r["age_27"] for r in rows)
    leaving = sum(r["age_64"] for r in rows)
    first, last = min(r["year"] for r in rows), max(r["year"] for r in rows)
    per_100 = fmt_number(100 * entering / leaving, lang) if leaving else "–"
    if lang == "en":
        return (
            f"{first}–{last}: {fmt_number(entering, lang)} persons reach 27 and "
            f"{fmt_number(leaving, lang)} reach 64; {per_100} young per 100 older."
        )
    return (
        f"{first}–{last}: {fmt_number(entering, lang)} Personen erreichen 27 Jahre, "
        f"{fmt_number(leaving, lang)} erreichen 64 Jahre; {per_100} Junge je 100 Ältere."
    )


# --- relative gap over time for several areas or runs ------------------------------------


def gap_comparison_spec(
    rows: Sequence[Row],
    *,
    lang: str = "de",
    title: str | None = None,
    series_title: str | None = None,
) -> dict[str, Any]:
    """Relative gap per year, one line per ``series`` (a Kreis and its Land, or runs).

    Rows: ``year``, ``series``, ``gap_rel``.
    """
    t = labels(lang)
    order = list(dict.fromkeys(r["series"] for r in rows))
    spec = base_spec(title, gap_comparison_summary(rows, lang=lang), [dict(r) for r in rows])
    spec["mark"] = {"type": "line", "point": True}
    spec["encoding"] = {
        "x": year_axis(lang),
        "y": {
            "field": "gap_rel",
            "type": "quantitative",
            "title": t["gap_rel"],
            "axis": {"format": ".0%"},
        },
        "color": {
            "field": "series",
            "type": "nominal",
            "title": series_title or t["area"],
            "sort": order,
            "scale": {"range": SCENARIO_COLOURS},
        },
        "strokeDash": {
            "field": "series",
            "type": "nominal",
            "sort": order,
            "title": series_title or t["area"],
        },
        "tooltip": [
            {"field": "series", "title": series_title or t["area"]},
            {"field": "year", "title": t["year"]},
            {"field": "gap_rel", "title": t["gap_rel"], "format": ".1%"},
        ],
    }
    return spec


def gap_comparison_summary(rows: Sequence[Row], *, lang: str = "de") -> str:
    """The relative gap of every series in the last year."""
    if not rows:
        return "Keine Daten." if lang != "en" else "No data."
    last = max(r["year"] for r in rows)
    parts = [f"{r['series']} {fmt_percent(r['gap_rel'], lang)}" for r in rows if r["year"] == last]
    lead = f"Gap in % of demand, {last}" if lang == "en" else f"Lücke in % des Bedarfs {last}"
    return f"{lead}: " + ", ".join(parts) + "."


# --- scenario comparison --------------------------------------------------------------------


def scenario_difference_spec(
    rows: Sequence[Row], *, lang: str = "de", title: str | None = None
) -> dict[str, Any]:
    """Difference of each run's gap from the reference run, per ``label``, grouped by run.

    Rows: ``label`` (Kreis or Berufsgruppe), ``run`` (scenario name), ``difference``.
    """
    t = labels(lang)
    runs = list(dict.fromkeys(r["run"] for r in rows))
    spec = base_spec(title, scenario_difference_summary(rows, lang=lang), [dict(r) for r in rows])
    spec["height"] = {"step": 14}
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "y": {"field": "label", "type": "nominal", "title": None, "axis": {"labelLimit": 320}},
        "yOffset": {"field": "run", "sort": runs},
        "x": {
            "field": "difference",
            "type": "quantitative",
            "title": t["difference"],
            "axis": {"format": ",.0f"},
        },
        "color": {
            "field": "run",
            "type": "nominal",
            "title": t["run"],
            "sort": runs,
            "scale": {"range": SCENARIO_COLOURS[1:]},
        },
        "tooltip": [
            {"field": "label", "title": t["area"]},
            {"field": "run", "title": t["run"]},
            {"field": "difference", "title": t["difference"], "format": ",.0f"},
        ],
    }
    return spec


def scenario_difference_summary(rows: Sequence[Row], *, lang: str = "de") -> str:
    """Total difference per run and where it is largest."""
    if not rows:
        return "Keine Daten." if lang != "en" else "No data."
    parts = []
    for run in dict.fromkeys(r["run"] for r in rows):
        own = [r for r in rows if r["run"] == run]
        total = sum(r["difference"] for r in own)
        largest = max(own, key=lambda r: abs(r["difference"]))
        if lang == "en":
            parts.append(
                f"{run}: gap changes by {fmt_number(total, lang)} in total, most in "
                f"{largest['label']} ({fmt_number(largest['difference'], lang)})"
            )
        else:
            parts.append(
                f"{run}: Lücke ändert sich insgesamt um {fmt_number(total, lang)}, am stärksten "
                f"in {largest['label']} ({fmt_number(largest['difference'], lang)})"
            )
    return "; ".join(parts) + "."
