"""The shipped reference table (levels 1–3) and the imported full export (levels 1–5)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
import os
from pathlib import Path

import polars as pl

from fachkraefte.occupations.kldb_export import ExportRow, read_kldb_export
from fachkraefte.paths import data_dir

REFERENCE_TABLE = Path(__file__).with_name("kldb2010_levels_1_3.csv")
VERSION = "KldB 2010, Fassung 2020"
SOURCE = "Bundesagentur für Arbeit: Klassifikation der Berufe 2010 – überarbeitete Fassung 2020"
ATTRIBUTION = "© Statistik der Bundesagentur für Arbeit"


def _store() -> tuple[Path, Path]:
    folder = data_dir() / "reference"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "kldb2010.parquet", folder / "kldb2010.json"


@functools.lru_cache(maxsize=1)
def shipped_rows() -> tuple[ExportRow, ...]:
    with REFERENCE_TABLE.open(encoding="utf-8", newline="") as stream:
        return tuple(
            ExportRow(r["code"], int(r["level"]), r["title"], r["short_title"] or None)
            for r in csv.DictReader(stream, delimiter=";")
        )


def imported_rows() -> tuple[ExportRow, ...] | None:
    """All five levels from the imported export, or None before an import."""
    table, _ = _store()
    if not table.exists():
        return None
    return _read(str(table), table.stat().st_mtime_ns)


@functools.lru_cache(maxsize=2)
def _read(path: str, _mtime: int) -> tuple[ExportRow, ...]:
    return tuple(ExportRow(**row) for row in pl.read_parquet(path).iter_rows(named=True))


def import_metadata() -> dict | None:
    _, meta = _store()
    return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else None


def import_export(path: Path | str, *, dry_run: bool = False) -> dict:
    """Validate the official export and store all levels; the same file twice changes nothing."""
    path = Path(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    current = import_metadata()
    if current and current["sha256"] == digest:
        return current | {"unchanged": True}
    rows = read_kldb_export(path)  # raises before anything is written
    # String keys, as JSON stores them, so the returned and the stored metadata are equal.
    counts = {str(level): sum(r.level == level for r in rows) for level in range(1, 6)}
    metadata = {
        "source": SOURCE,
        "version": VERSION,
        "attribution": ATTRIBUTION,
        "file": path.name,
        "sha256": digest,
        "counts": counts,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if dry_run:
        return metadata | {"dry_run": True}
    table, meta = _store()
    frame = pl.DataFrame(
        [vars(r) for r in rows],
        schema={"code": pl.String, "level": pl.Int64, "title": pl.String, "short_title": pl.String},
    )
    for target, write in (
        (table, frame.write_parquet),
        (
            meta,
            lambda p: Path(p).write_text(
                json.dumps(metadata, ensure_ascii=False, indent=2), encoding="utf-8"
            ),
        ),
    ):
        temp = target.with_name(f".{target.name}.tmp")
        write(temp)
        os.replace(temp, target)
    return metadata
