"""Bands on the monitor's pages are the run's stored level quantiles (``bands.parquet``), read
here with pyarrow, not the code under test."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from django.test import Client

from fachkraefte.forecast import store

pytestmark = pytest.mark.django_db
BANDS = [f"{m}_p{p}" for m in ("demand", "supply", "gap") for p in (10, 50, 90)]


def _stored(run_id: str, region_level: str, region: str, occupation: str, niveau: int = 0):
    rows = pq.read_table(store.run_dir(run_id) / "bands.parquet").to_pylist()
    return {
        int(r["year"]): r
        for r in rows
        if (r["region_level"], r["region"], r["occupation"], r["niveau"])
        == (region_level, region, occupation, niveau)
    }


def _json(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.content)


def test_land_band_of_an_occupation_page_is_the_stored_level_quantile(client: Client, base_run):
    stored = _stored(base_run, "land", "06", "813")
    url = f"/monitor/berufe/813/?lauf={base_run}&land=06&tabelle=angebot-bedarf&format=json"
    rows = _json(client, url)["rows"]
    assert len(rows) == len(stored)
    for row in rows:
        for key in BANDS:
            assert row[key] == pytest.approx(stored[row["year"]][key], rel=1e-6), (row, key)


def test_land_band_per_niveau_on_the_map_and_district_ranking(client: Client, base_run):
    """Per Niveau over all occupations there is a band too; the district ranking of an
    occupation page carries each Kreis' gap band beside the bar."""
    stored = _stored(base_run, "kreis", "06411", "all", niveau=2)
    url = f"/monitor/kreise/06411/?lauf={base_run}&niveau=2&tabelle=angebot-bedarf&format=json"
    rows = _json(client, url)["rows"]
    assert rows[-1]["gap_p90"] == pytest.approx(stored[rows[-1]["year"]]["gap_p90"], rel=1e-6)
    meta = store.read_metadata(base_run)
    horizon = meta["base_year"] + meta["years"]
    kreis = _stored(base_run, "kreis", "06411", "813")[horizon]
    url = f"/monitor/berufe/813/?lauf={base_run}&land=06&tabelle=kreise&format=json"
    ranking = {r["ags"]: r for r in _json(client, url)["rows"]}
    assert ranking["06411"]["gap_p10"] == pytest.approx(kreis["gap_p10"], rel=1e-6)
    assert ranking["06411"]["gap_p90"] == pytest.approx(kreis["gap_p90"], rel=1e-6)
