"""Two small forecast runs on a subset of the demo data, made once per session.

Five Kreise and six years keep a run at a few seconds; the base run has a small Monte Carlo
ensemble (bands), the immigration run is deterministic (no bands), so both cases are covered.
"""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte.forecast.runner import load_tables, run_forecast
from fachkraefte.reports import build_aggregates
from fachkraefte.sources.demo import load_demo_table

SUBSET = ("06411", "06412", "06435", "06531", "06611")
YEARS = 6


@pytest.fixture(scope="session")
def monitor_runs(web_store) -> dict[str, str]:
    """{"basis": run id (20 Monte Carlo draws), "zuwanderung": run id (deterministic)}."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(web_store))
        tables = {
            name: frame.filter(pl.col("ags").is_in(SUBSET)) for name, frame in load_tables().items()
        }
        runs = {
            "basis": run_forecast(tables, years=YEARS, draws=20, data_vintage="demo-test"),
            "zuwanderung": run_forecast(
                tables, scenario="zuwanderung_plus_20", years=YEARS, data_vintage="demo-test"
            ),
        }
        # The profile aggregates (age, bottleneck scores) from the same five Kreise.
        sources = {
            name: load_demo_table(name).filter(pl.col("ags").is_in(SUBSET))
            for name in ("employment", "labour_market", "wages", "graduates")
        }
        for metadata in runs.values():
            build_aggregates(metadata["run_id"], tables=sources)
    return {name: metadata["run_id"] for name, metadata in runs.items()}


@pytest.fixture()
def base_run(monitor_runs) -> str:
    return monitor_runs["basis"]


@pytest.fixture()
def other_run(monitor_runs) -> str:
    return monitor_runs["zuwanderung"]


@pytest.fixture(scope="session")
def cli_run(web_store, monitor_runs) -> str:
    """A third run ("Ausbildung +10 %", 5 draws) made by ``fachkraefte forecast run`` on the
    same five Kreise: the command itself builds the monitor's aggregates."""
    from typer.testing import CliRunner

    from fachkraefte.cli_forecast import app
    from fachkraefte.forecast import runner

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(web_store))
        subset = {
            name: frame.filter(pl.col("ags").is_in(SUBSET))
            for name, frame in runner.load_tables().items()
        }
        patch.setattr(runner, "load_tables", lambda _root=None: subset)
        result = CliRunner().invoke(
            app, ["run", "--scenario", "ausbildung_plus_10", "--years", str(YEARS), "--draws", "5"]
        )
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]
