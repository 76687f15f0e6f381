"""A tiny forecast run (3 Kreise × 6 Berufsgruppen of the demo, 4 years, 10 draws) per session."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from fachkraefte.forecast.runner import run_forecast
from fachkraefte.sources.demo import DEFAULT_SEED, generate_demo_tables

AGS = ["06411", "06412", "06611"]
KLDB = ["221", "511", "621", "813", "814", "841"]


@pytest.fixture(scope="session")
def small_tables() -> dict[str, pl.DataFrame]:
    out = {}
    for name, frame in generate_demo_tables(DEFAULT_SEED).items():
        df = frame.filter(pl.col("ags").is_in(AGS)) if "ags" in frame.columns else frame
        out[name] = df.filter(pl.col("kldb3").is_in(KLDB)) if "kldb3" in df.columns else df
    return out


@pytest.fixture(scope="session")
def small_store(tmp_path_factory, small_tables) -> Path:
    return tmp_path_factory.mktemp("reports-store")


@pytest.fixture(scope="session")
def small_run(small_store, small_tables) -> str:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(small_store))
        return run_forecast(small_tables, years=4, draws=10, data_vintage="demo-test")["run_id"]


@pytest.fixture()
def run_id(small_run, small_store, monkeypatch) -> str:
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(small_store))
    return small_run
