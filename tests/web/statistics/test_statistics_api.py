"""Read-only API of the wage atlas and bottleneck indicators: values, filters, 400 cases."""

from __future__ import annotations

import polars as pl
import pytest
from django.test import Client

from fachkraefte.indicators import bottleneck_scores, wage_atlas
from fachkraefte.sources.demo import load_demo_table

pytestmark = pytest.mark.django_db


def test_wages_equal_the_indicator_function(client: Client):
    response = client.get("/api/wages/?year=2021&ags=06531&kldb3=813")
    body = response.json()
    assert response.status_code == 200 and body["demo"] is True and body["count"] == 1
    (row,) = body["results"]
    want = (
        wage_atlas(load_demo_table("wages"), year=2021, employment=load_demo_table("employment"))
        .filter((pl.col("ags") == "06531") & (pl.col("kldb3") == "813"))
        .row(0, named=True)
    )
    for key in ("median_m", "median_w", "gender_gap_pct", "land_median_m", "land_gender_gap_pct"):
        assert row[key] == pytest.approx(want[key])
    assert row["region"] == "Gießen" and row["occupation"].startswith("Gesundheits")


def test_wages_are_paginated(client: Client):
    body = client.get("/api/wages/?year=2024").json()
    assert body["count"] == 26 * 144 and len(body["results"]) == 100
    assert "page=2" in body["next"] and body["filters"] == {"year": "2024", "land": "06"}
    # a page holds the rows at its place in the whole list (rows are built per page)
    second = client.get("/api/wages/?year=2024&page=2").json()["results"]
    last = client.get(f"/api/wages/?year=2024&page={-(-body['count'] // 100)}").json()["results"]
    assert len(second) == 100 and len(last) == body["count"] % 100
    listed = [(r["ags"], r["kldb3"]) for r in body["results"] + second]
    assert len(set(listed)) == 200 and listed == sorted(listed)


def test_bottlenecks_equal_the_indicator_function(client: Client):
    body = client.get("/api/bottlenecks/?level=land&kldb3=821").json()
    want = bottleneck_scores(
        year=2024,
        labour_market=load_demo_table("labour_market"),
        employment=load_demo_table("employment"),
        wages=load_demo_table("wages"),
        graduates=load_demo_table("graduates"),
        level="land",
    ).filter(pl.col("kldb3") == "821")
    assert body["count"] == want.height
    for row, expected in zip(body["results"], want.iter_rows(named=True), strict=True):
        assert row["niveau"] == expected["niveau"] and row["score"] == expected["score"]
        assert row["classification"] == expected["classification"]
        assert row["x_flag"] is (expected["score"] is None)
        assert row["unemployment_rate_points"] == expected["unemployment_rate_points"]


@pytest.mark.parametrize(
    ("url", "parameter", "listed"),
    [
        ("/api/wages/?year=2030", "year", "2019, 2020, 2021, 2022, 2023, 2024"),
        ("/api/wages/?year=zwei", "year", "2019"),
        ("/api/wages/?ags=6411", "ags", "06411"),
        ("/api/wages/?land=09", "land", "06"),
        ("/api/wages/?kldb3=81302", "kldb3", "813"),
        ("/api/wages/?jahr=2023", "jahr", "year, land, ags, kldb3"),
        ("/api/wages/?niveau=2", "niveau", "year, land"),
        ("/api/bottlenecks/?niveau=5", "niveau", "1, 2, 3, 4"),
        ("/api/bottlenecks/?level=bund", "level", "kreis, land"),
        ("/api/bottlenecks/?classification=hoch", "classification", "engpass, beobachtung"),
    ],
)
def test_bad_parameters_give_400_with_the_valid_forms(client: Client, url, parameter, listed):
    response = client.get(url)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert parameter in errors and listed in errors[parameter]


def test_no_data_is_404(client: Client, fresh_store):
    response = client.get("/api/bottlenecks/")
    assert response.status_code == 404 and "Noch keine Daten" in response.json()["detail"]


def test_schema_documents_both_endpoints(client: Client):
    schema = client.get("/api/schema/?format=json").json()
    for path, parameter in (("/api/wages/", "kldb3"), ("/api/bottlenecks/", "classification")):
        operation = schema["paths"][path]["get"]
        assert parameter in {p["name"] for p in operation["parameters"]}
        assert {"200", "400"} <= set(operation["responses"])
