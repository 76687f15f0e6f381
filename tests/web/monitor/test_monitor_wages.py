"""The wage atlas section ("Löhne (Lohnatlas)") of the monitor's district and occupation pages:
numbers against the wages table read here independently, downloads, source, no data."""

from __future__ import annotations

import csv
import datetime as dt
import html as html_lib
import io
import json
import re

import polars as pl
import pytest
from django.test import Client
from openpyxl import load_workbook

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.sources.demo import load_demo_table
from fachkraefte.sources.vintages import ImportedDataset, store_import

pytestmark = pytest.mark.django_db

SUBSET = ("06411", "06412", "06435", "06531", "06611")


def _get(client: Client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:1500])
    return response


def _section(page: str) -> str:
    """The wage section: the last section of both pages."""
    assert page.count('aria-labelledby="h-wages"') == 1
    return page.split('aria-labelledby="h-wages"', 1)[1]


def _text(cell: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def _table(section: str) -> tuple[list[str], list[list[str]]]:
    block = re.search(r"<table.*?</table>", section, re.S).group(0)
    head = re.search(r"<thead.*?</thead>", block, re.S).group(0)
    labels = [_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
    body = re.search(r"<tbody.*?</tbody>", block, re.S).group(0)
    rows = [
        [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]
    return labels, rows


def _german(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _expected(ags_filter, kldb3: str) -> dict[str, dict]:
    """The wage atlas values computed here from the demo tables (no code under test): the
    newest year's medians, the gap and the Land value, which the demo data (no Land rows)
    give as the employment-weighted mean of the Kreis medians."""
    wages = load_demo_table("wages")
    year = int(wages["year"].max())
    wages = wages.filter((pl.col("year") == year) & (pl.col("kldb3") == kldb3))
    employment = load_demo_table("employment").filter(
        (pl.col("year") == year) & (pl.col("kldb3") == kldb3)
    )
    weights = employment.group_by(["ags", "sex"]).agg(pl.col("employees").sum())
    land: dict[str, float] = {}
    for sex in ("m", "w"):
        joined = (
            wages.filter(
                (pl.col("sex") == sex)
                & pl.col("ags").str.starts_with("06")
                & pl.col("median_monthly_wage_eur").is_not_null()
            )
            .join(weights, on=["ags", "sex"])
            .filter(pl.col("employees") > 0)
        )
        land[sex] = (joined["median_monthly_wage_eur"] * joined["employees"]).sum() / joined[
            "employees"
        ].sum()
    found: dict[str, dict] = {}
    for record in wages.filter(ags_filter).iter_rows(named=True):
        entry = found.setdefault(record["ags"], {"year": year})
        entry[record["sex"]] = record["median_monthly_wage_eur"]
    for entry in found.values():
        m, w = entry.get("m"), entry.get("w")
        entry["gap"] = None if m is None or w is None else 100 * (m - w) / m
        entry["land_m"], entry["land_w"] = land["m"], land["w"]
    return {a: e for a, e in found.items() if e.get("m") is not None or e.get("w") is not None}


def test_district_page_wages_equal_the_wages_table(client: Client, base_run):
    expected = _expected(pl.col("ags") == "06411", "813")["06411"]
    page = _get(client, f"/monitor/kreise/06411/?lauf={base_run}&beruf=813").content.decode()
    section = _section(page)
    assert "Löhne (Lohnatlas)" in page
    labels, rows = _table(section)
    assert labels[:3] == ["KldB", "Berufsgruppe", "Median Männer (EUR)"]
    assert len(rows) == 1
    row = dict(zip(labels, rows[0], strict=True))
    assert row["KldB"] == "813"
    assert row["Median Männer (EUR)"] == _german(expected["m"])
    assert row["Median Frauen (EUR)"] == _german(expected["w"])
    assert row["Gender Pay Gap (%)"] == _german(expected["gap"], 1)
    assert row["Land: Median Männer (EUR)"] == _german(expected["land_m"])
    assert row["Land: Median Frauen (EUR)"] == _german(expected["land_w"])
    deviation = 100 * (expected["m"] / expected["land_m"] - 1)
    assert row["Abweichung vom Land, Männer (%)"] == _german(deviation, 1)
    assert row["Grundlage des Landeswerts"].startswith("Näherung")
    # chart, text alternative, source, demo label, link to the full wage atlas
    spec = json.loads(
        re.search(
            r'<script id="spec-loehne" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    medians = {v["sex"]: v["median"] for v in spec["data"]["values"]}
    assert medians == {
        "Männer": pytest.approx(expected["m"]),
        "Frauen": pytest.approx(expected["w"]),
    }
    assert "Gender Pay Gap" in re.search(r'class="chart__summary[^>]*>(.*?)<', section).group(1)
    assert SYNTHETIC_LABEL_DE in section and "Entgeltstatistik" in section
    year = expected["year"]
    assert f'href="/statistik/lohnatlas/?year={year}&amp;ags=06411&amp;kldb3=813"' in section
    assert "„Löhne" in section and "drucken" in section  # the print action
    assert "/monitor/einbetten/kreise/06411/loehne/" in section


def test_district_page_all_occupations_shows_the_largest_gaps(client: Client, base_run):
    page = _get(client, f"/monitor/kreise/06411/?lauf={base_run}").content.decode()
    ranked = re.search(r"Berufsgruppen mit den größten Lücken.*?<tbody.*?</tbody>", page, re.S)
    top = re.findall(
        r'<th scope="row" class="kern-table__cell"><a[^>]*>([^<]+)</a>', ranked.group(0)
    )
    labels, rows = _table(_section(page))
    column = labels.index("Berufsgruppe")
    shown = [r[column] for r in rows]
    assert shown and set(shown) <= {html_lib.unescape(t) for t in top}
    assert len(shown) <= 15
    assert 'href="/statistik/lohnatlas/?year=' in _section(page)


def test_occupation_page_wages_per_district(client: Client, base_run):
    expected = _expected(pl.col("ags").str.starts_with("06"), "813")
    page = _get(client, f"/monitor/berufe/813/?lauf={base_run}").content.decode()
    section = _section(page)
    labels, rows = _table(section)
    assert labels[:3] == ["AGS", "Kreis", "Median Männer (EUR)"]
    assert sorted(r[0] for r in rows) == sorted(expected)
    for row in rows:
        entry = expected[row[0]]
        assert row[2] == _german(entry.get("m")) and row[3] == _german(entry.get("w"))
        assert row[4] == _german(entry["gap"], 1)
    # districts of the run link to their monitor page, the others are plain text
    for ags in SUBSET:
        if ags in expected:
            assert f"/monitor/kreise/{ags}/?lauf={base_run}&amp;beruf=813" in section
    assert "/monitor/kreise/06414/" not in section
    assert 'href="/statistik/lohnatlas/?year=' in section and "land=06&amp;kldb3=813" in section


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_wage_downloads_match(client: Client, base_run, fmt):
    expected = _expected(pl.col("ags") == "06412", "813")["06412"]
    url = f"/monitor/kreise/06412/?lauf={base_run}&beruf=813&tabelle=loehne&format={fmt}"
    response = _get(client, url)
    assert f"loehne-{base_run}.{fmt}" in response["Content-Disposition"]
    if fmt == "csv":
        lines = list(csv.reader(io.StringIO(response.content.decode())))
        assert lines[0][:4] == [
            "KldB",
            "Berufsgruppe",
            "Median Männer (EUR)",
            "Median Frauen (EUR)",
        ]
        assert float(lines[1][2]) == pytest.approx(expected["m"])
        assert float(lines[1][4]) == pytest.approx(expected["gap"])
        notes = [line[0] for line in lines[2:] if line]
        assert any("Entgeltstatistik" in n for n in notes)
        assert SYNTHETIC_LABEL_DE in notes
        assert not any(n.startswith("Szenario:") for n in notes)  # not the run's provenance
    elif fmt == "xlsx":
        cells = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert cells[1][0] == "813" and cells[1][3] == pytest.approx(expected["w"])
    else:
        document = json.loads(response.content)
        row = document["rows"][0]
        assert row["median_m"] == pytest.approx(expected["m"])
        assert row["land_median_w"] == pytest.approx(expected["land_w"])
        assert document["metadata"]["synthetic"] is True
        assert document["metadata"]["data_vintage"].startswith("demo")


def test_wage_chart_spec_names_the_wage_data(client: Client, base_run):
    spec = _get(client, f"/monitor/einbetten/berufe/813/loehne/spec.json?lauf={base_run}").json()
    source = spec["usermeta"]["source"]
    assert source["synthetic"] is True and "Entgeltstatistik" in source["note"]
    assert spec["data"]["values"]


@pytest.fixture()
def wage_free_store(web_store, tmp_path, monkeypatch):
    """The runs without demo data and without imported vintages: no wage data at all."""
    own = tmp_path / "store"
    own.mkdir()
    (own / "forecasts").symlink_to(web_store / "forecasts")
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(own))
    return own


def test_without_wage_data_one_sentence(client: Client, base_run, wage_free_store):
    for url in (f"/monitor/kreise/06411/?lauf={base_run}", f"/monitor/berufe/813/?lauf={base_run}"):
        section = _section(_get(client, url).content.decode())
        assert "Es sind keine Lohndaten (BA-Entgeltstatistik) importiert." in section
        assert "<table" not in section and "data-vega-spec" not in section
        assert "lohnatlas" not in section
    _get(client, f"/monitor/kreise/06411/?lauf={base_run}&tabelle=loehne&format=csv", 404)


def test_imported_vintage_replaces_the_demo_data_and_the_cache(
    client: Client, base_run, wage_free_store
):
    url = f"/monitor/kreise/06411/?lauf={base_run}&beruf=813"
    assert "keine Lohndaten" in _section(_get(client, url).content.decode())
    frame = pl.DataFrame(
        {
            "year": [2023] * 4,
            "ags": ["06411", "06411", "06", "06"],
            "kldb3": ["813"] * 4,
            "sex": ["m", "w", "m", "w"],
            "median_monthly_wage_eur": [4000.0, 3600.0, 3800.0, 3500.0],
        },
        schema_overrides={"year": pl.Int16},
    )
    outcome = store_import(
        ImportedDataset(
            dataset="wages",
            source="BA Entgeltstatistik (Test)",
            file_name="entgelte.xlsx",
            sha256="a" * 64,
            reference_date=dt.date(2023, 12, 31),
            tables={"wages": frame},
        ),
        make_current=True,
    )
    section = _section(_get(client, url).content.decode())  # the same address: not cached
    labels, rows = _table(section)
    row = dict(zip(labels, rows[0], strict=True))
    assert row["Median Männer (EUR)"] == "4.000" and row["Gender Pay Gap (%)"] == "10,0"
    assert row["Land: Median Frauen (EUR)"] == "3.500"
    assert row["Grundlage des Landeswerts"] == "BA-Landeswert"
    assert SYNTHETIC_LABEL_DE not in section
    assert outcome.vintage.vintage_id in section and "Bundesagentur für Arbeit" in section
    # another Kreis with no rows in this vintage: one sentence
    other = _section(_get(client, f"/monitor/kreise/06412/?lauf={base_run}").content.decode())
    assert "Die Entgeltstatistik 2023 enthält für Frankfurt am Main, Stadt keine Werte." in other
    assert "<table" not in other


def test_wage_chart_embed_names_the_wage_data(client: Client, base_run):
    response = _get(client, f"/monitor/einbetten/kreise/06411/loehne/?lauf={base_run}&beruf=813")
    assert not response.has_header("X-Frame-Options")
    embedded = response.content.decode()
    assert "Entgeltstatistik" in embedded and SYNTHETIC_LABEL_DE in embedded
    assert "Szenario:" not in embedded  # the run's provenance is not the wage data's


def test_english_wage_section(client: Client, base_run):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = _get(client, f"/monitor/berufe/813/?lauf={base_run}").content.decode()
    section = _section(page)
    assert "Wages (wage atlas)" in section and "in the full wage atlas" in section
    assert "Synthetic demo data modelled on the BA wage statistics" in section
    assert "approximation" in section and "Näherung" not in section
    assert '"sex": "Women"' in section
