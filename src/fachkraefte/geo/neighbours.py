"""Which districts are neighbours: the adjacency computed from their boundaries.

Two districts are neighbours when their outlines touch: they share at least one vertex within
a small tolerance. The BKG files are topologically consistent – a common border is stored
with the same vertices on both sides – so comparing vertices snapped to a fine grid (with the
eight surrounding cells, for the tolerance) after a bounding-box pre-filter finds every common
border without a GIS library. ``boundaries`` stores the result with the imported file;
``fachkraefte.geo.neighbours()`` looks it up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

TOLERANCE_DEGREES = 1e-4
"""About 7–11 m in Germany: far above rounding noise, far below any district's width."""

_GRID_SPAN = 4_000_000  # grid cells per axis in the integer key; covers ±200° at 1e-4°


def _rings(geometry: dict[str, Any]) -> list[Any]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def vertices(geometry: dict[str, Any]) -> np.ndarray:
    """All lon/lat vertices of a (Multi)Polygon geometry, n×2."""
    return np.concatenate([np.asarray(ring, dtype=float)[:, :2] for ring in _rings(geometry)])


def _cell_keys(cells: np.ndarray) -> np.ndarray:
    return (cells[:, 0] + _GRID_SPAN // 2) * _GRID_SPAN + (cells[:, 1] + _GRID_SPAN // 2)


def adjacency(
    outlines: Sequence[tuple[str, np.ndarray]],
    *,
    tolerance: float = TOLERANCE_DEGREES,
    progress: Callable[[int], None] | None = None,
) -> dict[str, list[str]]:
    """AGS → sorted AGS of the districts whose outlines touch its own.

    ``outlines`` holds (AGS, n×2 array of lon/lat vertices) per district; ``progress`` is
    called with the number of districts done.

    >>> square = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    >>> adjacency([("A", square), ("B", square + [1, 0]), ("C", square + [3, 0])])
    {'A': ['B'], 'B': ['A'], 'C': []}
    """
    codes = [code for code, _ in outlines]
    cells, near, boxes = [], [], []
    offsets = np.array([dx * _GRID_SPAN + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1)])
    for _, points in outlines:
        grid = np.floor(points / tolerance).astype(np.int64)
        own = np.unique(_cell_keys(grid))
        cells.append(own)
        near.append(np.unique((own[:, None] + offsets[None, :]).ravel()))
        boxes.append([*points.min(axis=0), *points.max(axis=0)])
    box = np.asarray(boxes).reshape(-1, 4)
    pad = 2 * tolerance
    result: dict[str, set[str]] = {code: set() for code in codes}
    for i, code in enumerate(codes):
        overlapping = np.nonzero(
            (box[i, 0] - pad <= box[:, 2])
            & (box[:, 0] <= box[i, 2] + pad)
            & (box[i, 1] - pad <= box[:, 3])
            & (box[:, 1] <= box[i, 3] + pad)
        )[0]
        for j in overlapping[overlapping > i]:
            if np.intersect1d(near[i], cells[j], assume_unique=True).size:
                result[code].add(codes[j])
                result[codes[j]].add(code)
        if progress is not None:
            progress(i + 1)
    return {code: sorted(found) for code, found in result.items()}
