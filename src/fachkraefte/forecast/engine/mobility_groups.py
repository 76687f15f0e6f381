"""The mobility matrix as groups of occupations that exchange workers, and their inflow."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fachkraefte.forecast.engine.inputs import DTYPE


def as_index(idx: np.ndarray) -> slice | np.ndarray:
    """A slice where the indices are one contiguous run (a view instead of a gathered copy)."""
    if idx.size and idx[-1] - idx[0] + 1 == idx.size:
        return slice(int(idx[0]), int(idx[-1]) + 1)
    return idx


def _span(idx: np.ndarray) -> np.ndarray:
    """All indices from the first to the last when that at most doubles them: a contiguous
    run is a view (no gathered copy, no scattered add); the zeros it adds cost a few flops."""
    if idx.size and idx[-1] - idx[0] + 1 <= 2 * idx.size:
        return np.arange(idx[0], idx[-1] + 1)
    return idx


@dataclass(frozen=True)
class MobilityBlock:
    """One group of occupations that exchange workers: flows from ``sources`` to ``targets``.

    ``weights`` is ``M[sources][:, targets].T`` (float32, C order), so the inflow of the block
    is one matmul ``weights @ state[:, sources]``.
    """

    sources: slice | np.ndarray
    targets: slice | np.ndarray
    weights: np.ndarray


def mobility_blocks(matrix: np.ndarray) -> list[MobilityBlock]:
    """Split a mobility matrix into the connected groups of its non-zero flows.

    Real (and the estimated default) matrices are sparse: people change to a few related
    occupations. Each group's inflow is a small dense matmul over only the occupations that
    give (rows) and take (columns), instead of an O × O matmul over the whole state; a dense
    matrix is a single group, i.e. the full matmul. Zeros contribute nothing, so the result is
    the dense product up to float32 rounding order.

    >>> m = np.zeros((4, 4)); m[0, 1] = 0.1; m[2, 3] = 0.2
    >>> [(b.sources, b.targets) for b in mobility_blocks(m)]
    [(slice(0, 1, None), slice(1, 2, None)), (slice(2, 3, None), slice(3, 4, None))]
    """
    m = np.array(matrix, dtype=np.float64)
    np.fill_diagonal(m, 0.0)
    n = m.shape[0]
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    src, dst = np.nonzero(m)
    for o, p in zip(src.tolist(), dst.tolist(), strict=True):
        parent[root(o)] = root(p)
    groups: dict[int, list[int]] = {}
    for i in sorted(set(src.tolist()) | set(dst.tolist())):
        groups.setdefault(root(i), []).append(i)
    blocks = []
    for members in sorted(groups.values()):
        idx = np.array(members)
        sources = _span(idx[m[idx].any(axis=1)])
        targets = _span(idx[m[:, idx].any(axis=0)])
        # A run may pass over occupations of other groups: only this group's flows count.
        own = np.zeros(n, dtype=bool)
        own[idx] = True
        weights = m[np.ix_(sources, targets)] * (own[sources][:, None] & own[targets][None, :])
        weights = np.ascontiguousarray(weights.T, dtype=DTYPE)
        blocks.append(MobilityBlock(as_index(sources), as_index(targets), weights))
    return blocks


def inflow(state: np.ndarray, block: MobilityBlock) -> np.ndarray:
    """People arriving in ``block.targets`` from ``block.sources``: (R, targets, Q, S, A)."""
    n_rows = state.shape[0]
    sources = state[:, block.sources]
    inflow = np.matmul(block.weights, sources.reshape(n_rows, sources.shape[1], -1))
    return inflow.reshape((n_rows, -1) + state.shape[2:])
