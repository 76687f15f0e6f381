"""Small demo tables for forecast tests: 3 Kreise × 6 Berufsgruppen of the synthetic demo."""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte.sources.demo import DEFAULT_SEED, generate_demo_tables

AGS = ["06411", "06412", "06413"]
KLDB = ["011", "221", "511", "621", "813", "814"]


@pytest.fixture(scope="session")
def demo_tables() -> dict[str, pl.DataFrame]:
    tables = generate_demo_tables(DEFAULT_SEED)
    out = {}
    for name, frame in tables.items():
        df = frame.filter(pl.col("ags").is_in(AGS)) if "ags" in frame.columns else frame
        if "kldb3" in df.columns:
            df = df.filter(pl.col("kldb3").is_in(KLDB))
        out[name] = df
    return out


@pytest.fixture
def demo_dir(tmp_path, demo_tables):
    root = tmp_path / "demo"
    root.mkdir()
    for name, frame in demo_tables.items():
        frame.write_parquet(root / f"{name}.parquet")
    return root
