"""Forecast API: runs, values with filters, citable URLs, 400 for bad parameters, OpenAPI."""

from __future__ import annotations

import polars as pl
import pytest
from django.test import Client

from fachkraefte.forecast import store

pytestmark = pytest.mark.django_db


def _results(run_id: str) -> pl.DataFrame:
    return pl.read_parquet(store.run_dir(run_id) / "results.parquet")


def test_runs_are_listed_and_filtered_by_scenario(client: Client, base_run, other_run):
    runs = client.get("/api/forecasts/").json()
    ids = [r["run_id"] for r in runs]
    assert base_run in ids and other_run in ids
    only = client.get("/api/forecasts/?scenario=zuwanderung_plus_20").json()
    assert {r["scenario"] for r in only} == {"zuwanderung_plus_20"}
    detail = client.get(f"/api/forecasts/{base_run}/").json()
    assert detail["draws"] == 20 and detail["synthetic"] is True
    assert detail["values_url"].endswith(f"/api/forecasts/{base_run}/values/")
    assert client.get("/api/forecasts/gibt-es-nicht/").status_code == 404


def test_values_match_the_run_for_a_kreis_and_occupation(client: Client, base_run):
    meta = store.read_metadata(base_run)
    year = meta["base_year"] + 3
    response = client.get(
        f"/api/forecasts/{base_run}/values/?region=06412&occupation=813&niveau=2&year={year}"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    value = body["results"][0]
    expected = _results(base_run).filter(
        (pl.col("ags") == "06412")
        & (pl.col("kldb3") == "813")
        & (pl.col("niveau") == 2)
        & (pl.col("year") == year)
    )
    assert value["demand"] == pytest.approx(expected["demand"].item())
    assert value["supply"] == pytest.approx(expected["supply"].item())
    assert value["level"] == expected["level"].item()
    assert value["region_name"].startswith("Frankfurt")
    assert value["gap_p10"] is None  # bands exist only over all Anforderungsniveaus


def test_land_sum_with_bands(client: Client, base_run):
    body = client.get(
        f"/api/forecasts/{base_run}/values/?region=06&occupation=all&niveau=0&page_size=50"
    ).json()
    meta = store.read_metadata(base_run)
    assert body["count"] == meta["years"] + 1
    totals = _results(base_run).group_by("year").agg(pl.col("demand").sum()).sort("year")
    assert [r["demand"] for r in body["results"]] == pytest.approx(totals["demand"].to_list())
    last = body["results"][-1]
    assert last["gap_p10"] <= last["gap_p50"] <= last["gap_p90"]
    assert last["band_exact"] is True
    stored = store.read_frame(base_run, "bands").filter(
        (pl.col("region_level") == "land")
        & (pl.col("occupation") == "all")
        & (pl.col("niveau") == 0)
        & (pl.col("year") == last["year"])
    )
    assert last["supply_p10"] == pytest.approx(stored["supply_p10"].item())
    assert last["gap_p90"] == pytest.approx(stored["gap_p90"].item())


def test_latest_follows_the_newest_run_of_a_scenario(client: Client, other_run):
    body = client.get(
        "/api/forecasts/latest/values/?scenario=zuwanderung_plus_20&region=06411&occupation=all&niveau=0"
    ).json()
    assert body["count"] >= 1
    detail = client.get("/api/forecasts/latest/?scenario=zuwanderung_plus_20").json()
    assert detail["scenario"] == "zuwanderung_plus_20"
    assert client.get("/api/forecasts/latest/?scenario=gibt_es_nicht").status_code == 404


def test_pagination(client: Client, base_run):
    first = client.get(f"/api/forecasts/{base_run}/values/?region=06411&page_size=10").json()
    assert len(first["results"]) == 10 and first["next"] and first["count"] > 10
    second = client.get(first["next"]).json()
    assert second["results"][0] != first["results"][0]


@pytest.mark.parametrize(
    ("query", "param", "needle"),
    [
        ("region=9999", "region", "2 Ziffern (Land) oder 5 Ziffern (Kreis), z. B. 06 oder 06411"),
        ("region=09162", "region", "5 Ziffern (Kreis)"),  # a real Kreis the run does not cover
        ("occupation=81", "occupation", "dreistelliger Code der KldB 2010, z. B. 813"),
        ("niveau=5", "niveau", "1 (Helfer), 2 (Fachkraft), 3 (Spezialist), 4 (Experte)"),
        ("year=1999", "year", "Prognosezeitraum"),
    ],
)
def test_bad_parameters_give_400_naming_the_valid_forms(
    client: Client, base_run, query, param, needle
):
    response = client.get(f"/api/forecasts/{base_run}/values/?{query}")
    assert response.status_code == 400
    messages = response.json()[param]
    assert any(needle in message for message in messages), messages


def test_openapi_schema_documents_the_filters(client: Client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].startswith("application/json") else None
    if schema is None:
        import yaml

        schema = yaml.safe_load(response.content)
    operation = schema["paths"]["/api/forecasts/{run_id}/values/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"run_id", "region", "occupation", "niveau", "year", "scenario", "page"} <= names
    region = next(p for p in operation["parameters"] if p["name"] == "region")
    assert "06411" in region["description"]
    assert "/api/forecasts/" in schema["paths"]


def test_api_is_read_only(client: Client, base_run):
    assert client.post("/api/forecasts/", {}).status_code in (403, 405)
    assert client.delete(f"/api/forecasts/{base_run}/").status_code in (403, 405)
