"""The committed per-Kreis calibration table: real district figures the demo hangs on.

``data/kreise_calibration.csv`` is derived from the official Regionaldatenbank, GENESIS and
BBSR files by ``scripts/build_demo_calibration.py``; ``data/kreise_calibration_columns.csv``
names the source table of every column (dl-de/by-2-0). The demo reads only these two files.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

DATA_DIR = Path(__file__).parent / "data"
TABLE_FILE = DATA_DIR / "kreise_calibration.csv"
COLUMNS_FILE = DATA_DIR / "kreise_calibration_columns.csv"

POPULATION_BAND_LOWER: tuple[int, ...] = (*range(0, 90, 5), 90)
SECTOR_GROUPS: tuple[str, ...] = ("A", "BE", "C", "F", "GI", "J", "K", "L", "MN", "OQ", "RU")
"""The WZ 2008 groups of table 13111-07-05-4 (BE includes C)."""

SECTION_GROUP: dict[str, str] = {
    "A": "A",
    "B": "BE",
    "C": "C",
    "D": "BE",
    "E": "BE",
    "F": "F",
    "G": "GI",
    "H": "GI",
    "I": "GI",
    "J": "J",
    "K": "K",
    "L": "L",
    "M": "MN",
    "N": "MN",
    "O": "OQ",
    "P": "OQ",
    "Q": "OQ",
    "R": "RU",
    "S": "RU",
    "T": "RU",
    "U": "RU",
}
"""Each WZ section in the group the 2015 table reports it in."""


@cache
def calibration_table() -> pl.DataFrame:
    """All 400 Kreise with their calibration columns (AGS and Land as text)."""
    return pl.read_csv(
        TABLE_FILE, schema_overrides={"ags": pl.Utf8, "land": pl.Utf8, "name": pl.Utf8}
    ).sort("ags")


def calibration_provenance() -> dict[str, object]:
    """What the manifest records: the table, its checksum and the source of every column."""
    sources = pl.read_csv(COLUMNS_FILE)
    return {
        "key": "kreise_calibration",
        "source": "scripts/build_demo_calibration.py aus amtlichen Dateien (../shared/data/official)",
        "sha256": hashlib.sha256(TABLE_FILE.read_bytes()).hexdigest(),
        "columns": dict(zip(sources["column"], sources["source"], strict=True)),
    }


def rows_for(ags: tuple[str, ...]) -> pl.DataFrame:
    """The calibration rows of ``ags`` in that order; every Kreis must be present."""
    table = calibration_table()
    found = pl.DataFrame({"ags": list(ags)}).join(table, on="ags", how="left")
    missing = found.filter(pl.col("name").is_null())["ags"].to_list()
    if missing:
        raise ValueError(
            f"Keine Kalibrierungsdaten für / no calibration data for: {', '.join(missing)}"
        )
    return found


def population_bands_2020(rows: pl.DataFrame) -> np.ndarray:
    """Persons on 31.12.2020 by (district, sex m/w, band of POPULATION_BAND_LOWER)."""
    return np.stack(
        [
            rows.select([f"pop_{sex}_{lower:02d}" for lower in POPULATION_BAND_LOWER])
            .to_numpy()
            .astype(float)
            for sex in ("m", "w")
        ],
        axis=1,
    )


def sector_shares_2015(rows: pl.DataFrame) -> np.ndarray:
    """Share of each SECTOR_GROUPS group in the Kreis' employees 2015, shape (district, group).

    Secret cells ('.') are filled with the group's national share of the Kreis' known rest, so
    a Kreis with one secret sector keeps a plausible mix.
    """
    table = calibration_table()
    national = np.array([table[f"wz_{g}_2015"].fill_null(0).sum() for g in SECTOR_GROUPS], float)
    national[1] -= national[2]
    national_share = national / national.sum()
    values = rows.select([f"wz_{g}_2015" for g in SECTOR_GROUPS]).to_numpy().astype(float)
    total = rows["svb_ao_2015"].to_numpy().astype(float)
    # BE contains C: the shares below are of the disjoint groups (BE without C).
    known = np.nan_to_num(values)
    known[:, 1] = np.maximum(known[:, 1] - known[:, 2], 0.0)
    missing = np.isnan(values)
    rest = np.maximum(total - known.sum(axis=1), 0.0)
    fill_weight = np.where(missing, national_share[None, :], 0.0)
    fill = rest[:, None] * fill_weight / np.maximum(fill_weight.sum(axis=1, keepdims=True), 1e-12)
    filled = np.where(missing, fill, known)
    return filled / filled.sum(axis=1, keepdims=True)
