"""The labelled pairs: precision and recall of the duplicate decision at the documented
threshold, on the held-out half and on all pairs; the threshold is the calibration half's."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from fachkraefte.overlap import DUPLICATE_THRESHOLD
from fachkraefte.overlap.quality import (
    calibration,
    choose_threshold,
    held_out,
    load_pairs,
    quality_at,
    score_pairs,
)

PAIRS = Path(__file__).with_name("pairs.toml")


@pytest.fixture(scope="module")
def scored():
    return score_pairs(load_pairs(PAIRS))


def test_the_labelled_set_is_large_and_varied():
    pairs = load_pairs(PAIRS)
    kinds = Counter(p["kind"] for p in pairs)
    assert len(pairs) >= 80 and len({p["id"] for p in pairs}) == len(pairs)
    assert set(kinds) == {"paraphrase", "other_provider", "partial", "same_topic", "unrelated"}
    assert min(kinds.values()) >= 12


def test_the_documented_threshold_is_the_one_the_calibration_half_gives(scored):
    assert choose_threshold(calibration(scored)) == DUPLICATE_THRESHOLD


@pytest.mark.parametrize("part", [held_out, lambda s: s], ids=["held-out", "all"])
def test_precision_and_recall_at_the_threshold(scored, part):
    quality = quality_at(part(scored), DUPLICATE_THRESHOLD)
    assert quality.precision >= 0.8, quality
    assert quality.recall >= 0.8, quality


def test_a_threshold_can_fail():
    # the measure itself is not constant: a threshold of zero flags every pair
    everything = quality_at(score_pairs(load_pairs(PAIRS)[:10] + load_pairs(PAIRS)[-10:]), 0.0)
    assert everything.recall == 1 and everything.precision < 0.8
