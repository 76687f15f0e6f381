"""Regional levels of the indicator tables: Kreis (5-digit AGS), Land (2 digits), Germany ("DG").

The schema tables hold Kreis rows; some official files add Land rows (2-digit keys), which
must never be summed together with their own Kreise. ``to_level`` keeps only Kreis rows and,
for the Land level, relabels each with its Land key so that a group-by sums the Kreise (for
Germany with ``"DG"``). ``with_official_rows`` prefers the official Land/Germany rows of a
BA file (tables ``employment_reference``, ``labour_market_reference``) where there are any.

>>> import polars as pl
>>> frame = pl.DataFrame({"ags": ["06411", "06412", "06"], "employees": [1, 2, 3]})
>>> to_level(frame, "land").group_by("ags").agg(pl.col("employees").sum()).rows()
[('06', 3)]
"""

from __future__ import annotations

import polars as pl

LEVELS = ("kreis", "land", "deutschland")
GERMANY = "DG"
OFFICIAL_BASIS = "amtliche Zeile der BA-Datei / official row of the BA file"
SUM_BASIS = "Summe der Kreise der Tabelle / sum of the Kreise in the table"


def to_level(frame: pl.DataFrame, level: str) -> pl.DataFrame:
    """Kreis rows of ``frame``; at level "land" their ``ags`` replaced by the Land key."""
    if level not in LEVELS:
        raise ValueError(f"level muss {LEVELS} sein / level must be one of {LEVELS}")
    kreise = frame.filter(pl.col("ags").str.len_chars() == 5)
    if level == "kreis":
        return kreise
    return kreise.with_columns(level_key(level))


def level_key(level: str) -> pl.Expr:
    """The ``ags`` of a Kreis row's region at ``level`` ("land": its Land, else Germany)."""
    if level == "land":
        return pl.col("ags").str.slice(0, 2)
    if level == "deutschland":
        return pl.lit(GERMANY).alias("ags")
    return pl.col("ags")


def official_rows(reference: pl.DataFrame | None, level: str) -> pl.DataFrame | None:
    """The official rows of ``reference`` at ``level`` (Land keys or "DG"), or ``None``."""
    if reference is None or level == "kreis" or reference.is_empty():
        return None
    if level == "deutschland":
        rows = reference.filter(pl.col("ags") == GERMANY)
    else:
        rows = reference.filter(pl.col("ags").str.contains(r"^\d{2}$"))
    return None if rows.is_empty() else rows


def with_official_rows(
    frame: pl.DataFrame, reference: pl.DataFrame | None, level: str, year: int
) -> tuple[pl.DataFrame, set[str]]:
    """Rows at ``level``: a region's official rows where ``reference`` has them for ``year``,
    else the sum of its Kreise; and the set of regions that use official rows.

    >>> kreise = pl.DataFrame({"year": [2023] * 2, "ags": ["06411", "06412"], "n": [1, 2]})
    >>> official = pl.DataFrame({"year": [2023], "ags": ["DG"], "n": [100]})
    >>> rows, used = with_official_rows(kreise, official, "deutschland", 2023)
    >>> rows.rows(), used
    ([(2023, 'DG', 100)], {'DG'})
    """
    summed = to_level(frame, level)
    official = official_rows(reference, level)
    if official is None:
        return summed, set()
    used = set(official.filter(pl.col("year") == year)["ags"].to_list())
    if not used:
        return summed, set()
    official = official.filter(pl.col("ags").is_in(list(used))).select(summed.columns)
    rest = summed.filter(~pl.col("ags").is_in(list(used)))
    return pl.concat([official, rest.cast(dict(official.schema))]), used


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
