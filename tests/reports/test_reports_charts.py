"""Chart specs: valid Vega-Lite (checked against the schema shipped with vega-lite), summaries."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from fachkraefte.paths import npm_package_file
from fachkraefte.reports import charts

ROWS = [
    {
        "year": 2024,
        "demand": 1000.0,
        "supply": 1000.0,
        "gap_p10": 0.0,
        "gap_p90": 0.0,
        "demand_p10": 990.0,
        "demand_p90": 1010.0,
        "supply_p10": 995.0,
        "supply_p90": 1005.0,
    },
    {
        "year": 2025,
        "demand": 1100.0,
        "supply": 1000.0,
        "gap_p10": 50.0,
        "gap_p90": 150.0,
        "demand_p10": 1050.0,
        "demand_p90": 1150.0,
        "supply_p10": 980.0,
        "supply_p90": 1020.0,
    },
]
RANKING = [
    {"label": "Pflege", "gap": 120.0, "gap_rel": 0.12},
    {"label": "Büro", "gap": -30.0, "gap_rel": -0.03},
]
RANKING_BANDS = [
    {"label": "Pflege", "gap": 120.0, "gap_rel": 0.12, "gap_p10": 80.0, "gap_p90": 150.0},
    {"label": "Büro", "gap": -30.0, "gap_rel": -0.03, "gap_p10": -60.0, "gap_p90": 5.0},
]
AGES = [
    {"age_band": "15-19", "area": "Darmstadt", "share": 0.1, "employees": 10},
    {"age_band": "55-59", "area": "Darmstadt", "share": 0.9, "employees": 90},
    {"age_band": "15-19", "area": "Hessen", "share": 0.7, "employees": 700},
    {"age_band": "60-64", "area": "Hessen", "share": 0.3, "employees": 300},
]
REPLACEMENT = [
    {"year": 2024, "age_27": 90.0, "age_64": 100.0},
    {"year": 2025, "age_27": 60.0, "age_64": 120.0},
]
COMPARISON = [
    {"year": 2024, "series": "A", "gap_rel": 0.0},
    {"year": 2025, "series": "A", "gap_rel": 0.05},
]
DIFFERENCE = [{"label": "Kassel", "run": "Zuwanderung", "difference": -40.0}]
WAGES = [
    {
        "label": "Darmstadt",
        "median_m": 4000.0,
        "median_w": 3600.0,
        "gender_gap_pct": 10.0,
        "land_median_m": 3800.0,
        "land_median_w": 3500.0,
    },
    {
        "label": "Kassel",
        "median_m": 3500.0,
        "median_w": None,  # suppressed cell
        "gender_gap_pct": None,
        "land_median_m": 3800.0,
        "land_median_w": 3500.0,
    },
]


@lru_cache(maxsize=1)
def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(npm_package_file("vega-lite", "build/vega-lite-schema.json").read_text())
    return jsonschema.Draft7Validator(schema)


BUILDERS = [
    (charts.supply_demand_spec, ROWS),
    (charts.gap_ranking_spec, RANKING),
    (charts.gap_ranking_spec, RANKING_BANDS),
    (charts.age_structure_spec, AGES),
    (charts.replacement_spec, REPLACEMENT),
    (charts.gap_comparison_spec, COMPARISON),
    (charts.scenario_difference_spec, DIFFERENCE),
    (charts.wage_spec, WAGES),
]


@pytest.mark.parametrize(("builder", "rows"), BUILDERS, ids=lambda x: getattr(x, "__name__", ""))
@pytest.mark.parametrize("lang", ["de", "en"])
def test_specs_validate_against_the_vega_lite_schema(builder, rows, lang):
    spec = builder(rows, lang=lang, title="Titel")
    errors = sorted(_validator().iter_errors(spec), key=str)
    assert not errors, errors[0].message
    assert spec["description"]  # the text alternative travels with the chart
    json.dumps(spec)  # plain JSON, ready for json_script


def test_bands_only_when_present():
    with_bands = charts.supply_demand_spec(ROWS)
    without = charts.supply_demand_spec(
        [{k: r[k] for k in ("year", "demand", "supply")} for r in ROWS]
    )
    assert [layer["mark"]["type"] for layer in with_bands["layer"]] == ["area", "line"]
    assert [layer["mark"]["type"] for layer in without["layer"]] == ["line"]


def test_summaries_name_the_figures():
    assert charts.supply_demand_summary(ROWS) == (
        "2025: Bedarf 1.100, Angebot 1.000, Lücke 100 (9,1 % des Bedarfs). "
        "P10–P90 der Lücke: 50 bis 150. 2024: Bedarf 1.000, Angebot 1.000."
    )
    assert charts.supply_demand_summary(ROWS, lang="en").startswith(
        "2025: demand 1,100, supply 1,000"
    )
    assert (
        charts.gap_ranking_summary(RANKING)
        == "Größte Lücken: Pflege (120; 12,0 %), Büro (-30; -3,0 %)."
    )
    assert charts.age_structure_summary(AGES) == (
        "Anteil der Beschäftigten ab 55 Jahren: Darmstadt 90,0 %, Hessen 30,0 %."
    )
    assert charts.replacement_summary(REPLACEMENT) == (
        "2024–2025: 150 Personen erreichen 27 Jahre, 220 erreichen 64 Jahre; 68 Junge je 100 Ältere."
    )
    assert "Kassel" in charts.scenario_difference_summary(DIFFERENCE)
    assert charts.gap_comparison_summary([]) == "Keine Daten."


def test_wage_chart_bars_ticks_and_summary():
    spec = charts.wage_spec(WAGES, category="district")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "tick"]
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Darmstadt", "Kassel"]
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Kreis"
    values = spec["data"]["values"]
    assert [(v["label"], v["sex"], v["median"]) for v in values] == [
        ("Darmstadt", "Männer", 4000.0),
        ("Darmstadt", "Frauen", 3600.0),
        ("Kassel", "Männer", 3500.0),
        ("Kassel", "Frauen", None),
    ]
    assert charts.wage_summary(WAGES) == (
        "Größter Gender Pay Gap: Darmstadt (10,0 %). Über dem Landeswert: Männer in 1, "
        "Frauen in 1 von 2."
    )
    assert charts.wage_summary(WAGES[:1], lang="en") == (
        "Darmstadt: median men 4,000 EUR, women 3,600 EUR, gender pay gap 10.0%. "
        "Land value: men 3,800 EUR, women 3,500 EUR."
    )
    assert charts.wage_summary([], lang="en") == "No data."


def test_ranking_draws_the_gap_band_across_each_bar():
    spec = charts.gap_ranking_spec(RANKING_BANDS)
    bars, band = spec["layer"]
    assert bars["mark"]["type"] == "bar" and band["mark"]["type"] == "rule"
    assert (band["encoding"]["x"]["field"], band["encoding"]["x2"]["field"]) == ("low", "high")
    assert [(v["low"], v["high"]) for v in spec["data"]["values"]] == [(80.0, 150.0), (-60.0, 5.0)]
    assert "layer" not in charts.gap_ranking_spec(RANKING)  # no Monte Carlo: bars only
