"""Regional levels of the indicator tables: Kreis rows (5-digit AGS) and their Land (2 digits).

The schema tables hold Kreis rows; some official files add Land rows (2-digit keys), which
must never be summed together with their own Kreise. ``to_level`` keeps only Kreis rows and,
for the Land level, relabels each with its Land key so that a group-by sums the Kreise.

>>> import polars as pl
>>> frame = pl.DataFrame({"ags": ["06411", "06412", "06"], "employees": [1, 2, 3]})
>>> to_level(frame, "land").group_by("ags").agg(pl.col("employees").sum()).rows()
[('06', 3)]
"""

from __future__ import annotations

import polars as pl

LEVELS = ("kreis", "land")


def to_level(frame: pl.DataFrame, level: str) -> pl.DataFrame:
    """Kreis rows of ``frame``; at level "land" their ``ags`` replaced by the Land key."""
    if level not in LEVELS:
        raise ValueError(f"level muss {LEVELS} sein / level must be one of {LEVELS}")
    kreise = frame.filter(pl.col("ags").str.len_chars() == 5)
    if level == "kreis":
        return kreise
    return kreise.with_columns(pl.col("ags").str.slice(0, 2))


def land_of(ags: str) -> str:
    """The Land key (first two digits) of a Kreis key."""
    return ags[:2]


def describe_reference(land_keys: list[str]) -> str:
    """A plain statement of what "national" means for a table that covers ``land_keys``.

    >>> describe_reference(["06"])
    'Summe aller Kreise der Tabelle (Länder: 06) / sum of all Kreise in the table (Länder: 06)'
    """
    keys = ", ".join(sorted(set(land_keys)))
    if len(set(land_keys)) == 16:
        return "Deutschland (Summe aller Kreise der 16 Länder) / Germany (sum of all Kreise)"
    return (
        f"Summe aller Kreise der Tabelle (Länder: {keys}) / "
        f"sum of all Kreise in the table (Länder: {keys})"
    )
