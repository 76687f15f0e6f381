"""The engine benchmark's floor counts the passes of the engine's year (``benchmarks/``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from fachkraefte.forecast.engine import N_AGES, EngineInputs

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "forecast_passes.py"
_SPEC = importlib.util.spec_from_file_location("forecast_passes", _PATH)
forecast_passes = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(forecast_passes)


def _inputs(**kwargs) -> EngineInputs:
    rng = np.random.default_rng(0)
    shape = (2, 3, 1, 2, N_AGES)
    stock = rng.uniform(0, 10, shape).astype(np.float32)
    entries = np.zeros(shape, dtype=np.float32)
    entries[..., 5:10] = 1.0
    return EngineInputs(stock, np.full(N_AGES, 0.01, dtype=np.float32), entries, **kwargs)


def test_pass_count_grows_with_the_flows_the_engine_records():
    """Recording every flow adds three products (migration, participation, exits), each
    written and reduced."""
    lean = forecast_passes.floor_passes(_inputs(), flows=False)
    full = forecast_passes.floor_passes(_inputs(), flows=True)
    assert lean == pytest.approx({"writes": 1 + 5 / N_AGES, "reductions": 1.0})
    assert full == pytest.approx({"writes": 4 + 5 / N_AGES, "reductions": 4.0})


def test_scaled_entries_and_mobility_groups_add_their_share_of_a_pass():
    mobility = np.zeros((3, 3))
    mobility[0, 1] = 0.1  # one group: occupation 0 gives, occupation 1 takes
    inputs = _inputs(mobility=mobility, entry_factor=np.full(4, 0.9))
    lean = forecast_passes.floor_passes(inputs, flows=False)
    full = forecast_passes.floor_passes(inputs, flows=True)
    assert lean == pytest.approx({"writes": 1 + 10 / N_AGES + 2 / 3, "reductions": 1.0})
    assert full == pytest.approx(
        {"writes": 4 + 10 / N_AGES + 2 / 3 + 1 / 3, "reductions": 4 + 1 / 3 + 1 / 3}
    )


def test_level_moves_add_their_share_of_a_pass():
    """One pair of levels (of 2) moving at 10 of the 60 ages: 3 writes and, with flows, one
    reduction of a twelfth of a level's half of the state: 3 · 10 / 60 / 2 = 0.25."""
    rng = np.random.default_rng(0)
    shape = (2, 3, 2, 2, N_AGES)
    moves = np.zeros((2, 2, N_AGES))
    moves[0, 1, 20:30] = 0.01
    inputs = EngineInputs(
        rng.uniform(0, 10, shape).astype(np.float32),
        np.full(N_AGES, 0.01, dtype=np.float32),
        np.zeros(shape, dtype=np.float32),
        level_moves=moves,
    )
    lean = forecast_passes.floor_passes(inputs, flows=False)
    full = forecast_passes.floor_passes(inputs, flows=True)
    assert lean == pytest.approx({"writes": 1.25, "reductions": 1.0})
    assert full == pytest.approx({"writes": 4.25, "reductions": 4 + 0.25 / 3})


def test_the_benchmark_module_carries_the_doctest_of_its_count():
    import doctest

    result = doctest.testmod(forecast_passes)
    assert result.attempted > 0 and result.failed == 0
