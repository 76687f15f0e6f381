"""Aggregates of a forecast run: sums over occupations, levels and the Land agree with the run."""

from __future__ import annotations

import json

import polars as pl
import pytest

from fachkraefte.forecast import store
from fachkraefte.reports import ALL, ALL_NIVEAUS, aggregates
from fachkraefte.reports.aggregates import build_aggregates, ensure_aggregates, read_aggregate


@pytest.fixture()
def built(run_id, small_tables):
    build_aggregates(run_id, tables=small_tables)
    return run_id


def test_cube_sums_equal_the_cells(built):
    results = store.read_frame(built)
    cube = read_aggregate(built, "cube")
    year = int(results["year"].max())
    cell = results.filter((pl.col("ags") == "06412") & (pl.col("year") == year))
    total = cube.filter(
        (pl.col("ags") == "06412")
        & (pl.col("year") == year)
        & (pl.col("kldb3") == ALL)
        & (pl.col("niveau") == ALL_NIVEAUS)
    )
    assert total["demand"].item() == pytest.approx(cell["demand"].sum())
    assert total["supply"].item() == pytest.approx(cell["supply"].sum())
    # relative gap and level recomputed from the sums, never averaged
    assert total["gap_rel"].item() == pytest.approx(
        (cell["demand"].sum() - cell["supply"].sum()) / cell["demand"].sum()
    )
    land = cube.filter(
        (pl.col("ags") == "06")
        & (pl.col("year") == year)
        & (pl.col("kldb3") == "813")
        & (pl.col("niveau") == 2)
    )
    one_cell = results.filter(
        (pl.col("year") == year) & (pl.col("kldb3") == "813") & (pl.col("niveau") == 2)
    )
    assert land["demand"].item() == pytest.approx(one_cell["demand"].sum())
    # every combination: 3 Kreise + 1 Land, 6 groups + all, 4 levels + all, 5 years
    assert cube.height == 4 * 7 * 5 * 5


def test_bands_are_the_stored_quantiles_of_each_level(built):
    """Cell and Land bands come from the run's level bands (quantiles of the level's sum over
    the draws), never from adding up the cells' quantiles."""
    cube = read_aggregate(built, "cube").filter(pl.col("niveau") == ALL_NIVEAUS)
    uncertainty = store.read_frame(built, "uncertainty")
    bands = store.read_frame(built, "bands")
    year = int(uncertainty["year"].max())
    cell = cube.filter(
        (pl.col("ags") == "06411") & (pl.col("kldb3") == "813") & (pl.col("year") == year)
    )
    source = uncertainty.filter(
        (pl.col("ags") == "06411") & (pl.col("kldb3") == "813") & (pl.col("year") == year)
    )
    assert cell["gap_p90"].item() == pytest.approx(source["gap_p90"].item())
    assert cell["band_exact"].item() is True
    total = cube.filter(
        (pl.col("ags") == "06") & (pl.col("kldb3") == ALL) & (pl.col("year") == year)
    )
    stored = bands.filter(
        (pl.col("region_level") == "land")
        & (pl.col("occupation_level") == "gesamt")
        & (pl.col("niveau") == 0)
        & (pl.col("year") == year)
    )
    assert total["band_exact"].item() is True
    for column in ("supply_p10", "supply_p50", "demand_p90", "gap_p10", "gap_p90"):
        assert total[column].item() == stored[column].item()
    assert total["gap_p90"].item() != pytest.approx(
        uncertainty.filter(pl.col("year") == year)["gap_p90"].sum(), rel=1e-6
    )
    niveau = read_aggregate(built, "cube").filter(pl.col("niveau") == 2)
    # per Niveau: a band for every Kreis and the Land over all occupations …
    assert niveau.filter(pl.col("kldb3") == ALL)["gap_p10"].null_count() == 0
    # … but not for a single Berufsgruppe × Niveau (the levels the ensemble sums to)
    assert niveau.filter(pl.col("kldb3") != ALL)["gap_p10"].null_count() > 0


def test_profile_and_age_structure(built, small_tables):
    meta = store.read_metadata(built)
    employment = small_tables["employment"].filter(
        (pl.col("year") == meta["base_year"]) & (pl.col("ags") == "06611")
    )
    profile = read_aggregate(built, "profile").filter(
        (pl.col("ags") == "06611") & (pl.col("kldb3") == ALL) & (pl.col("niveau") == 0)
    )
    older = employment.filter(pl.col("age_band").is_in(aggregates.OLDER_BANDS))["employees"].sum()
    assert profile["employees"].item() == employment["employees"].sum()
    assert profile["share_55"].item() == pytest.approx(older / employment["employees"].sum())
    assert (
        profile["bottleneck_score"].item() is None or 0 <= profile["bottleneck_score"].item() <= 3
    )
    age = read_aggregate(built, "age").filter(
        (pl.col("ags") == "06611") & (pl.col("kldb3") == ALL) & (pl.col("niveau") == 0)
    )
    assert age["employees"].sum() == employment["employees"].sum()
    replacement = read_aggregate(built, "replacement").filter(
        (pl.col("ags") == "06") & (pl.col("kldb3") == ALL)
    )
    ratio = store.read_frame(built, "replacement_ratio")
    assert replacement["age_64"].sum() == pytest.approx(ratio["age_64"].sum())


def test_outdated_aggregates_are_rebuilt_once(built, monkeypatch):
    folder = aggregates.aggregates_dir(built)
    marker = folder / "aggregates.json"
    info = json.loads(marker.read_text())
    assert info["version"] == aggregates.VERSION and info["run_id"] == built
    stamp = marker.stat().st_mtime_ns
    assert ensure_aggregates(built) == folder and marker.stat().st_mtime_ns == stamp  # cached
    marker.write_text(json.dumps({**info, "version": -1}))
    ensure_aggregates(built)
    assert json.loads(marker.read_text())["version"] == aggregates.VERSION
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".aggregates")]


def test_unknown_aggregate_and_run(run_id):
    with pytest.raises(KeyError):
        read_aggregate(run_id, "nothing")
    with pytest.raises(FileNotFoundError):
        read_aggregate("no-such-run", "cube")


def test_source_tables_read_the_runs_recorded_vintages_not_the_current_ones(monkeypatch):
    import polars as pl

    from fachkraefte.reports.aggregates import source_tables
    from fachkraefte.sources import vintages

    stored = {  # vintage id → tables it holds
        "beschaeftigung-2023": {"employment"},
        "arbeitsmarkt-2023": {"labour_market", "wages"},
        "beschaeftigung-2025": {"employment", "labour_market"},  # the newer, current one
    }
    calls = []

    def load_table(table, *, vintage_id=None):
        calls.append((table, vintage_id))
        if vintage_id is None or table not in stored.get(vintage_id, ()):
            raise vintages.VintageError(f"{vintage_id} has no {table}")
        return pl.DataFrame({"vintage": [vintage_id]})

    def current_vintage(_table):  # must never be asked: the run's own vintages count
        raise AssertionError("source_tables asked for the current vintage")

    monkeypatch.setattr(vintages, "load_table", load_table)
    monkeypatch.setattr(vintages, "current_vintage", current_vintage)
    tables = source_tables(
        {
            "data_vintage": "imported:beschaeftigung-2023+arbeitsmarkt-2023",
            "vintages": {"employment": "beschaeftigung-2023"},
        }
    )
    assert tables["employment"]["vintage"].item() == "beschaeftigung-2023"
    assert tables["labour_market"]["vintage"].item() == "arbeitsmarkt-2023"
    assert tables["wages"]["vintage"].item() == "arbeitsmarkt-2023"
    assert "graduates" not in tables  # in none of the run's vintages: left out
    assert all(vintage_id != "beschaeftigung-2025" for _table, vintage_id in calls)
    # a run recording an unknown vintage gets no tables, not today's data
    assert source_tables({"data_vintage": "gibt-es-nicht"}) == {}


def test_source_tables_of_an_outdated_demo_build_are_left_out(monkeypatch):
    from fachkraefte.reports.aggregates import source_tables
    from fachkraefte.sources import demo

    class Manifest:
        seed, generator_version = 7, "9.9"

    monkeypatch.setattr(demo, "demo_manifest", lambda: Manifest())
    monkeypatch.setattr(demo, "load_demo_table", lambda name: name)
    assert source_tables({"data_vintage": "demo-8-9.9"}) == {}
    assert set(source_tables({"data_vintage": "demo-7-9.9"})) == {
        "employment",
        "labour_market",
        "wages",
        "graduates",
    }
