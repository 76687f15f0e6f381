"""Fit to need: the gap in the target cells, what the expected outcomes close of it, and the
need score that sorts proposals (docs/need.md).

The need score (0–100) of one cell in the assessment year combines three read-outs of the run,
each scaled to 0–1:

- gap: ``gap_rel / engpass`` (the run's "Engpass" threshold, 10 % of demand by default), capped
  at 1 — weight 0.5;
- bottleneck: the BA score ``/ 2`` (2.0 = "Engpassberuf"), capped at 1 — weight 0.3;
- demography: ``1 − replacement_ratio`` (fewer people aged 27 than aged 64), 0–1 — weight 0.2.

A missing read-out is left out and the weights of the others renormalised; several cells are
averaged weighted by their demand. The share closed is the persons the measures add in the
assessment year over the positive central gap of the target cells in that year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from fachkraefte.forecast import store
from fachkraefte.forecast.runner import SupplyModel
from fachkraefte.forecast.scenario import Measure
from fachkraefte.need.effect import measure_effect
from fachkraefte.need.gaps import gap_cells

WEIGHTS = {"gap": 0.5, "bottleneck": 0.3, "demography": 0.2}
ENGPASS_SCORE = 2.0
"""BA bottleneck score from which an occupation counts as "Engpassberuf"."""


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def cell_need(
    *,
    gap_rel: float | None,
    bottleneck_score: float | None,
    replacement_ratio: float | None,
    engpass: float = 0.10,
) -> float | None:
    """Need score of one cell, 0–100 (``None`` when the run says nothing about it).

    >>> cell_need(gap_rel=0.05, bottleneck_score=2.4, replacement_ratio=0.8)
    59.0
    >>> cell_need(gap_rel=0.05, bottleneck_score=None, replacement_ratio=None)
    50.0
    """
    parts = {
        "gap": None if gap_rel is None else _clip(gap_rel / engpass),
        "bottleneck": None if bottleneck_score is None else _clip(bottleneck_score / ENGPASS_SCORE),
        "demography": None if replacement_ratio is None else _clip(1.0 - replacement_ratio),
    }
    known = {k: v for k, v in parts.items() if v is not None}
    if not known:
        return None
    weight = sum(WEIGHTS[k] for k in known)
    return round(100 * sum(WEIGHTS[k] * v for k, v in known.items()) / weight, 1)


@dataclass(frozen=True)
class Assessment:
    """The fit of a set of target cells and measures to the need a forecast run shows."""

    run_id: str
    scenario: str
    base_year: int
    horizon: int
    year: int
    """The year of the summary (``share_closed``, ``need_score``)."""
    cells: pl.DataFrame
    """Per year × ags × kldb3: the :func:`~fachkraefte.need.gaps.gap_cells` columns plus
    added_supply, gap_after (central gap minus added supply) and share_closed."""
    need_score: float | None
    share_closed: float | None
    gap: float
    added: float
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values (what the web layer stores and the API returns)."""
        return {
            "run_id": self.run_id,
            "scenario": self.scenario,
            "base_year": self.base_year,
            "horizon": self.horizon,
            "year": self.year,
            "need_score": self.need_score,
            "share_closed": self.share_closed,
            "gap": self.gap,
            "added": self.added,
            "notes": list(self.notes),
            "cells": self.cells.to_dicts(),
        }


def _score(frame: pl.DataFrame, engpass: float) -> float | None:
    total = weight = 0.0
    for row in frame.iter_rows(named=True):
        score = cell_need(
            gap_rel=row["gap_rel"],
            bottleneck_score=row["bottleneck_score"],
            replacement_ratio=row["replacement_ratio"],
            engpass=engpass,
        )
        if score is None:
            continue
        w = max(float(row["demand"] or 0.0), 1e-9)
        total += w * score
        weight += w
    return round(total / weight, 1) if weight else None


def assess(
    run_id: str,
    *,
    cells: Iterable[tuple[str, str]],
    measures: Sequence[Measure] = (),
    year: int | None = None,
    tables: dict[str, pl.DataFrame] | None = None,
    supply: SupplyModel | None = None,
) -> Assessment:
    """Gap, contribution and need score of ``cells`` ((ags, kldb3) pairs) and ``measures``.

    ``year``: the assessment year (default: the run's horizon; clipped to the run's years).
    The cells of the measures are always included. ``tables``: the tables the run was made
    from (default: as the run recorded them); they are read only when there are measures.
    """
    metadata = store.read_metadata(run_id)
    base_year, years = int(metadata["base_year"]), int(metadata["years"])
    horizon = base_year + years
    year = horizon if year is None else min(max(int(year), base_year), horizon)
    targets = set(cells) | {(m.ags, m.kldb3) for m in measures}
    notes: list[str] = []
    gaps = gap_cells(run_id, targets)
    found = set(zip(gaps["ags"].to_list(), gaps["kldb3"].to_list(), strict=True))
    missing = sorted(targets - found)
    if missing:
        notes.append("Nicht im Prognoselauf: " + ", ".join(f"{a}/{o}" for a, o in missing))
    measures = [m for m in measures if (m.ags, m.kldb3) in found]
    effect = measure_effect(run_id, measures, tables=tables, supply=supply)
    frame = gaps.join(effect, on=["year", "ags", "kldb3"], how="left").with_columns(
        pl.col("added_supply").fill_null(0.0)
    )
    frame = frame.with_columns(gap_after=pl.col("gap") - pl.col("added_supply")).with_columns(
        share_closed=pl.when(pl.col("gap") > 0).then(pl.col("added_supply") / pl.col("gap"))
    )
    at = frame.filter(pl.col("year") == year)
    gap = float(at["gap"].clip(lower_bound=0).sum()) if at.height else 0.0
    added = float(at["added_supply"].sum()) if at.height else 0.0
    if at.height and gap <= 0:
        notes.append("Kein Fehlbedarf in den Zielberufen und -kreisen")
    engpass = float((metadata.get("thresholds") or {}).get("engpass", 0.10))
    return Assessment(
        run_id=run_id,
        scenario=str(metadata.get("scenario", "basis")),
        base_year=base_year,
        horizon=horizon,
        year=year,
        cells=frame,
        need_score=_score(at, engpass),
        share_closed=added / gap if gap > 0 else None,
        gap=gap,
        added=added,
        notes=tuple(notes),
    )
