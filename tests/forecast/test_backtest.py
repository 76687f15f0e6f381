"""Backtest harness on the demo series and the ``run --draws`` path."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from fachkraefte.cli_forecast import app
from fachkraefte.forecast import store
from fachkraefte.forecast.backtest import backtest
from fachkraefte.forecast.engine import InputError


def test_backtest_on_demo_series(demo_tables):
    out = backtest(demo_tables, 2021, 3)
    assert set(out["measure"]) == {"supply", "demand"}
    assert set(out["level"]) == {"berufsgruppe", "hauptgruppe", "bereich", "gesamt"}
    assert out.filter(pl.col("level") == "gesamt").height == 2 * 3
    assert (out["mape"] >= 0).all()
    # Aggregates err less than cells: errors partly cancel when summing.
    one = out.filter((pl.col("horizon") == 1) & (pl.col("measure") == "demand"))
    mape = dict(zip(one["level"], one["mape"], strict=True))
    assert mape["gesamt"] <= mape["berufsgruppe"] + 1e-9
    # One year ahead the trend should be within 10 % for the whole region.
    assert mape["gesamt"] < 0.10


def test_backtest_rejects_horizon_beyond_data(demo_tables):
    with pytest.raises(InputError, match="2023"):
        backtest(demo_tables, 2023, 5)


def test_run_with_monte_carlo_and_backtest_cli(data_dir, demo_dir):
    runner = CliRunner()
    result = runner.invoke(
        app, ["run", "--years", "3", "--draws", "8", "--seed", "5", "--demo-dir", str(demo_dir)]
    )
    assert result.exit_code == 0, result.output
    run_id = result.stdout.strip().splitlines()[-1]
    meta = store.read_metadata(run_id)
    assert meta["draws"] == 8 and meta["seed"] == 5 and "uncertainty" in meta["tables"]
    unc = store.read_frame(run_id, "uncertainty")
    assert {"gap_p10", "gap_p50", "gap_p90"} <= set(unc.columns)
    bt = runner.invoke(
        app,
        [
            "backtest",
            "--origin",
            "2022",
            "--horizon",
            "2",
            "--demo-dir",
            str(demo_dir),
            "--format",
            "json",
        ],
    )
    assert bt.exit_code == 0, bt.output
    rows = json.loads(bt.stdout)
    # one row per level, the methods side by side
    assert [r["level"] for r in rows] == ["berufsgruppe", "hauptgruppe", "bereich", "land"]
    assert {"mape_model_supply", "mape_carry_forward", "bias_naive_trend"} <= set(rows[0])
    assert all(0 <= r["coverage_model_supply"] <= 1 for r in rows)

    # Bands travel with the export: the stored level bands, and the Kreis bands beside the rows.
    bands_csv = data_dir / "bands.csv"
    done = runner.invoke(app, ["export", run_id, str(bands_csv), "--table", "bands"])
    assert done.exit_code == 0, done.output
    bands = pl.read_csv(bands_csv, schema_overrides={"region": pl.String})
    assert {"regierungsbezirk", "land"} <= set(bands["region_level"])
    assert bands.filter(pl.col("region_level") == "land")["gap_p90"].null_count() == 0
    rows_csv = data_dir / "rows.csv"
    done = runner.invoke(app, ["export", run_id, str(rows_csv), "--level", "bereich"])
    assert done.exit_code == 0, done.output
    exported = pl.read_csv(rows_csv, schema_overrides={"ags": pl.String, "kldb3": pl.String})
    assert exported["supply_p10_alle_niveaus"].null_count() == 0


def test_backtest_table_fits_a_terminal(demo_dir):
    """The terminal view: MAPE, bias and coverage as three tables, the methods side by side in
    percent, nothing cut off in 80 columns (the CSV/JSON rows have 17 columns)."""
    bt = CliRunner().invoke(
        app,
        ["backtest", "--origin", "2023", "--horizon", "1", "--draws", "4"]
        + ["--demo-dir", str(demo_dir)],
        terminal_width=80,
    )
    assert bt.exit_code == 0, bt.output
    text = bt.stdout
    for title in ("MAPE", "Bias", "P10–P90-Abdeckung"):
        assert f"Treffsicherheit / accuracy: {title}" in text
    assert text.count("berufsgruppe") == 3 and "…" not in text
    assert text.count("naiver") == 2 and text.count("Fort-") == 2  # benchmarks have no band
    assert text.count("Bran-") == 2  # the industry path: the demo has employment_industry
    assert max(len(line) for line in text.splitlines()) <= 80
    # MAPE and bias: five methods; coverage: the two model paths with a band
    assert all(line.count("%") in (0, 2, 5) for line in text.splitlines() if "land" in line)
