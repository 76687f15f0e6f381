"""Precision and recall of the duplicate decision on a labelled set of pairs.

The set is a TOML file of ``[[pair]]`` tables with ``id``, ``kind``, ``duplicate`` (the label),
``a`` and ``b``. The threshold is chosen on the calibration half only (odd ids): the score with
the best F1 there (ties: the higher threshold, as a false alarm costs an office's time), the
midpoint between it and the next lower score, rounded to two places. The held-out half (even
ids) then shows whether that choice carries over.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fachkraefte.overlap import embedding
from fachkraefte.overlap.compare import combine
from fachkraefte.overlap.lexical import lexical_similarity, terms_of


@dataclass(frozen=True)
class ScoredPair:
    id: int
    kind: str
    duplicate: bool
    score: float
    semantic: float
    lexical: float


@dataclass(frozen=True)
class Quality:
    threshold: float
    pairs: int
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int


def load_pairs(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["pair"]


def score_pairs(pairs: Sequence[dict]) -> list[ScoredPair]:
    """Text-only scores (the pairs carry no structure), embedded in one batch."""
    vectors = embedding.encode([p["a"] for p in pairs] + [p["b"] for p in pairs])
    left, right = vectors[: len(pairs)], vectors[len(pairs) :]
    scored = []
    for pair, va, vb in zip(pairs, left, right, strict=True):
        semantic = float(np.clip(va @ vb, 0.0, 1.0))
        lexical = lexical_similarity(terms_of(pair["a"]), terms_of(pair["b"]))
        scored.append(
            ScoredPair(
                pair["id"],
                pair["kind"],
                bool(pair["duplicate"]),
                combine(semantic, lexical),
                semantic,
                lexical,
            )
        )
    return scored


def quality_at(scored: Sequence[ScoredPair], threshold: float) -> Quality:
    tp = sum(1 for p in scored if p.duplicate and p.score >= threshold)
    fp = sum(1 for p in scored if not p.duplicate and p.score >= threshold)
    fn = sum(1 for p in scored if p.duplicate and p.score < threshold)
    return Quality(
        threshold=threshold,
        pairs=len(scored),
        precision=tp / (tp + fp) if tp + fp else 0.0,
        recall=tp / (tp + fn) if tp + fn else 0.0,
        true_positives=tp,
        false_positives=fp,
        false_negatives=fn,
    )


def calibration(scored: Sequence[ScoredPair]) -> list[ScoredPair]:
    return [p for p in scored if p.id % 2 == 1]


def held_out(scored: Sequence[ScoredPair]) -> list[ScoredPair]:
    return [p for p in scored if p.id % 2 == 0]


def choose_threshold(scored: Sequence[ScoredPair]) -> float:
    """The best-F1 cut on ``scored``, placed midway below the lowest score it accepts."""
    values = sorted({p.score for p in scored}, reverse=True)
    best, best_f1 = values[0], -1.0
    for value in values:
        q = quality_at(scored, value)
        f1 = 2 * q.precision * q.recall / (q.precision + q.recall) if q.precision + q.recall else 0
        if f1 > best_f1:
            best, best_f1 = value, f1
    lower = [v for v in values if v < best]
    cut = (best + lower[0]) / 2 if lower else best
    return round(cut, 2)
