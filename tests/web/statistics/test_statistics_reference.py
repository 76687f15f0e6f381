"""Bottleneck page and API on imported BA files with official Land/Germany rows: the Germany
level, the reference basis per row, reference rows from the same vintage only; population
projections and trainees in the list of vintages."""

from __future__ import annotations

import csv
import io

import fixtures_ba as fb
import fixtures_genesis as fg
import polars as pl
import pytest
from django.test import Client

from fachkraefte.indicators import bottleneck_scores
from fachkraefte.indicators.regions import OFFICIAL_BASIS
from fachkraefte.sources.vintages import current_vintage, list_vintages, load_table
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import tasks_run_queued

pytestmark = pytest.mark.django_db

FACTOR = 10  # the Germany rows carry ten times a Hessen block: never the sum of the Kreise


def _times(value: object) -> object:
    return value * FACTOR if isinstance(value, int) else value


def _with_germany(sheet: fb.Sheet, rows: list[list[object]]) -> fb.Sheet:
    block = [list(r) for r in rows]
    block[0][0] = "Deutschland"
    return fb.Sheet(title=sheet.title, header=sheet.header, data=block + sheet.data)


def _employment_file(tmp_path, *, germany: bool, seed: int, name: str):
    sheet = fb.employment_table(small_values=False, seed=seed, with_land_rows=germany).sheet
    if germany:
        land = sheet.data[: len(fb.GATTUNGEN)]
        sheet = _with_germany(sheet, [[r[0], r[1], *[_times(v) for v in r[2:]]] for r in land])
    return fb.write_xlsx(sheet, tmp_path / name)


def _labour_market_file(tmp_path):
    sheet = fb.labour_market_table().sheet
    first = sheet.data[: 4 * len(fb.GRUPPEN)]
    rows = [[*r[:3], *[_times(v) for v in r[3:7]], r[7], _times(r[8])] for r in first]
    return fb.write_xlsx(_with_germany(sheet, rows), tmp_path / "alo.xlsx")


def _upload(client: Client, source: str, path, **extra) -> Task:
    with path.open("rb") as handle:
        response = client.post("/statistik/import/", {"source": source, "file": handle, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    tasks_run_queued()
    task = Task.objects.order_by("-pk").first()
    assert task.status == Task.Status.DONE, task.error_report
    return task


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content.decode()[:2000]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture()
def admin(users) -> Client:
    client = Client()
    client.force_login(users["admin"])
    return client


@pytest.fixture()
def imported(admin, fresh_store, tmp_path):
    _upload(admin, "employment", _employment_file(tmp_path, germany=True, seed=21, name="a.xlsx"))
    _upload(admin, "labour-market", _labour_market_file(tmp_path))
    return admin


def test_germany_level_uses_the_official_rows_of_the_same_vintages(imported):
    body = Client().get("/api/bottlenecks/?level=deutschland&kldb3=813").json()
    assert body["demo"] is False
    employment = current_vintage("employment").vintage_id
    labour_market = current_vintage("labour_market").vintage_id
    assert body["vintages"]["employment_reference"] == employment
    assert body["vintages"]["labour_market_reference"] == labour_market
    want = bottleneck_scores(
        year=2023,
        labour_market=load_table("labour_market"),
        employment=load_table("employment"),
        employment_reference=load_table("employment_reference"),
        labour_market_reference=load_table("labour_market_reference"),
        level="deutschland",
    ).filter(pl.col("kldb3") == "813")
    assert body["count"] == want.height == 4
    germany = load_table("labour_market_reference").filter(
        pl.col("ags") == "DG", pl.col("kldb3") == "813"
    )
    kreise = load_table("labour_market").filter(pl.col("kldb3") == "813")
    for row, expected in zip(body["results"], want.iter_rows(named=True), strict=True):
        assert row["ags"] == "DG" and row["region"] == "Deutschland"
        assert row["reference_basis"] == OFFICIAL_BASIS.split(" / ")[0]
        assert row["score"] == expected["score"] and row["vacancies"] == expected["vacancies"]
        official = germany.filter(pl.col("niveau") == row["niveau"])["vacancies"].item()
        summed = kreise.filter(pl.col("niveau") == row["niveau"])["vacancies"].sum()
        assert row["vacancies"] == official != summed


def test_page_offers_the_germany_level_and_names_the_basis(imported):
    client = Client()
    html = client.get("/statistik/engpaesse/?level=deutschland").content.decode()
    assert 'value="deutschland" selected' in html and "Bezugsgrundlage" in html
    assert 'id="filter-land"' not in html  # no Land choice at Germany level
    rows = _csv(client.get("/statistik/engpaesse/?level=deutschland&format=csv"))
    assert rows and {r["AGS"] for r in rows} == {"DG"}
    assert {r["Bezugsgrundlage"] for r in rows} == {OFFICIAL_BASIS.split(" / ")[0]}
    # Land level: the employment file has Hessen rows, the labour-market file has none;
    # the basis says which half is official.
    land = _csv(client.get("/statistik/engpaesse/?level=land&format=csv"))
    assert {r["AGS"] for r in land} == {"06"}
    assert {r["Bezugsgrundlage"] for r in land} == {
        "Beschäftigung amtlich, Arbeitsmarkt Summe der Kreise"
    }
    kreise = _csv(client.get("/statistik/engpaesse/?format=csv"))
    assert "Bezugsgrundlage" not in kreise[0]

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/api/bottlenecks/?level=deutschland&kldb3=813").json()
    assert english["results"][0]["reference_basis"] == OFFICIAL_BASIS.split(" / ")[1]


def test_a_land_choice_at_germany_level_is_refused(imported):
    response = Client().get("/api/bottlenecks/?level=deutschland&land=06")
    assert response.status_code == 400 and "land" in response.json()["errors"]


def test_reference_rows_of_an_older_vintage_are_not_mixed_in(imported, tmp_path):
    first = current_vintage("employment_reference").vintage_id
    path = _employment_file(tmp_path, germany=False, seed=5, name="b.xlsx")
    _upload(imported, "employment", path, make_current="on")
    newer = current_vintage("employment").vintage_id
    assert newer != first and current_vintage("employment_reference").vintage_id == first

    body = Client().get("/api/bottlenecks/?level=deutschland&kldb3=813").json()
    assert "employment_reference" not in body["vintages"]
    assert body["vintages"]["employment"] == newer
    assert {r["reference_basis"] for r in body["results"]} == {
        "Arbeitsmarkt amtlich, Beschäftigung Summe der Kreise"
    }
    employees = load_table("employment", vintage_id=newer).filter(
        pl.col("kldb3") == "813", pl.col("niveau") == 2
    )["employees"]
    (fachkraft,) = [r for r in body["results"] if r["niveau"] == 2]
    assert fachkraft["employees"] == employees.sum()


def _projection_file(tmp_path):
    base = fg.write_ffcsv(fg.population_values(), tmp_path / "base.csv")
    lines = base.read_text(encoding="utf-8").splitlines()
    header = lines[0].replace(
        "value;",
        "4_variable_code;4_variable_label;4_variable_attribute_code;"
        "4_variable_attribute_label;value;",
        1,
    )
    out = [header]
    for line in lines[1:]:
        cells = line.split(";")
        cells[0] = "12421"
        variant = ["BEVPR1", "Varianten der Vorausberechnung", "BEV-VARIANTE-02", "Variante 02"]
        out.append(";".join(cells[:17] + variant + cells[17:]))
    path = tmp_path / "12421_flat.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_population_projection_is_listed_and_filterable(admin, fresh_store, tmp_path):
    _upload(admin, "population", _projection_file(tmp_path))
    (vintage,) = list_vintages()
    assert vintage.dataset == "population_projection"
    html = admin.get("/statistik/datenstaende/").content.decode()
    assert 'value="population_projection"' in html and "Bevölkerungsvorausberechnung" in html

    rows = _csv(admin.get("/statistik/datenstaende/?dataset=population_projection&format=csv"))
    assert [r["Kennung"] for r in rows] == [vintage.vintage_id]
    assert rows[0]["Datensatz"] == "Bevölkerungsvorausberechnung"
    assert _csv(admin.get("/statistik/datenstaende/?dataset=population&format=csv")) == []


def test_trainees_upload_through_the_web_form(admin, fresh_store, tmp_path):
    import fixtures_ba_trainees as ft

    assert "Auszubildende" in admin.get("/statistik/import/").content.decode()
    path = fb.write_xlsx(ft.trainee_table().sheet, tmp_path / "azubi.xlsx")
    _upload(admin, "trainees", path)
    (vintage,) = list_vintages()
    assert vintage.dataset == "trainees" and vintage.current_for == ("trainees",)
    rows = _csv(admin.get("/statistik/datenstaende/?dataset=trainees&format=csv"))
    assert [r["Datensatz"] for r in rows] == ["Auszubildende"]
