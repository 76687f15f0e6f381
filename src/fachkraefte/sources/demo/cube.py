"""Turn dense numpy cubes into long, sorted Polars tables.

The generator works on dense arrays (one axis per key column) because that is fast and keeps
the arithmetic readable; the tables are long-format. Axis labels are passed in sorted order,
so the C-order of the selected cells is already the sort order of the key columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl


def cube_to_frame(
    axes: Sequence[tuple[str, Sequence[object]]],
    values: Mapping[str, np.ndarray],
    mask: np.ndarray | None = None,
) -> pl.DataFrame:
    """One row per cell of the cube where ``mask`` holds, key columns first.

    ``axes`` names each axis and gives its labels; every array in ``values`` has the cube's
    shape. NaN in a float value becomes null (a suppressed cell).

    >>> frame = cube_to_frame(
    ...     [("year", [2019, 2020]), ("sex", ["m", "w"])],
    ...     {"persons": np.array([[1, 2], [3, 4]])},
    ...     mask=np.array([[True, False], [True, True]]),
    ... )
    >>> frame.rows()
    [(2019, 'm', 1), (2020, 'm', 3), (2020, 'w', 4)]
    """
    shape = tuple(len(labels) for _, labels in axes)
    selected = np.ones(shape, dtype=bool) if mask is None else np.broadcast_to(mask, shape)
    index = np.nonzero(selected)
    columns: dict[str, pl.Series] = {}
    for (name, labels), positions in zip(axes, index, strict=True):
        columns[name] = pl.Series(name, list(labels)).gather(positions)
    for name, array in values.items():
        if array.shape != shape:
            raise ValueError(f"{name}: shape {array.shape} differs from the axes {shape}")
        series = pl.Series(name, array[selected])
        if series.dtype.is_float():
            series = series.fill_nan(None)
        columns[name] = series
    return pl.DataFrame(columns)
