"""Moves between Anforderungsniveaus over a career: yearly upgrading rates by age.

Fachkraft → Spezialist (Meister, Techniker, Fachwirt) and Helfer → Fachkraft (late
qualification) as rates by age, from ``skill_moves.toml`` (each with source and vintage). The
engine applies them as flows between the levels of a cell (``EngineInputs.level_moves``): what
one level loses the other gains, so the accounting identity holds per cell and the sum over
levels is unchanged.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from fachkraefte.common.ages import AGE_MAX, AGE_MIN, N_AGES

N_LEVELS = 4


@dataclass(frozen=True)
class LevelMove:
    """One row of ``skill_moves.toml``."""

    from_level: int
    to_level: int
    ages: tuple[int, int]
    rate: float
    status: str
    vintage: str
    source: str


def parse_moves(text: str) -> list[LevelMove]:
    """The ``[[move]]`` rows of a TOML text, checked: levels 1–4 and different, ages in the
    model's range and ordered, rate in [0, 0.5], source and vintage given."""
    moves = []
    for i, row in enumerate(tomllib.loads(text).get("move", [])):
        where = f"skill_moves [[move]] {i + 1}"
        try:
            move = LevelMove(
                from_level=int(row["from"]),
                to_level=int(row["to"]),
                ages=(int(row["ages"][0]), int(row["ages"][1])),
                rate=float(row["rate"]),
                status=str(row["status"]),
                vintage=str(row["vintage"]),
                source=" ".join(str(row["source"]).split()),
            )
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: field missing or malformed ({exc})") from None
        levels = (move.from_level, move.to_level)
        if not all(1 <= q <= N_LEVELS for q in levels) or levels[0] == levels[1]:
            raise ValueError(f"{where}: levels {levels} must be two different of 1–{N_LEVELS}")
        if not AGE_MIN <= move.ages[0] <= move.ages[1] <= AGE_MAX:
            raise ValueError(f"{where}: ages {move.ages} outside {AGE_MIN}–{AGE_MAX}")
        if not 0.0 <= move.rate <= 0.5:
            raise ValueError(f"{where}: rate {move.rate} outside [0, 0.5]")
        if not move.source or not move.vintage:
            raise ValueError(f"{where}: source and vintage are required")
        moves.append(move)
    return moves


@cache
def shipped_moves() -> tuple[LevelMove, ...]:
    """The moves shipped in ``skill_moves.toml``."""
    text = resources.files("fachkraefte.forecast").joinpath("skill_moves.toml").read_text("utf-8")
    return tuple(parse_moves(text))


def level_move_rates(moves: tuple[LevelMove, ...] | list[LevelMove] | None = None) -> np.ndarray:
    """The (Q, Q, A) array of yearly rates for ``EngineInputs.level_moves`` (default: shipped).

    Rows of the same pair and age add up. The share leaving a level at an age must stay
    below 1 (it is a small upgrading rate, the engine checks it with the exits).

    >>> rates = level_move_rates([LevelMove(2, 3, (30, 31), 0.01, "a", "v", "s")])
    >>> rates.shape, float(rates[1, 2, 30 - AGE_MIN]), float(rates.sum())
    ((4, 4, 60), 0.01, 0.02)
    """
    rates = np.zeros((N_LEVELS, N_LEVELS, N_AGES))
    for move in shipped_moves() if moves is None else moves:
        a0, a1 = move.ages[0] - AGE_MIN, move.ages[1] - AGE_MIN + 1
        rates[move.from_level - 1, move.to_level - 1, a0:a1] += move.rate
    return rates


def moves_where_the_level_exists(rates: np.ndarray, employment: np.ndarray) -> np.ndarray:
    """The (Q, Q, A) ``rates`` per occupation, (Q, Q, O, 1, A), zero where the occupation has
    no base-year employment at the target level (``employment`` (O, Q), e.g. summed over the
    model's districts): a Fachkraft of an occupation without Spezialist jobs cannot move up
    within it, and moving them would create supply at a level nobody demands there.

    >>> rates = level_move_rates([LevelMove(2, 3, (30, 30), 0.01, "a", "v", "s")])
    >>> employment = np.array([[0, 5, 2, 0], [0, 7, 0, 0]])  # occupation 1: no Spezialist
    >>> out = moves_where_the_level_exists(rates, employment)
    >>> out.shape, float(out[1, 2, 0, 0, 30 - AGE_MIN]), float(out[1, 2, 1, 0, 30 - AGE_MIN])
    ((4, 4, 2, 1, 60), 0.01, 0.0)
    """
    exists = (np.asarray(employment) > 0).T  # (Q, O): target level q has jobs in occupation o
    return rates[:, :, None, None, :] * exists[None, :, :, None, None]


def moves_metadata(moves: tuple[LevelMove, ...] | list[LevelMove] | None = None) -> list[dict]:
    """The moves as plain records (for the run metadata)."""
    return [
        {
            "from": m.from_level,
            "to": m.to_level,
            "ages": list(m.ages),
            "rate": m.rate,
            "status": m.status,
            "vintage": m.vintage,
            "source": m.source,
        }
        for m in (shipped_moves() if moves is None else moves)
    ]
