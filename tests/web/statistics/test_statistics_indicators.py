"""Wage atlas and bottleneck pages: the numbers are the indicator functions' output."""

from __future__ import annotations

import csv
import io

import fixtures_ba as fb
import openpyxl
import polars as pl
import pytest
from django.test import Client

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.indicators import bottleneck_scores, wage_atlas
from fachkraefte.sources.demo import load_demo_table
from fachkraefte.sources.vintages import load_table
from fachkraefte.web.tasks.services import tasks_run_queued

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def test_wage_atlas_page_is_public_and_labelled_demo(client: Client):
    response = client.get("/statistik/lohnatlas/")
    html = response.content.decode()
    assert response.status_code == 200
    assert SYNTHETIC_LABEL_DE in html and "Lohnatlas" in html
    assert "Medianentgelte 2024" in html  # the newest demo year, not "2.024"
    assert 'aria-sort="ascending"' in html and "format=xlsx" in html


def test_wage_atlas_download_equals_the_indicator_function(client: Client):
    expected = (
        wage_atlas(load_demo_table("wages"), year=2022, employment=load_demo_table("employment"))
        .filter(pl.col("ags").str.starts_with("06") & (pl.col("kldb3") == "813"))
        .sort("ags")
    )
    rows = _csv(client.get("/statistik/lohnatlas/?year=2022&kldb3=813&format=csv"))
    assert [r["AGS"] for r in rows] == expected["ags"].to_list()
    for row, want in zip(rows, expected.iter_rows(named=True), strict=True):
        assert _number(row["Median Männer (EUR)"]) == want["median_m"]
        assert _number(row["Median Frauen (EUR)"]) == want["median_w"]
        assert _number(row["Gender Pay Gap (%)"]) == pytest.approx(want["gender_gap_pct"])
        assert _number(row["Land: Median Frauen (EUR)"]) == pytest.approx(want["land_median_w"])
        assert _number(row["Abweichung vom Land, Männer (%)"]) == pytest.approx(
            want["deviation_from_land_m_pct"]
        )
        assert row["Grundlage des Landeswerts"].startswith("Näherung")


def test_wage_atlas_sorts_descending_with_gaps_last(client: Client):
    rows = _csv(client.get("/statistik/lohnatlas/?ags=06412&sort=-median_w&format=csv"))
    values = [_number(r["Median Frauen (EUR)"]) for r in rows]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True) and len(present) > 10
    assert values[: len(present)] == present  # empty cells come last


def test_wage_atlas_xlsx(client: Client):
    response = client.get("/statistik/lohnatlas/?ags=06411&format=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Tabelle"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["AGS", "Kreis", "KldB"] and sheet.max_row == 1 + 144
    assert SYNTHETIC_LABEL_DE in workbook["Quelle"]["A1"].value


def test_wage_atlas_wrong_filters_are_named(client: Client):
    response = client.get("/statistik/lohnatlas/?year=1999&kldb3=8")
    html = response.content.decode()
    assert response.status_code == 400
    assert "„1999“" in html and "2019, 2020" in html and "„8“" in html and "3 Ziffern" in html


def test_wage_atlas_in_english(client: Client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    rows = _csv(client.get("/statistik/lohnatlas/?ags=06411&kldb3=813&format=csv"))
    assert rows[0][next(k for k in rows[0] if "Landeswert" in k or "Land value" in k)].startswith(
        "approximation"
    )


def test_bottleneck_page_scores_equal_the_indicator_function(client: Client):
    expected = bottleneck_scores(
        year=2023,
        labour_market=load_demo_table("labour_market"),
        employment=load_demo_table("employment"),
        wages=load_demo_table("wages"),
        graduates=load_demo_table("graduates"),
    ).filter(pl.col("ags") == "06412")
    rows = _csv(client.get("/statistik/engpaesse/?year=2023&ags=06412&format=csv"))
    assert len(rows) == expected.height
    by_key = {(r["KldB"], r["Anforderungsniveau"]): r for r in rows}
    for want in expected.iter_rows(named=True):
        row = by_key[(want["kldb3"], str(want["niveau"]))]
        assert _number(row["Engpasswert (Mittel der Punkte)"]) == want["score"]
        assert row["X (keine Bewertung)"] == ("X" if want["score"] is None else "")
        points = [k for k in row if k.startswith("Punkte: ")]
        assert len(points) == 6
    html = client.get("/statistik/engpaesse/?year=2023&ags=06412").content.decode()
    assert SYNTHETIC_LABEL_DE in html and "Engpassberuf ab einem Mittelwert von 2" in html


def test_bottleneck_filters(client: Client):
    rows = _csv(client.get("/statistik/engpaesse/?level=land&classification=engpass&format=csv"))
    assert rows and {r["Einstufung"] for r in rows} == {"Engpassberuf"}
    # Land level: Hessen and the other demo alliances' Länder, never a Kreis.
    laender = {r["AGS"] for r in rows}
    assert "06" in laender and laender <= {"03", "06", "14"}
    helpers = _csv(client.get("/statistik/engpaesse/?niveau=1&format=csv"))
    assert helpers and {r["X (keine Bewertung)"] for r in helpers} == {"X"}  # Helfer: not rated


def test_pages_use_imported_data_once_there(client: Client, users, fresh_store, tmp_path):
    assert "Noch keine Daten" in client.get("/statistik/lohnatlas/").content.decode()
    path = fb.write_xlsx(fb.wage_table().sheet, tmp_path / "entgelt.xlsx")
    admin = Client()
    admin.force_login(users["admin"])
    with path.open("rb") as handle:
        admin.post("/statistik/import/", {"source": "wages", "file": handle})
    tasks_run_queued()
    expected = wage_atlas(load_table("wages"), year=2023).sort(["ags", "kldb3"])
    html = client.get("/statistik/lohnatlas/").content.decode()
    assert SYNTHETIC_LABEL_DE not in html and "Datenstände: wages: wages-2023" in html
    rows = _csv(client.get("/statistik/lohnatlas/?format=csv"))
    assert [(r["AGS"], r["KldB"]) for r in rows] == list(
        zip(expected["ags"], expected["kldb3"], strict=True)
    )
    assert [_number(r["Median Frauen (EUR)"]) for r in rows] == expected["median_w"].to_list()
    assert rows[0]["Grundlage des Landeswerts"] == "BA-Landeswert"
    # Bottlenecks need labour market and employment, which were not imported.
    assert "Noch keine Daten" in client.get("/statistik/engpaesse/").content.decode()
