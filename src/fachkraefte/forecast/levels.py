"""Aggregation levels of the Monte Carlo bands: regions × occupations (× Niveau).

A band of a region or occupation group is the quantile of the group's *sum* over the draws,
not the sum of its cells' quantiles (quantiles do not add up). So every draw is summed to
every level before the quantiles are taken; :class:`LevelIndex` holds the 0/1 matrices that
do this summing with two matrix products per draw.

Levels: Kreis, Regierungsbezirk and Land × Berufsgruppe, Berufshauptgruppe, Berufsbereich
and all occupations (:data:`ALL`), over all Anforderungsniveaus; and, per Niveau, the same
regions × Berufsbereich and all occupations. The Kreis × Berufsgruppe level is the cell
itself (its row of the matrices is a unit vector, so its sum is the cell's value exactly).

>>> idx = level_index(["06411", "06412"], ["221", "222", "511"], parents={})
>>> [r for r in idx.regions if r[0] != "kreis"]
[('regierungsbezirk', '064'), ('land', '06')]
>>> [o for o in idx.occupations if o[0] == "hauptgruppe"]
[('hauptgruppe', '22'), ('hauptgruppe', '51')]
>>> idx.occupation_matrix[idx.occupations.index(("hauptgruppe", "22"))].tolist()
[1.0, 1.0, 0.0]
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

REGION_LEVELS = ("kreis", "regierungsbezirk", "land")
OCCUPATION_LEVELS = ("berufsgruppe", "hauptgruppe", "bereich", "gesamt")
NIVEAU_OCCUPATION_LEVELS = ("bereich", "gesamt")
"""Occupation levels that also get a band per Anforderungsniveau (a band for every Kreis ×
Berufsgruppe × Niveau would quadruple the Monte Carlo's memory for little use)."""
NIVEAUS = (1, 2, 3, 4)
ALL = "all"
"""Occupation code of the level ``gesamt`` (the same value as ``reports.ALL``)."""
_DIGITS = {"berufsgruppe": 3, "hauptgruppe": 2, "bereich": 1, "gesamt": 0}


@dataclass(frozen=True, eq=False)
class LevelIndex:
    """Labels and summing matrices of the levels (rows) over the model's cells (columns)."""

    regions: list[tuple[str, str]]  # (level, code)
    region_matrix: np.ndarray  # (regions, R)
    occupations: list[tuple[str, str]]  # (level, code)
    occupation_matrix: np.ndarray  # (occupations, O)

    @functools.cached_property
    def niveau_occupations(self) -> np.ndarray:
        """Rows of :attr:`occupations` that also get a band per Niveau."""
        return np.array(
            [i for i, (lvl, _c) in enumerate(self.occupations) if lvl in NIVEAU_OCCUPATION_LEVELS],
            dtype=np.int64,
        )

    @functools.cached_property
    def _niveau_matrix_t(self) -> np.ndarray:
        return np.ascontiguousarray(self.occupation_matrix[self.niveau_occupations].T)

    @functools.cached_property
    def _occupation_matrix_t(self) -> np.ndarray:
        return np.ascontiguousarray(self.occupation_matrix.T)

    @property
    def size(self) -> int:
        """Number of level series per year and measure (all Niveaus, then per Niveau)."""
        n_r, n_o = len(self.regions), len(self.occupations)
        return n_r * n_o + n_r * len(self.niveau_occupations) * len(NIVEAUS)

    def _regions(self, values: np.ndarray) -> np.ndarray:
        """(T, R, K) → (T, regions, K): one matrix product over all years at once."""
        t1, n_r, k = values.shape
        flat = values.transpose(1, 0, 2).reshape(n_r, t1 * k)
        summed = self.region_matrix @ flat
        return summed.reshape(-1, t1, k).transpose(1, 0, 2)

    def sums(self, values: np.ndarray) -> np.ndarray:
        """(T+1, R, O, Q) cell values → (T+1, size) level sums (float64 accumulation).

        Two matrix products per part, each over all years at once (a batch of small
        per-year products costs about ten times as much here)."""
        v = np.asarray(values, dtype=np.float64)
        t1, n_r, n_o, n_q = v.shape
        total = (v.sum(axis=3).reshape(t1 * n_r, n_o) @ self._occupation_matrix_t).reshape(
            t1, n_r, -1
        )
        total = self._regions(total)  # (T+1, regions, occupations)
        by_q = np.ascontiguousarray(v.transpose(0, 1, 3, 2)).reshape(t1 * n_r * n_q, n_o)
        per_q = (by_q @ self._niveau_matrix_t).reshape(t1, n_r, n_q, -1)
        per_q = self._regions(per_q.transpose(0, 1, 3, 2).reshape(t1, n_r, -1))
        return np.concatenate([total.reshape(t1, -1), per_q.reshape(t1, -1)], axis=1)

    def cell_positions(self) -> np.ndarray:
        """Positions (in the level series) of the Kreis × Berufsgruppe cells, in (R, O) order."""
        n_o = len(self.occupations)
        kreis = [i for i, (lvl, _c) in enumerate(self.regions) if lvl == "kreis"]
        group = [i for i, (lvl, _c) in enumerate(self.occupations) if lvl == "berufsgruppe"]
        return (np.asarray(kreis)[:, None] * n_o + np.asarray(group)[None, :]).ravel()

    def labels(self) -> dict[str, np.ndarray]:
        """Per level series: region_level, region, occupation_level, occupation, niveau."""
        rl, rc = (np.asarray(x) for x in zip(*self.regions, strict=True))
        ol, oc = (np.asarray(x) for x in zip(*self.occupations, strict=True))
        n_r, n_o = len(rl), len(ol)
        niv = self.niveau_occupations
        cols = {
            "region_level": [np.repeat(rl, n_o)],
            "region": [np.repeat(rc, n_o)],
            "occupation_level": [np.tile(ol, n_r)],
            "occupation": [np.tile(oc, n_r)],
            "niveau": [np.zeros(n_r * n_o, dtype=np.int8)],
        }
        n_q, n_b = len(NIVEAUS), len(niv)
        cols["region_level"].append(np.repeat(rl, n_b * n_q))
        cols["region"].append(np.repeat(rc, n_b * n_q))
        cols["occupation_level"].append(np.tile(np.repeat(ol[niv], n_q), n_r))
        cols["occupation"].append(np.tile(np.repeat(oc[niv], n_q), n_r))
        cols["niveau"].append(np.tile(np.asarray(NIVEAUS, dtype=np.int8), n_r * n_b))
        return {k: np.concatenate(v) for k, v in cols.items()}


def region_parents(ags: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Kreis → (Regierungsbezirk, Land) from ``fachkraefte.geo``; Länder without
    Regierungsbezirke map the Kreis to the Land at both levels. Codes the register does not
    know (synthetic benchmark inputs) fall back to the AGS prefixes (3 and 2 digits)."""
    from fachkraefte import geo

    out = {}
    for code in ags:
        try:
            reg = geo.region(code)
            out[code] = (reg.parent_ags or reg.land_ags, reg.land_ags)
        except LookupError:
            out[code] = (code[:3], code[:2])
    return out


def level_index(
    ags: Sequence[str],
    kldb3: Sequence[str],
    *,
    parents: Mapping[str, tuple[str, str]] | None = None,
) -> LevelIndex:
    """The levels of a model with these Kreise and Berufsgruppen.

    ``parents``: Kreis → (Regierungsbezirk, Land); default :func:`region_parents`; codes
    missing from it use the AGS prefixes.
    """
    parents = region_parents(ags) if parents is None else parents
    regions: list[tuple[str, str]] = []
    region_rows: list[np.ndarray] = []
    for pos, level in enumerate(REGION_LEVELS):
        groups: dict[str, list[int]] = {}
        for i, code in enumerate(ags):
            key = code if pos == 0 else parents.get(code, (code[:3], code[:2]))[pos - 1]
            groups.setdefault(key, []).append(i)
        for key in sorted(groups):
            row = np.zeros(len(ags))
            row[groups[key]] = 1.0
            regions.append((level, key))
            region_rows.append(row)
    occupations: list[tuple[str, str]] = []
    occupation_rows: list[np.ndarray] = []
    for level in OCCUPATION_LEVELS:
        digits = _DIGITS[level]
        groups = {}
        for i, code in enumerate(kldb3):
            groups.setdefault(code[:digits] if digits else ALL, []).append(i)
        for key in sorted(groups):
            row = np.zeros(len(kldb3))
            row[groups[key]] = 1.0
            occupations.append((level, key))
            occupation_rows.append(row)
    return LevelIndex(regions, np.array(region_rows), occupations, np.array(occupation_rows))
