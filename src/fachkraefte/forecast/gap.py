"""Gap = demand − supply, bottleneck classification and aggregation over hierarchies.

The level gap in year t is ``E(t) − S(t)``: employment demanded minus persons available.
Because the supply stock obeys ``S(t+1) = S(t) − exits + entries ± flows`` and the base year
is calibrated so that ``S(0) = E(0)``, the level gap equals the cumulated flow balance
(expansion + replacement demand − new supply); see docs/forecast-model.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from fachkraefte.forecast.engine import InputError

LEVELS = ("Engpass", "Anzeichen", "ausgeglichen", "Überhang")


@dataclass(frozen=True)
class Thresholds:
    """Relative gap (gap / demand) bounds for the bottleneck levels.

    Defaults follow the spirit of the BA Engpassanalyse: a shortfall of 10 % or more of demand
    is an "Engpass", 3 % to 10 % "Anzeichen", a surplus of 3 % or more "Überhang".
    """

    engpass: float = 0.10
    anzeichen: float = 0.03
    ueberhang: float = -0.03

    def __post_init__(self) -> None:
        if not self.ueberhang < self.anzeichen <= self.engpass:
            raise InputError(
                f"Schwellen: ueberhang={self.ueberhang} < anzeichen={self.anzeichen} ≤ "
                f"engpass={self.engpass} verletzt / thresholds not ordered"
            )


def relative_gap(demand: np.ndarray, supply: np.ndarray) -> np.ndarray:
    """``(demand − supply) / demand``; 0 where demand and supply are both 0, ±inf avoided."""
    demand = np.asarray(demand, dtype=np.float64)
    gap = demand - np.asarray(supply, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(demand > 0, gap / np.where(demand > 0, demand, 1.0), np.sign(gap) * -1.0)
    return np.where((demand == 0) & (gap == 0), 0.0, rel)


def classify(rel: np.ndarray, thresholds: Thresholds = Thresholds()) -> np.ndarray:
    """Bottleneck level per cell as strings from :data:`LEVELS`.

    >>> classify(np.array([0.2, 0.05, 0.0, -0.1])).tolist()
    ['Engpass', 'Anzeichen', 'ausgeglichen', 'Überhang']
    """
    rel = np.asarray(rel)
    idx = np.full(rel.shape, 2, dtype=np.int8)
    idx[rel >= thresholds.anzeichen] = 1
    idx[rel >= thresholds.engpass] = 0
    idx[rel <= thresholds.ueberhang] = 3
    return np.asarray(LEVELS, dtype=object)[idx]


def classify_frame(frame: pl.DataFrame, thresholds: Thresholds = Thresholds()) -> pl.DataFrame:
    """Add ``gap``, ``gap_rel`` and ``level`` from ``demand`` and ``supply`` columns."""
    demand = frame["demand"].to_numpy()
    supply = frame["supply"].to_numpy()
    rel = relative_gap(demand, supply)
    return frame.with_columns(
        pl.Series("gap", demand - supply),
        pl.Series("gap_rel", rel),
        pl.Series("level", classify(rel, thresholds).tolist(), dtype=pl.Utf8),
    )


def occupation_at_level(kldb3: str, level: str) -> str:
    """KldB 2010 code at a coarser level: Berufsbereich = 1st digit, Hauptgruppe = 2 digits."""
    digits = {"bereich": 1, "hauptgruppe": 2, "berufsgruppe": 3}
    if level not in digits:
        raise InputError(
            f"Berufsebene {level!r} unbekannt, erlaubt: {sorted(digits)} / unknown occupation level"
        )
    return kldb3[: digits[level]]


SUMMABLE = ("demand", "supply", "exits", "entries", "expansion", "replacement")


def aggregate(
    frame: pl.DataFrame,
    *,
    region_map: dict[str, str] | None = None,
    occupation_level: str = "berufsgruppe",
    by_niveau: bool = True,
    thresholds: Thresholds = Thresholds(),
) -> pl.DataFrame:
    """Sum a cell-level result frame to coarser regions/occupations/skills and re-classify.

    ``region_map`` maps each ``ags`` to its target region (e.g. Regierungsbezirk or Land);
    relative gaps and levels are recomputed from the summed demand and supply, never averaged.
    """
    df = frame
    if region_map is not None:
        missing = sorted(set(df["ags"].unique().to_list()) - set(region_map))
        if missing:
            raise InputError(
                f"Region {missing[0]!r} fehlt in der Zuordnung / region missing from map"
            )
        df = df.with_columns(pl.col("ags").replace_strict(region_map, return_dtype=pl.Utf8))
    if occupation_level != "berufsgruppe":
        digits = {"bereich": 1, "hauptgruppe": 2}.get(occupation_level)
        if digits is None:
            occupation_at_level("000", occupation_level)
        df = df.with_columns(pl.col("kldb3").str.slice(0, digits))
    keys = ["year", "ags", "kldb3"] + (["niveau"] if by_niveau and "niveau" in df.columns else [])
    sums = [pl.col(c).sum() for c in SUMMABLE if c in df.columns]
    out = df.group_by(keys).agg(sums).sort(keys)
    return classify_frame(out, thresholds)


DEFAULT_THRESHOLDS = Thresholds()
"""The documented default thresholds (see docs/forecast-model.md, section 4)."""
