"""A run's peer set: built from the run's aggregates, stored with the run, read by the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fachkraefte.cli import app
from fachkraefte.forecast.runner import run_forecast
from fachkraefte.peers import load_peer_set
from fachkraefte.reports import build_aggregates
from fachkraefte.reports.peer_sets import peer_set


@pytest.fixture(scope="module")
def peer_store(tmp_path_factory, small_tables):
    """A run of its own whose aggregates hold the profile (age, bottleneck scores)."""
    store = tmp_path_factory.mktemp("peers-store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(store))
        run = run_forecast(small_tables, years=3, draws=0, data_vintage="demo-peers")["run_id"]
        build_aggregates(run, tables=small_tables)
    return store, run


@pytest.fixture()
def run_id(peer_store, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(peer_store[0]))
    return peer_store[1]


def test_peer_set_is_built_once_and_stored_with_the_run(run_id):
    made = peer_set(run_id)
    assert set(made.reference) == {"06411", "06412", "06611"}
    assert made.meta["run_id"] == run_id and made.meta["data_vintage"] == "demo-peers"
    stored = load_peer_set(run_id)
    assert stored is not None and stored.mean == made.mean
    assert {"density_log", "share_55", "share_under_30", "gap:8"} <= set(made.weights)
    # Darmstadt, Frankfurt and Kassel are all BBSR type 1: a label, but no spread to compare.
    assert "kreistyp" in made.missing
    assert made.type_labels["06411"] == "kreisfreie Großstadt"


def test_cli_lists_similar_districts_with_reasons(run_id):
    result = CliRunner().invoke(
        app, ["regions", "similar", "06411", "--k", "2", "--run", run_id, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["rank"] for r in rows] == [1, 2]
    assert {r["ags"] for r in rows} == {"06412", "06611"}
    assert rows[0]["distance"] <= rows[1]["distance"]
    assert all(r["reason"].startswith("beide: ") for r in rows if r["contributions"])
    assert rows[0]["contributions"] == sorted(
        rows[0]["contributions"], key=lambda c: -c["contribution"]
    )


def test_cli_refuses_a_district_outside_the_run(run_id):
    result = CliRunner().invoke(app, ["regions", "similar", "09162", "--run", run_id])
    assert result.exit_code != 0
    assert "09162" in result.output
