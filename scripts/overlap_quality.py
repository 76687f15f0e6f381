"""Precision and recall of the overlap check's duplicate decision on the labelled pairs.

    python scripts/overlap_quality.py [tests/overlap/pairs.toml]

Prints the threshold chosen on the calibration half (odd ids), the documented
DUPLICATE_THRESHOLD, and precision/recall at it on the calibration half, the held-out half
and all pairs, then every pair that the threshold gets wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fachkraefte.overlap import DUPLICATE_THRESHOLD
from fachkraefte.overlap.quality import (
    calibration,
    choose_threshold,
    held_out,
    load_pairs,
    quality_at,
    score_pairs,
)

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "overlap" / "pairs.toml"


def main(path: Path = DEFAULT) -> int:
    scored = score_pairs(load_pairs(path))
    chosen = choose_threshold(calibration(scored))
    print(
        f"pairs: {len(scored)}  threshold chosen on calibration half: {chosen:.2f}  "
        f"documented DUPLICATE_THRESHOLD: {DUPLICATE_THRESHOLD:.2f}"
    )
    for name, part in (
        ("calibration", calibration(scored)),
        ("held-out", held_out(scored)),
        ("all", scored),
    ):
        q = quality_at(part, DUPLICATE_THRESHOLD)
        print(
            f"{name:12} n={q.pairs:3}  precision={q.precision:.3f}  recall={q.recall:.3f}  "
            f"(tp {q.true_positives}, fp {q.false_positives}, fn {q.false_negatives})"
        )
    print("\nwrong at the threshold (id, kind, label, score = semantic | lexical):")
    for p in scored:
        if (p.score >= DUPLICATE_THRESHOLD) != p.duplicate:
            print(
                f"  {p.id:3} {p.kind:15} {'dup' if p.duplicate else 'not':4} "
                f"{p.score:.3f} = {p.semantic:.3f} | {p.lexical:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
