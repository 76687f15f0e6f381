"""Occupational mobility: a matrix estimated from the employment series (a scenario), and files.

Not part of the base run. The matrix below is estimated from the same employment series whose
trend defines demand, and with a set share λ it narrows every gap by construction; no
independent data on flows between Berufsgruppen is imported. So it is offered as the named
scenario ``berufswechsel_wie_geschaetzt`` (``scenarios/berufswechsel.toml``) with λ shown as an
assumption, and as a sensitivity run (``fachkraefte forecast run --mobility estimated``, or a
scenario with another ``mobility_share``).

The engine takes ``M[o, p]``, the share of occupation o's workers who move to p per year (the
diagonal is ignored). Official flow tables by KldB Berufsgruppe are not part of the data the
project imports, so the default matrix is estimated from what is there — the yearly stock of
employees per Berufsgruppe — in two steps (equations in docs/forecast-model.md, section 2a):

1. **Residual.** For every pair of consecutive years the model is calibrated at the first year
   and projected one year *without* mobility; the relative difference between the observed and
   the projected stock of each Berufsgruppe (Hessen total) is what ageing, exits, entries and
   migration do not explain. The residuals of all year pairs are averaged.
2. **Allocation.** Within each KldB Berufsbereich (first digit) the employment-weighted mean
   residual is removed (a common shift of a whole Bereich is not mobility), a share
   ``SHARE_ATTRIBUTED`` of the rest is taken to be net mobility, and the persons that the
   losing Berufsgruppen give are allocated to the gaining ones of the same Bereich by
   biproportional fitting (RAS) to a proximity prior: weight 1 inside the same Berufshauptgruppe
   (two digits), ``SAME_BEREICH_WEIGHT`` between Hauptgruppen of the Bereich, 0 across Bereiche.

The result moves, per year, exactly ``SHARE_ATTRIBUTED`` times the Bereich-demeaned residual
(in persons) of every Berufsgruppe; it has no flows across Berufsbereiche, so it is sparse.

>>> import numpy as np
>>> m = allocate_flows(np.array([-0.02, 0.02]), np.array([100.0, 100.0]), ["811", "813"])
>>> m.round(3).tolist()
[[0.0, 0.01], [0.0, 0.0]]
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from fachkraefte.forecast.engine import InputError, project

SHARE_ATTRIBUTED = 0.5
"""λ: share of the Bereich-demeaned residual taken to be occupational mobility (assumption)."""
SAME_BEREICH_WEIGHT = 0.25
"""Prior weight of a move to another Hauptgruppe of the same Berufsbereich (same HG = 1)."""
MAX_OUT_RATE = 0.05
"""Cap on the yearly share leaving one Berufsgruppe (keeps single noisy groups in bounds)."""
MOBILITY_CHOICES = ("none", "estimated")
"""Values of the ``mobility`` option besides a file path."""


class MobilityError(ValueError):
    """A mobility file or option is wrong; the message names the file, row, field and value."""


@dataclass(frozen=True)
class MobilityEstimate:
    """The estimated matrix with what it was estimated from (recorded in run metadata)."""

    matrix: np.ndarray  # (O, O) share per year, zero diagonal
    kldb3: list[str]
    residual_rate: np.ndarray  # (O,) mean relative residual per Berufsgruppe
    stock: np.ndarray  # (O,) employees in the last year, Hessen (all districts) total
    year_pairs: list[tuple[int, int]]
    share: float = SHARE_ATTRIBUTED

    def metadata(self) -> dict[str, Any]:
        return {
            "source": "estimated",
            "method": "residual-allocation",
            "assumption": (
                "Anteil λ des unerklärten Rests als Berufswechsel gesetzt, nicht geschätzt; "
                "dieselbe Reihe bestimmt den Bedarf / share λ of the unexplained residual set, "
                "not estimated; the same series defines demand"
            ),
            "share_attributed": self.share,
            "same_bereich_weight": SAME_BEREICH_WEIGHT,
            "out_rate_cap": MAX_OUT_RATE,
            "year_pairs": [list(p) for p in self.year_pairs],
            **matrix_summary(self.matrix, self.stock),
        }


def matrix_summary(matrix: np.ndarray, stock: np.ndarray | None = None) -> dict[str, Any]:
    """Non-zero flows, the largest out-rate and (with stocks) persons moved per year."""
    m = np.array(matrix, dtype=np.float64)
    np.fill_diagonal(m, 0.0)
    out: dict[str, Any] = {"nonzero": int(np.count_nonzero(m)), "max_out_rate": 0.0}
    if m.size:
        out["max_out_rate"] = round(float(m.sum(axis=1).max()), 6)
    if stock is not None:
        out["persons_moving_per_year"] = round(float((m.sum(axis=1) * stock).sum()), 1)
    return out


def transition_matrix(matrix: np.ndarray) -> np.ndarray:
    """Row-stochastic form ``P = M_offdiag + diag(1 − Σ_p M[o, p])``: rows sum to 1.

    >>> transition_matrix(np.array([[0.3, 0.1], [0.0, 0.0]])).tolist()
    [[0.9, 0.1], [0.0, 1.0]]
    """
    m = np.array(matrix, dtype=np.float64)
    np.fill_diagonal(m, 0.0)
    return m + np.diag(1.0 - m.sum(axis=1))


def _ras(prior: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Biproportional fit of ``prior`` (all positive) to row and column sums (equal totals)."""
    flows = prior * (rows[:, None] / prior.sum(axis=1, keepdims=True))
    for _ in range(1000):
        flows *= cols / flows.sum(axis=0)
        flows *= (rows / flows.sum(axis=1))[:, None]
        if np.abs(flows.sum(axis=0) - cols).max() <= 1e-10 * max(1.0, cols.max()):
            break
    return flows


def allocate_flows(
    residual_rate: np.ndarray,
    stock: np.ndarray,
    kldb3: list[str],
    *,
    share: float = SHARE_ATTRIBUTED,
    same_bereich_weight: float = SAME_BEREICH_WEIGHT,
    max_out_rate: float = MAX_OUT_RATE,
) -> np.ndarray:
    """Mobility matrix (O, O) from residual growth rates per Berufsgruppe (step 2 above).

    ``residual_rate[o]``: unexplained relative stock change per year; ``stock[o]``: persons.
    Zero residuals (or ``share=0``) give the zero matrix.
    """
    rate = np.nan_to_num(np.asarray(residual_rate, dtype=np.float64))
    stock = np.asarray(stock, dtype=np.float64)
    n = len(kldb3)
    if rate.shape != (n,) or stock.shape != (n,):
        raise InputError(
            f"Residuen {rate.shape} / Bestände {stock.shape} passen nicht zu {n} Berufsgruppen / "
            f"residuals and stocks do not match {n} Berufsgruppen"
        )
    if not 0.0 <= share <= 1.0 or not 0.0 < same_bereich_weight <= 1.0:
        raise InputError(
            f"share={share}, same_bereich_weight={same_bereich_weight}: erlaubt [0, 1] bzw. (0, 1]"
        )
    matrix = np.zeros((n, n))
    codes = np.array([str(c) for c in kldb3])
    for bereich in sorted({c[0] for c in codes}):
        idx = np.flatnonzero([code[0] == bereich for code in codes])
        size = stock[idx]
        if size.sum() <= 0:
            continue
        mean = float((size * rate[idx]).sum() / size.sum())
        deviation = (rate[idx] - mean) * size * share  # persons; sums to 0 within the Bereich
        give = np.minimum(np.maximum(-deviation, 0.0), max_out_rate * size)
        take = np.maximum(deviation, 0.0)
        total = min(give.sum(), take.sum())
        if total <= 1e-9:
            continue
        give *= total / give.sum()
        take *= total / take.sum()
        donors, receivers = np.flatnonzero(give > 0), np.flatnonzero(take > 0)
        hg = np.array([c[:2] for c in codes[idx]])
        prior = np.where(hg[donors][:, None] == hg[receivers][None, :], 1.0, same_bereich_weight)
        flows = _ras(prior, give[donors], take[receivers])
        matrix[np.ix_(idx[donors], idx[receivers])] = flows / size[donors][:, None]
    return matrix


def _occupation_totals(employment: pl.DataFrame, year: int, kldb3: list[str]) -> np.ndarray:
    sums = (
        employment.filter(pl.col("year") == year)
        .group_by("kldb3")
        .agg(pl.col("employees").sum().cast(pl.Float64))
    )
    lookup = dict(zip(sums["kldb3"].to_list(), sums["employees"].to_list(), strict=True))
    return np.array([lookup.get(code, 0.0) for code in kldb3])


def occupation_residuals(
    tables: dict[str, pl.DataFrame], *, last_year: int | None = None
) -> tuple[np.ndarray, np.ndarray, list[str], list[tuple[int, int]]]:
    """Mean relative residual per Berufsgruppe over consecutive years (step 1 above).

    Returns ``(residual_rate, stock_last_year, kldb3, year_pairs)``. Needs ≥ 2 employment
    years up to ``last_year`` (default: the last one); with fewer the residuals are zero.
    """
    from fachkraefte.forecast.adapter import inputs_from_tables  # adapter imports the engine

    emp = tables["employment"]
    years = sorted(y for y in emp["year"].unique().to_list() if last_year is None or y <= last_year)
    kldb3 = sorted(emp["kldb3"].unique().to_list())
    if not years:
        raise InputError("Tabelle 'employment' ist leer / table 'employment' is empty")
    pairs = [(a, b) for a, b in zip(years[:-1], years[1:], strict=True) if b == a + 1]
    rates = []
    for y0, y1 in pairs:
        past = {k: v.filter(pl.col("year") <= y0) for k, v in tables.items() if "year" in v.columns}
        model = inputs_from_tables(
            past["population"],
            past["employment"],
            past["graduates"],
            trainees=past.get("trainees"),
            history_start=y0,
        )
        supply = project(model.inputs, 1, flows=False).supply[1].sum(axis=(0, 2))
        # A Berufsgruppe without employees up to y0 is not in the model: align by code.
        projected = dict(zip(model.kldb3, supply, strict=True))
        predicted = np.array([projected.get(code, 0.0) for code in kldb3])
        start = _occupation_totals(emp, y0, kldb3)
        observed = _occupation_totals(emp, y1, kldb3)
        with np.errstate(divide="ignore", invalid="ignore"):
            rates.append(np.where(start > 0, (observed - predicted) / np.maximum(start, 1), 0.0))
    rate = np.mean(rates, axis=0) if rates else np.zeros(len(kldb3))
    return rate, _occupation_totals(emp, years[-1], kldb3), kldb3, pairs


def estimate_mobility(
    tables: dict[str, pl.DataFrame],
    *,
    last_year: int | None = None,
    share: float = SHARE_ATTRIBUTED,
) -> MobilityEstimate:
    """The estimated mobility matrix (scenario ``berufswechsel_wie_geschaetzt``) from the
    tables' employment series, with λ = ``share``."""
    rate, stock, kldb3, pairs = occupation_residuals(tables, last_year=last_year)
    matrix = allocate_flows(rate, stock, kldb3, share=share)
    return MobilityEstimate(matrix, kldb3, rate, stock, pairs, share)


def mobility_frame(matrix: np.ndarray, kldb3: list[str]) -> pl.DataFrame:
    """Non-zero off-diagonal flows as a long table ``from_kldb3, to_kldb3, share``."""
    m = np.array(matrix, dtype=np.float64)
    np.fill_diagonal(m, 0.0)
    src, dst = np.nonzero(m)
    return pl.DataFrame(
        {
            "from_kldb3": [kldb3[i] for i in src],
            "to_kldb3": [kldb3[j] for j in dst],
            "share": m[src, dst],
        },
        schema={"from_kldb3": pl.String, "to_kldb3": pl.String, "share": pl.Float64},
    )


def _file_rows(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(location, row) pairs from a CSV (header from_kldb3,to_kldb3,share) or TOML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MobilityError(f"{path}: nicht lesbar / cannot read: {exc}") from None
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise MobilityError(f"{path}: kein gültiges TOML / invalid TOML: {exc}") from None
        flows = data.get("flows")
        if not isinstance(flows, list):
            raise MobilityError(
                f"{path}: Feld 'flows' fehlt oder ist keine Liste von Tabellen ([[flows]]) / "
                f"field 'flows' missing or not an array of tables"
            )
        return [(f"{path}: flows[{i}]", row) for i, row in enumerate(flows)]
    if path.suffix.lower() != ".csv":
        raise MobilityError(
            f"{path}: Dateiendung {path.suffix!r}, erlaubt .csv oder .toml / "
            f"extension {path.suffix!r}, allowed .csv or .toml"
        )
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    missing = [c for c in ("from_kldb3", "to_kldb3", "share") if c not in header]
    if missing:
        raise MobilityError(
            f"{path}: Spalte(n) {missing} fehlen (Kopfzeile {header}) / missing columns {missing}"
        )
    return [(f"{path}: Zeile {i + 2}", row) for i, row in enumerate(reader)]


def load_mobility_file(path: Path | str, kldb3: list[str]) -> np.ndarray:
    """Read a mobility matrix for the model's Berufsgruppen from CSV or TOML.

    Each row/entry names ``from_kldb3``, ``to_kldb3`` and ``share`` (yearly share of the
    source moving to the target, 0–1). Pairs not listed are 0; flows from or to a
    Berufsgruppe the model does not have are an error, as are self-flows, duplicates and
    row sums above 1.
    """
    path = Path(path)
    index = {code: i for i, code in enumerate(kldb3)}
    matrix = np.zeros((len(kldb3), len(kldb3)))
    seen: set[tuple[int, int]] = set()
    for where, row in _file_rows(path):
        if not isinstance(row, dict):
            raise MobilityError(f"{where}: keine Tabelle / not a table: {row!r}")
        cells = []
        for field in ("from_kldb3", "to_kldb3"):
            code = str(row.get(field, "")).strip()
            if code not in index:
                raise MobilityError(
                    f"{where}, Feld {field!r}, Wert {code!r}: Berufsgruppe nicht im Modell / "
                    f"field {field!r}, value {code!r}: Berufsgruppe not in the model"
                )
            cells.append(index[code])
        raw = row.get("share", "")
        try:
            share = float(raw)
        except (TypeError, ValueError):
            share = float("nan")
        if isinstance(raw, bool) or not 0.0 <= share <= 1.0:
            raise MobilityError(
                f"{where}, Feld 'share', Wert {raw!r}: Zahl in [0, 1] erwartet / "
                f"field 'share', value {raw!r}: expected a number in [0, 1]"
            )
        o, p = cells
        if o == p:
            raise MobilityError(
                f"{where}, Feld 'to_kldb3', Wert {kldb3[p]!r}: gleich 'from_kldb3' (kein Wechsel) / "
                f"same as 'from_kldb3' (not a move)"
            )
        if (o, p) in seen:
            raise MobilityError(f"{where}: Paar {kldb3[o]}→{kldb3[p]} doppelt / pair listed twice")
        seen.add((o, p))
        matrix[o, p] = share
    sums = matrix.sum(axis=1)
    if (sums > 1.0 + 1e-9).any():
        o = int(np.argmax(sums))
        raise MobilityError(
            f"{path}: Summe der Anteile aus {kldb3[o]!r} = {sums[o]:.4f} > 1 / "
            f"shares leaving {kldb3[o]!r} sum to {sums[o]:.4f} > 1"
        )
    return matrix
