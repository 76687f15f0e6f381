"""Monitor data against the run's own files: bands, every download, map colours, three runs,
aggregates built with the run and never in a request."""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import re

import polars as pl
import pyarrow.parquet as pq
import pytest
from django.test import Client
from openpyxl import load_workbook

from fachkraefte.forecast import store
from fachkraefte.reports import aggregates_ready
from fachkraefte.reports.maps import AGE_BREAKS, MISSING_COLOUR, SCORE_BREAKS, classify
from fachkraefte.sources.demo import load_demo_table

pytestmark = pytest.mark.django_db

SUBSET = ("06411", "06412", "06435", "06531", "06611")
BANDS = [f"{m}_p{p}" for m in ("demand", "supply", "gap") for p in (10, 50, 90)]


def _get(client: Client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:1500])
    return response


def _uncertainty(run_id: str) -> list[dict]:
    """The run's Monte Carlo quantiles, read with pyarrow (not the code under test)."""
    return pq.read_table(store.run_dir(run_id) / "uncertainty.parquet").to_pylist()


# --- P10/P50/P90 -----------------------------------------------------------------------


@pytest.mark.parametrize("occupation", ["813", None])
def test_band_columns_equal_the_uncertainty_parquet(client: Client, base_run, occupation):
    if occupation:
        rows = [
            r for r in _uncertainty(base_run) if r["ags"] == "06411" and r["kldb3"] == occupation
        ]
    else:  # over all Berufsgruppen: the stored quantile of the Kreis' sum, not a sum of quantiles
        level_bands = pq.read_table(store.run_dir(base_run) / "bands.parquet").to_pylist()
        rows = [
            r
            for r in level_bands
            if (r["region_level"], r["region"], r["occupation"], r["niveau"])
            == ("kreis", "06411", "all", 0)
        ]
    expected = {int(row["year"]): {key: row[key] for key in BANDS} for row in rows}
    url = f"/monitor/kreise/06411/?lauf={base_run}" + (f"&beruf={occupation}" if occupation else "")
    document = json.loads(_get(client, url + "&tabelle=angebot-bedarf&format=json").content)
    keys = [c["key"] for c in document["columns"]]
    assert all(key in keys for key in BANDS)
    assert len(document["rows"]) == len(expected)
    for row in document["rows"]:
        for key in BANDS:
            assert row[key] == pytest.approx(expected[row["year"]][key], rel=1e-9), (row, key)
        assert row["demand_p10"] <= row["demand_p50"] <= row["demand_p90"]

    header = next(
        csv.reader(
            io.StringIO(_get(client, url + "&tabelle=angebot-bedarf&format=csv").content.decode())
        )
    )
    for label in (
        "Bedarf P10",
        "Bedarf P50",
        "Bedarf P90",
        "Angebot P10",
        "Angebot P50",
        "Angebot P90",
    ):
        assert label in header
    sheet = load_workbook(
        io.BytesIO(_get(client, url + "&tabelle=angebot-bedarf&format=xlsx").content)
    ).active
    xlsx_header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True))
    assert "Angebot P50" in xlsx_header

    # the chart draws the P50 of supply and demand, not only the deterministic line
    page = _get(client, url).content.decode()
    spec = json.loads(
        re.search(
            r'<script id="spec-angebot-bedarf" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    medians = {(v["year"], v["series"]): v["median"] for v in spec["data"]["values"]}
    last = max(expected)
    assert medians[(last, "Angebot")] == pytest.approx(expected[last]["supply_p50"])
    assert medians[(last, "Bedarf")] == pytest.approx(expected[last]["demand_p50"])
    assert any(layer["encoding"]["y"]["field"] == "median" for layer in spec["layer"])
    assert "P50" in page and "Bedarf P50" in page


def test_deterministic_run_has_no_band_columns(client: Client, other_run):
    document = json.loads(
        _get(
            client, f"/monitor/kreise/06411/?lauf={other_run}&tabelle=angebot-bedarf&format=json"
        ).content
    )
    assert not any(c["key"] in BANDS for c in document["columns"])


# --- every download of every table matches the page's table ------------------------------


def _number(text: str) -> tuple[float, float] | None:
    """A German number from a table cell and half its last digit (the rounding tolerance)."""
    raw = text.replace("\xa0", " ").removesuffix(" %")
    if not re.fullmatch(r"-?[\d.]+(,\d+)?", raw):
        return None
    decimals = len(raw.split(",")[1]) if "," in raw else 0
    return float(raw.replace(".", "").replace(",", ".")), 0.5 * 10**-decimals + 1e-9


def _html_tables(page: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    """caption → (column labels, body rows as cell texts) of every table on the page."""
    tables = {}
    for block in re.findall(r"<table.*?</table>", page, re.S):
        caption = html_lib.unescape(
            re.search(r"<caption[^>]*>(.*?)</caption>", block, re.S).group(1)
        ).strip()
        head = re.search(r"<thead.*?</thead>", block, re.S).group(0)
        head = re.sub(r'<span class="kern-sr-only">.*?</span>', "", head, flags=re.S)
        labels = [
            html_lib.unescape(re.sub(r"<[^>]+>", "", h)).strip()
            for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)
        ]
        body = re.search(r"<tbody.*?</tbody>", block, re.S).group(0)
        rows = [
            [
                html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
            ]
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        ]
        tables[caption] = (labels, rows)
    return tables


def _same(cell: str, value) -> bool:
    if value is None:
        return cell == "–"
    parsed = _number(cell)
    if parsed is None or isinstance(value, str):
        return cell == str(value)
    number, tolerance = parsed
    shown = value * 100 if cell.endswith("%") else value
    return abs(number - shown) <= tolerance * max(1.0, 1.0)


def _check_downloads(client: Client, url: str) -> int:
    page = _get(client, url).content.decode()
    tables = _html_tables(page)
    keys = sorted(set(re.findall(r"[?&;]tabelle=([a-z0-9-]+)&amp;format=json", page)))
    assert keys, url
    for key in keys:
        base = html_lib.unescape(
            re.search(rf'href="([^"]*tabelle={key}&amp;format=)json"', page).group(1)
        )
        document = json.loads(_get(client, base + "json").content)
        caption = document["metadata"]["caption"]
        labels, rows = tables[caption]
        assert [c["label"] for c in document["columns"]] == labels, key
        assert len(document["rows"]) == len(rows), key
        columns = [c["key"] for c in document["columns"]]
        for shown, row in zip(rows, document["rows"], strict=True):
            for cell, column in zip(shown, columns, strict=True):
                assert _same(cell, row[column]), (key, column, cell, row[column])
        # CSV and XLSX: the same header and values as the JSON
        lines = list(csv.reader(io.StringIO(_get(client, base + "csv").content.decode())))
        assert lines[0] == labels
        for line, row in zip(lines[1 : 1 + len(rows)], document["rows"], strict=True):
            for text, column in zip(line, columns, strict=True):
                value = row[column]
                assert (text == "" and value is None) or (
                    float(text) == pytest.approx(value)
                    if isinstance(value, float | int) and not isinstance(value, bool)
                    else text == str(value)
                ), (key, column, text, value)
        sheet = load_workbook(io.BytesIO(_get(client, base + "xlsx").content)).active
        cells = list(sheet.iter_rows(values_only=True))
        assert list(cells[0][: len(labels)]) == labels
        for values, row in zip(cells[1 : 1 + len(rows)], document["rows"], strict=True):
            for value, column in zip(values, columns, strict=False):
                expected = row[column]
                assert value == (
                    pytest.approx(expected) if isinstance(expected, float) else expected
                ), (key, column)
    return len(keys)


def test_every_download_matches_its_table(client: Client, base_run, other_run, cli_run):
    # each district and occupation page: its forecast tables and the wage atlas ("loehne")
    assert _check_downloads(client, f"/monitor/kreise/06411/?lauf={base_run}") == 7
    assert (
        _check_downloads(client, f"/monitor/kreise/06412/?lauf={base_run}&beruf=813&niveau=2") == 6
    )
    assert _check_downloads(client, f"/monitor/berufe/813/?lauf={base_run}") == 6
    assert _check_downloads(client, f"/monitor/?lauf={base_run}&mass=share_55") == 1
    assert (
        _check_downloads(
            client, f"/monitor/vergleich/?lauf={base_run}&lauf={other_run}&lauf={cli_run}"
        )
        == 3
    )


# --- map colours ---------------------------------------------------------------------------


def _fills(page: str) -> dict[str, str]:
    return dict(
        re.findall(r'data-ags="(\d{5})"[^>]*>\s*<path d="[^"]+" fill="(#[0-9a-f]{6})"', page)
    )


def _colour(value, breaks) -> str:
    index = classify(value, breaks)
    return MISSING_COLOUR if index is None else breaks.colours[index]


def test_map_colours_for_age_and_bottleneck_with_occupation_and_level(client: Client, base_run):
    base_year = store.read_metadata(base_run)["base_year"]
    employment = load_demo_table("employment").filter(
        pl.col("ags").is_in(SUBSET)
        & (pl.col("year") == base_year)
        & (pl.col("kldb3") == "813")
        & (pl.col("niveau") == 2)
    )
    share = {
        ags: older / total
        for ags, older, total in employment.group_by("ags")
        .agg(
            pl.col("employees")
            .filter(pl.col("age_band").is_in(["55-59", "60-64", "65-69", "70-74"]))
            .sum(),
            pl.col("employees").sum().alias("total"),
        )
        .iter_rows()
    }
    page = _get(
        client, f"/monitor/?lauf={base_run}&mass=share_55&beruf=813&niveau=2"
    ).content.decode()
    fills = _fills(page)
    assert sorted(fills) == sorted(SUBSET)
    for ags in SUBSET:
        assert fills[ags] == _colour(share.get(ags), AGE_BREAKS), ags

    from fachkraefte.indicators import bottleneck_scores

    tables = {
        n: load_demo_table(n).filter(pl.col("ags").is_in(SUBSET))
        for n in ("employment", "labour_market", "wages", "graduates")
    }
    scores = bottleneck_scores(
        year=base_year,
        labour_market=tables["labour_market"],
        employment=tables["employment"],
        wages=tables["wages"],
        graduates=tables["graduates"],
    ).filter((pl.col("kldb3") == "813") & (pl.col("niveau") == 2))
    score = dict(scores.select("ags", "score").iter_rows())
    page = _get(
        client, f"/monitor/?lauf={base_run}&mass=bottleneck_score&beruf=813&niveau=2"
    ).content.decode()
    fills = _fills(page)
    for ags in SUBSET:
        assert fills[ags] == _colour(score.get(ags), SCORE_BREAKS), ags
    assert len(set(fills.values())) >= 1 and any(score.get(a) is not None for a in SUBSET)


def test_map_click_keeps_the_chosen_year(client: Client, base_run):
    year = store.read_metadata(base_run)["base_year"] + 2
    page = _get(client, f"/monitor/?lauf={base_run}&jahr={year}&beruf=813").content.decode()
    links = re.findall(r'<a href="([^"]+)" class="map-district"', page)
    assert len(links) == 5 and all(f"jahr={year}" in link for link in links)
    district = _get(client, html_lib.unescape(links[0])).content.decode()
    assert re.search(rf'<option value="{year}" selected>{year}</option>', district)


# --- replacement picture with a skill level chosen -----------------------------------------


def test_replacement_chart_says_it_covers_all_levels(client: Client, base_run):
    page = _get(client, f"/monitor/kreise/06411/?lauf={base_run}&niveau=2").content.decode()
    assert "nur für alle Anforderungsniveaus zusammen vor" in page
    assert "– alle Anforderungsniveaus" in page  # in the chart's title
    csv_text = _get(
        client, f"/monitor/kreise/06411/?lauf={base_run}&niveau=2&tabelle=demografie&format=csv"
    ).content.decode()
    assert "nur für alle Anforderungsniveaus zusammen vor" in csv_text
    page = _get(client, f"/monitor/berufe/813/?lauf={base_run}&niveau=3").content.decode()
    assert "nicht nur „Spezialist“" in page
    page = _get(client, f"/monitor/kreise/06411/?lauf={base_run}").content.decode()
    assert "nur für alle Anforderungsniveaus zusammen vor" not in page


# --- three runs ------------------------------------------------------------------------------


def test_comparison_of_three_runs(client: Client, base_run, other_run, cli_run):
    meta = store.read_metadata(base_run)
    year = meta["base_year"] + meta["years"]

    def gap(run_id: str) -> float:
        frame = pl.read_parquet(store.run_dir(run_id) / "results.parquet")
        return (
            frame.filter((pl.col("ags") == "06611") & (pl.col("year") == year))
            .select((pl.col("demand") - pl.col("supply")).sum())
            .item()
        )

    page = _get(
        client, f"/monitor/vergleich/?lauf={cli_run}&lauf={other_run}&lauf={base_run}&jahr={year}"
    ).content.decode()
    row = re.search(
        r'<th scope="row" class="kern-table__cell">Kassel[^<]*</th>(.*?)</tr>', page, re.S
    )
    numbers = [
        _number(n)[0] for n in re.findall(r"kern-table__cell--numeric\">([^<]+)<", row.group(1))
    ]
    # the base run first, then the others in the order given
    gaps = [gap(base_run), gap(cli_run), gap(other_run)]
    expected = [*gaps, gaps[1] - gaps[0], gaps[2] - gaps[0]]
    assert numbers == [pytest.approx(round(v), abs=1) for v in expected]
    assert page.count("Unterschied zu Lauf 1:") >= 2
    assert gaps[1] != gaps[0]  # the third scenario really differs


# --- aggregates: built with the run, never in a request --------------------------------------


def test_forecast_run_command_builds_the_aggregates(cli_run, web_store, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(web_store))
    assert aggregates_ready(cli_run)
    info = json.loads((store.run_dir(cli_run) / "aggregates" / "aggregates.json").read_text())
    assert info["run_id"] == cli_run and info["sources"]["employment_year"] is not None


@pytest.fixture()
def bare_store(web_store, tmp_path, monkeypatch):
    """A store with the demo data and one run without aggregates; tasks run when told."""
    own = tmp_path / "store"
    own.mkdir()
    (own / "demo").symlink_to(web_store / "demo")
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(own))
    from fachkraefte.forecast.runner import load_tables, run_forecast

    tables = {n: f.filter(pl.col("ags").is_in(SUBSET[:2])) for n, f in load_tables().items()}
    return run_forecast(tables, years=2, data_vintage="demo-test")["run_id"]


def test_pages_never_build_aggregates_in_a_request(client: Client, bare_store):
    from fachkraefte.web.tasks.models import Task
    from fachkraefte.web.tasks.services import tasks_run_queued

    run_id = bare_store
    for url in (f"/monitor/?lauf={run_id}", "/monitor/", f"/monitor/kreise/06411/?lauf={run_id}"):
        response = _get(client, url, status=503)
        assert response["Retry-After"] == "30"
        assert "werden gerade berechnet" in response.content.decode()
    response = _get(client, f"/api/forecasts/{run_id}/values/?region=06411", status=503)
    assert "vorbereitet" in response.json()["detail"]
    response = _get(client, f"/monitor/einbetten/karte/?lauf={run_id}", status=503)
    assert not aggregates_ready(run_id)  # nothing was built inside the requests
    assert Task.objects.filter(kind="monitor.aggregates", params__run_id=run_id).count() == 1
    assert tasks_run_queued() == 1
    assert aggregates_ready(run_id)
    assert "Darmstadt" in _get(client, f"/monitor/?lauf={run_id}").content.decode()
    assert _get(client, f"/api/forecasts/{run_id}/values/?region=06411").json()["count"] > 0
