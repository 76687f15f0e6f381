"""Monitor pages: map, district, occupation and comparison pages, downloads, bad parameters."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re

import polars as pl
import pytest
from django.test import Client
from openpyxl import load_workbook

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.forecast import store

pytestmark = pytest.mark.django_db

SUBSET = ("06411", "06412", "06435", "06531", "06611")


def _html(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:2000]
    return response.content.decode()


def _german(value: float) -> str:
    """A whole number as the German pages print it: 12.345 / -1.234."""
    return f"{round(value):,}".replace(",", ".")


def _results(run_id: str) -> pl.DataFrame:
    return pl.read_parquet(store.run_dir(run_id) / "results.parquet")


@pytest.fixture()
def own_store(web_store, tmp_path, monkeypatch):
    """A store of its own without boundaries (the demo and the runs linked in): imports of
    boundaries here, or by ``fachkraefte demo`` in the shared store, do not leak across."""
    own = tmp_path / "store"
    own.mkdir()
    for name in ("demo", "forecasts"):
        (own / name).symlink_to(web_store / name)
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(own))
    return own


def test_map_draws_one_link_per_district_with_figures(client: Client, base_run, own_store):
    html = _html(client, f"/monitor/?lauf={base_run}")
    links = re.findall(
        r'<a href="([^"]+)" class="map-district" data-ags="(\d{5})" aria-label="([^"]+)"', html
    )
    assert sorted(ags for _, ags, _ in links) == list(SUBSET)
    for url, ags, label in links:
        assert url.startswith(f"/monitor/kreise/{ags}/?lauf={base_run}")
        assert "Lücke" in label and "Bedarf" in label
    assert html.count('<template id="figures-') == len(SUBSET)
    assert SYNTHETIC_LABEL_DE in html
    assert "keine Daten" in html  # the legend names the colour of missing values
    # no boundaries in this store: the tile map with a note, never an empty box
    assert "Kachelkarte" in html and "monitor-map__svg--tiles" in html


def test_map_value_colours_follow_the_measure(client: Client, base_run):
    year = store.read_metadata(base_run)["base_year"] + 6
    gap = (
        _results(base_run)
        .filter(pl.col("year") == year)
        .group_by("ags")
        .agg(pl.col("demand").sum(), pl.col("supply").sum())
        .with_columns(rel=(pl.col("demand") - pl.col("supply")) / pl.col("demand"))
    )
    html = _html(client, f"/monitor/?lauf={base_run}&jahr={year}")
    colours = dict(
        re.findall(r'data-ags="(\d{5})"[^>]*>\s*<path d="[^"]+" fill="(#[0-9a-f]{6})"', html)
    )
    from fachkraefte.reports.maps import GAP_BREAKS, classify

    for ags, rel in gap.select("ags", "rel").iter_rows():
        assert colours[ags] == GAP_BREAKS.colours[classify(rel, GAP_BREAKS)]


def test_map_with_imported_boundaries_draws_outlines(
    client: Client, base_run, own_store, shared_data
):
    from fachkraefte import geo

    geo.import_boundaries(shared_data / "geo" / "kreise_vg5000_2021_wgs84_hessen.geojson")
    html = _html(client, f"/monitor/?lauf={base_run}")
    paths = re.findall(r'class="map-district" data-ags="(\d{5})"[^>]*>\s*<path d="(M[^"]+)"', html)
    assert sorted(a for a, _ in paths) == list(SUBSET)
    assert all(d.count("L") > 10 for _, d in paths)  # real outlines, not squares
    assert "GeoBasis-DE / BKG" in html and "Kachelkarte" not in html


def test_map_measures_and_csp(client: Client, base_run):
    response = client.get(f"/monitor/?lauf={base_run}&mass=share_55&beruf=813&niveau=2")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anteil der Beschäftigten ab 55 Jahren" in html
    # The one inline script is the import map; the CSP admits exactly it by its hash.
    found = re.search(r'<script type="importmap">(.*?)</script>', html, re.S)
    digest = base64.b64encode(hashlib.sha256(found.group(1).encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    assert f"'sha256-{digest}'" in policy and "unsafe" not in policy
    assert len(re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)) == 1
    assert ' style="' not in html


def test_district_page_numbers_equal_the_run(client: Client, base_run):
    meta = store.read_metadata(base_run)
    horizon = meta["base_year"] + meta["years"]
    cell = (
        _results(base_run)
        .filter((pl.col("ags") == "06411") & (pl.col("year") == horizon))
        .select(pl.col("demand").sum(), pl.col("supply").sum())
        .row(0)
    )
    html = _html(client, f"/monitor/kreise/06411/?lauf={base_run}")
    row = re.search(
        rf'<th scope="row" class="kern-table__cell">{horizon}</th>(.*?)</tr>', html, re.S
    ).group(1)
    numbers = re.findall(r"kern-table__cell--numeric\">([^<]+)<", row)
    assert numbers[0] == _german(cell[0]) and numbers[1] == _german(cell[1])
    assert numbers[2] == _german(cell[0] - cell[1])
    assert "Darmstadt" in html and SYNTHETIC_LABEL_DE in html
    assert "Monte-Carlo-Ziehungen" in html  # the base run has bands
    assert "Berufsgruppen mit den größten Lücken" in html
    assert "erreichen 64 Jahre" in html  # the demographic replacement picture
    assert "Vergleich mit Hessen" in html
    assert html.count('data-vega-spec="spec-') == 6  # with the wage atlas chart


def test_district_page_says_when_only_a_deterministic_run_exists(client: Client, other_run):
    html = _html(client, f"/monitor/kreise/06411/?lauf={other_run}")
    assert "nur einen deterministischen Lauf" in html
    assert "Nettozuwanderung +20 %" in html


def test_chart_specs_are_valid_json_with_the_table_data(client: Client, base_run):
    html = _html(client, f"/monitor/kreise/06412/?lauf={base_run}&beruf=813")
    spec = json.loads(
        re.search(
            r'<script id="spec-angebot-bedarf" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert spec["$schema"].endswith("vega-lite/v6.json")
    years = sorted({v["year"] for v in spec["data"]["values"]})
    meta = store.read_metadata(base_run)
    assert years == list(range(meta["base_year"], meta["base_year"] + meta["years"] + 1))
    assert "groesste-luecken" not in html  # one occupation chosen: no ranking of occupations


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_downloads_match_the_run(client: Client, base_run, fmt):
    meta = store.read_metadata(base_run)
    horizon = meta["base_year"] + meta["years"]
    expected = (
        _results(base_run)
        .filter((pl.col("ags") == "06531") & (pl.col("year") == horizon))
        .select(pl.col("demand").sum(), pl.col("supply").sum())
        .row(0)
    )
    response = client.get(
        f"/monitor/kreise/06531/?lauf={base_run}&tabelle=angebot-bedarf&format={fmt}"
    )
    assert response.status_code == 200
    assert f"angebot-bedarf-{base_run}.{fmt}" in response["Content-Disposition"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        header, data = rows[0], {r[0]: r for r in rows[1:] if r and r[0].isdigit()}
        last = data[str(horizon)]
        assert header[:3] == ["Jahr", "Bedarf", "Angebot"]
        assert float(last[1]) == pytest.approx(expected[0]) and float(last[2]) == pytest.approx(
            expected[1]
        )
        assert any(SYNTHETIC_LABEL_DE in r[0] for r in rows if r)
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
        assert values[horizon][1] == pytest.approx(expected[0])
    else:
        document = json.loads(response.content)
        last = next(r for r in document["rows"] if r["year"] == horizon)
        assert last["demand"] == pytest.approx(expected[0])
        assert document["metadata"]["run_id"] == base_run and document["metadata"]["synthetic"]


def test_bad_parameters_give_400_with_the_valid_forms(client: Client, base_run):
    html = _html(client, f"/monitor/?lauf={base_run}&jahr=1990", status=400)
    assert "1990" in html and "Gültig:" in html
    html = _html(client, f"/monitor/?lauf={base_run}&beruf=99x", status=400)
    assert "dreistelliger Code der KldB 2010" in html
    html = _html(client, f"/monitor/?lauf={base_run}&niveau=7", status=400)
    assert "1 (Helfer)" in html
    html = _html(client, f"/monitor/?lauf={base_run}&land=09", status=400)
    assert "Unbekanntes Land" in html
    _html(
        client,
        f"/monitor/kreise/06411/?lauf={base_run}&tabelle=angebot-bedarf&format=pdf",
        status=400,
    )
    _html(client, f"/monitor/kreise/06411/?lauf={base_run}&tabelle=unbekannt", status=404)
    _html(client, "/monitor/?lauf=kein-solcher-lauf", status=404)
    _html(client, f"/monitor/kreise/99999/?lauf={base_run}", status=404)
    _html(client, f"/monitor/kreise/06414/?lauf={base_run}", status=404)  # not in this run
    _html(client, f"/monitor/berufe/999/?lauf={base_run}", status=404)


def test_occupation_pages(client: Client, base_run):
    html = _html(client, f"/monitor/berufe/?lauf={base_run}")
    assert 'aria-sort="descending"' in html  # largest gap first
    assert "Seite 2" in html  # 144 groups, 50 a page
    html = _html(client, f"/monitor/berufe/813/?lauf={base_run}")
    assert "Gesundheits- und Krankenpflege" in html
    assert "Lücke nach Kreisen" in html and "erreichen 27 Jahre" in html
    for ags in SUBSET:
        assert f"/monitor/kreise/{ags}/?lauf={base_run}&amp;beruf=813" in html


def test_comparison_shows_the_difference_per_district(client: Client, base_run, other_run):
    meta = store.read_metadata(base_run)
    year = meta["base_year"] + meta["years"]
    # the base run is the reference (Lauf 1) even when it is named second
    html = _html(client, f"/monitor/vergleich/?lauf={other_run}&lauf={base_run}&jahr={year}")

    def gap(run_id: str) -> float:
        return (
            _results(run_id)
            .filter((pl.col("ags") == "06611") & (pl.col("year") == year))
            .select((pl.col("demand") - pl.col("supply")).sum())
            .item()
        )

    row = re.search(
        r'<th scope="row" class="kern-table__cell">Kassel[^<]*</th>(.*?)</tr>', html, re.S
    )
    numbers = re.findall(r"kern-table__cell--numeric\">([^<]+)<", row.group(1))
    assert numbers == [
        _german(gap(base_run)),
        _german(gap(other_run)),
        _german(gap(other_run) - gap(base_run)),
    ]
    assert "Unterschied zu Lauf 1" in html


def test_comparison_needs_two_runs(client: Client, base_run):
    html = _html(client, f"/monitor/vergleich/?lauf={base_run}")
    assert "mindestens zwei Prognoseläufe" in html
    html = _html(client, f"/monitor/vergleich/?lauf={base_run}&lauf=gibt-es-nicht", status=400)
    assert "gibt-es-nicht" in html


def test_monitor_is_public_and_linked_from_the_navigation(client: Client, base_run):
    html = _html(client, "/")
    assert 'href="/monitor/"' in html


def test_english_pages_use_english_chart_texts(client: Client, base_run):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _html(client, f"/monitor/kreise/06411/?lauf={base_run}")
    assert '<html lang="en">' in html
    assert ": demand " in html and "Largest gaps" in html  # chart text alternatives
    assert "Demo data – not official statistics" in html
    assert "Embed and Vega-Lite specification" in html and "Supply P50" in html
    assert "dotted line P50" in html and "Print “" in html
    # the German page is cached separately, not served to English readers or back
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert ": Bedarf " in _html(client, f"/monitor/kreise/06411/?lauf={base_run}")
