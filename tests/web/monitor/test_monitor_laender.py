"""The monitor for every demo alliance's Land: Hessen, Sachsen (Görlitz), Niedersachsen (Ems-Achse).

One small deterministic run on one or two Kreise per Land of the default demo build; the Land
choice, the map and the district pages must work for each Land, not only for Hessen.
"""

from __future__ import annotations

import re
import shutil

import polars as pl
import pytest
from django.core.cache import cache
from django.test import Client

from fachkraefte.forecast import store
from fachkraefte.forecast.runner import load_tables, run_forecast
from fachkraefte.reports import build_aggregates
from fachkraefte.sources.demo import load_demo_table

pytestmark = pytest.mark.django_db

PER_LAND = {
    "06": ("Hessen", ("06412",), "Frankfurt"),
    "14": ("Sachsen", ("14626",), "Görlitz"),
    "03": ("Niedersachsen", ("03402", "03454"), "Emsland"),
}


@pytest.fixture(scope="module")
def laender_run(web_store):
    """The run, removed again afterwards: as the newest run it would become every later test's
    default run, which lacks the Kreise (06411) and the accuracy table those tests expect."""
    subset = [ags for _, codes, _ in PER_LAND.values() for ags in codes]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(web_store))
        tables = {
            name: frame.filter(pl.col("ags").is_in(subset)) for name, frame in load_tables().items()
        }
        metadata = run_forecast(tables, years=3, data_vintage="demo-test-laender")
        sources = {
            name: load_demo_table(name).filter(pl.col("ags").is_in(subset))
            for name in ("employment", "labour_market", "wages", "graduates")
        }
        build_aggregates(metadata["run_id"], tables=sources)
    yield metadata["run_id"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(web_store))
        shutil.rmtree(store.run_dir(metadata["run_id"]))
    cache.clear()


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:2000]
    return response.content.decode()


@pytest.mark.parametrize("land", sorted(PER_LAND))
def test_land_choice_and_map_show_the_lands_districts(client: Client, laender_run, land):
    name, codes, _ = PER_LAND[land]
    html = _html(client, f"/monitor/?lauf={laender_run}&land={land}")
    linked = re.findall(r'class="map-district" data-ags="(\d{5})"', html)
    assert sorted(linked) == sorted(codes)
    # The Land selector offers every Land of the run.
    for other, (other_name, _, _) in PER_LAND.items():
        assert f'value="{other}"' in html and other_name in html
    assert name in html


@pytest.mark.parametrize("land", sorted(PER_LAND))
def test_every_district_page_of_the_land_works(client: Client, laender_run, land):
    name, codes, label = PER_LAND[land]
    for ags in codes:
        html = _html(client, f"/monitor/kreise/{ags}/?lauf={laender_run}")
        assert f"Vergleich mit {name}" in html
        numbers = re.findall(r'kern-table__cell--numeric">([^<]+)<', html)
        assert numbers and any(value.strip("−-0.,") for value in numbers)
    assert label in _html(client, f"/monitor/kreise/{codes[-1]}/?lauf={laender_run}")
