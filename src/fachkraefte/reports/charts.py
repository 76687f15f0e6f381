"""Vega-Lite specs for the monitor's charts, each with a text alternative.

Every builder takes plain rows (dicts) and returns a Vega-Lite v6 spec as a dict with the data
inline, so the browser (vega-embed) and a PDF renderer (vl-convert) draw the same chart. Every
``*_spec`` has a ``*_summary`` twin that says in one or two sentences what the chart shows,
for screen readers and print. Labels come in German (``lang="de"``, the default) and English.

>>> spec = supply_demand_spec([{"year": 2024, "demand": 100.0, "supply": 100.0},
...                            {"year": 2030, "demand": 120.0, "supply": 105.0}])
>>> spec["$schema"].endswith("v6.json"), len(spec["data"]["values"])
(True, 4)
>>> supply_demand_summary([{"year": 2024, "demand": 100.0, "supply": 100.0},
...                        {"year": 2030, "demand": 120.0, "supply": 105.0}])
'2030: Bedarf 120, Angebot 105, Lücke 15 (12,5 % des Bedarfs). 2024: Bedarf 100, Angebot 100.'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fachkraefte.reports.text import fmt_number, fmt_percent, labels

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
Row = dict[str, Any]

# Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, GREEN, VERMILION, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#666666"
SCENARIO_COLOURS = [BLUE, ORANGE, GREEN, VERMILION, "#CC79A7", "#56B4E9", "#F0E442", GREY]


def _base(title: str | None, description: str, values: list[Row]) -> dict[str, Any]:
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


def _year_axis(lang: str) -> dict[str, Any]:
    return {
        "field": "year",
        "type": "ordinal",
        "title": labels(lang)["year"],
        "axis": {"labelAngle": 0},
    }


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
                    "x": _year_axis(lang),
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
                    "x": _year_axis(lang),
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
                "x": _year_axis(lang),
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
    spec = _base(title, supply_demand_summary(rows, lang=lang), values)
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
    """Horizontal bars of the gap per ``label``, largest first; shortage and surplus coloured.

    Rows: ``label``, ``gap``, ``gap_rel``. ``category``: "occupation" or "district" (axis title).
    """
    t = labels(lang)
    values = [
        {"label": r["label"], "gap": r["gap"], "gap_rel": r["gap_rel"], "shortage": r["gap"] > 0}
        for r in rows
    ]
    spec = _base(title, gap_ranking_summary(rows, lang=lang), values)
    spec["height"] = {"step": 22}
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "y": {
            "field": "label",
            "type": "nominal",
            "sort": "-x",
            "title": t[category if category in t else "occupation"],
            "axis": {"labelLimit": 320},
        },
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
        "tooltip": [
            {"field": "label", "title": t[category if category in t else "occupation"]},
            {"field": "gap", "title": t["gap"], "format": ",.0f"},
            {"field": "gap_rel", "title": t["gap_rel"], "format": ".1%"},
        ],
    }
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
    spec = _base(title, age_structure_summary(rows, lang=lang), [dict(r) for r in rows])
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
    spec = _base(title, replacement_summary(rows, lang=lang), values)
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "x": _year_axis(lang),
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
    spec = _base(title, gap_comparison_summary(rows, lang=lang), [dict(r) for r in rows])
    spec["mark"] = {"type": "line", "point": True}
    spec["encoding"] = {
        "x": _year_axis(lang),
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
    spec = _base(title, scenario_difference_summary(rows, lang=lang), [dict(r) for r in rows])
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
    spec = _base(title, wage_summary(rows, lang=lang), values)
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
