"""Data vintages: every import of an official file, kept side by side in the data store.

Layout below ``fachkraefte.paths.data_dir()``::

    vintages/
      index.json                      # ids in import order + the explicit "current" per table
      <vintage_id>/vintage.json       # source, file name, sha256, reference date, who, when
      <vintage_id>/<table>.parquet    # one file per table the import produced

A vintage id is derived from dataset, reference date and file hash, so importing the same
file twice finds the existing vintage and writes nothing. A newer file never replaces an
older one: both stay, and which one the platform reads is the explicit ``current`` pointer
of each table (the first vintage of a table becomes current; later ones only on request).

Every write goes to a temporary folder or file in the same directory first and is then
renamed into place with ``os.replace``, so a crash leaves either the old or the new state.

>>> import tempfile, os, polars as pl
>>> from datetime import date
>>> os.environ["FACHKRAEFTE_DATA_DIR"] = tempfile.mkdtemp()
>>> frame = pl.DataFrame({"year": [2023], "ags": ["06411"], "kldb3": ["813"], "sex": ["w"],
...                       "median_monthly_wage_eur": [3900.0]})
>>> imported = ImportedDataset(dataset="wages", source="BA Entgeltstatistik",
...     file_name="entgelt.xlsx", sha256="ab" * 32, reference_date=date(2023, 12, 31),
...     tables={"wages": frame})
>>> outcome = store_import(imported, imported_by="analyst")
>>> outcome.created, outcome.vintage.vintage_id
(True, 'wages-2023-12-31-abababababab')
>>> store_import(imported, imported_by="analyst").created
False
>>> load_table("wages").height
1
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from fachkraefte.paths import data_dir
from fachkraefte.sources.schema import TABLES, check_table

VINTAGES_FOLDER = "vintages"
INDEX_FILE = "index.json"
METADATA_FILE = "vintage.json"

_ID_PATTERN = re.compile(r"^[a-z0-9_]+-\d{4}-\d{2}-\d{2}-[0-9a-f]{12}$")

EXTRA_TABLES: dict[str, dict[str, pl.DataType]] = {
    # Proposed addition to sources.schema (not part of it yet): SV employees by occupation
    # with the foreign nationals among them, as BA publishes them beside the totals. The
    # bottleneck indicator "change in the share of foreign employees" needs it.
    "employment_foreign": {
        "year": pl.Int16,
        "ags": pl.String,
        "kldb3": pl.String,
        "niveau": pl.Int8,
        "employees": pl.Int64,
        "foreign_employees": pl.Int64,
    },
    # Official Land (2-digit key) and Germany ("DG") rows of a BA file, in the schema of the
    # Kreis table: the reference totals for location quotients and for the bottleneck
    # classification at Land and Germany level. Kept apart so no Kreis sum counts them.
    "employment_reference": dict(TABLES["employment"]),
    "labour_market_reference": dict(TABLES["labour_market"]),
    # Population projections (GENESIS 12421-…): the ``population`` columns plus the projection
    # variant, kept apart from the observed population so that both can be current.
    "population_projection": {
        "year": pl.Int16,
        "ags": pl.String,
        "sex": pl.String,
        "age": pl.Int16,
        "persons": pl.Int64,
        "variant": pl.String,
    },
    # The Destatis life table 12621-0001 (``sources.life_table``): q(x) and l(x) by sex and
    # completed age, with the table code and period it came from.
    "life_table": {
        "table_code": pl.String,
        "period": pl.String,
        "sex": pl.String,
        "age": pl.Int16,
        "q": pl.Float64,
        "survivors": pl.Float64,
    },
}
"""Tables a vintage may hold beyond ``sources.schema.TABLES``, with their exact schema."""
PROJECTION_TABLE = "population_projection"


class VintageError(LookupError):
    """A vintage or a table asked for is not in the store."""


@dataclass(frozen=True)
class ImportedDataset:
    """What an importer read from one official file, ready to be stored as a vintage."""

    dataset: str
    source: str
    file_name: str
    sha256: str
    reference_date: date
    tables: Mapping[str, pl.DataFrame]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vintage:
    """The record of one stored import."""

    vintage_id: str
    dataset: str
    source: str
    file_name: str
    sha256: str
    reference_date: date
    imported_at: datetime
    imported_by: str
    rows: Mapping[str, int]
    notes: tuple[str, ...] = ()
    current_for: tuple[str, ...] = field(default=())

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(self.rows)


@dataclass(frozen=True)
class StoreOutcome:
    vintage: Vintage
    created: bool
    made_current: tuple[str, ...]


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks so large files do not fill memory."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def vintage_id_for(dataset: str, reference_date: date, sha256: str) -> str:
    """The id a vintage gets: ``<dataset>-<reference date>-<first 12 hex digits of sha256>``."""
    return f"{dataset}-{reference_date.isoformat()}-{sha256[:12]}"


def table_schema(name: str) -> dict[str, pl.DataType]:
    """Schema of a table a vintage may store (the shared schema or ``EXTRA_TABLES``)."""
    if name in TABLES:
        return TABLES[name]
    if name in EXTRA_TABLES:
        return EXTRA_TABLES[name]
    raise VintageError(f"Unbekannte Tabelle {name!r} / unknown table {name!r}")


def store_import(
    imported: ImportedDataset,
    *,
    imported_by: str | None = None,
    make_current: bool | None = None,
) -> StoreOutcome:
    """Store ``imported`` as a new vintage, or return the existing one for the same file.

    ``make_current``: ``True`` points every table of this vintage at it, ``False`` never
    does, ``None`` (default) only for tables that have no current vintage yet.
    """
    frames = {name: _checked(name, frame) for name, frame in imported.tables.items()}
    if not frames:
        raise ValueError("Ein Import ohne Tabellen / an import without tables")
    root = _root()
    with _locked(root):
        index = _read_index(root)
        for existing_id in index["vintages"]:
            existing = _read_metadata(root, existing_id)
            if existing.sha256 == imported.sha256 and existing.dataset == imported.dataset:
                made = _update_current(index, existing, make_current) if make_current else ()
                if made:
                    _write_index(root, index)
                return StoreOutcome(
                    _with_current(existing, index), created=False, made_current=made
                )
        vintage = Vintage(
            vintage_id=vintage_id_for(imported.dataset, imported.reference_date, imported.sha256),
            dataset=imported.dataset,
            source=imported.source,
            file_name=imported.file_name,
            sha256=imported.sha256,
            reference_date=imported.reference_date,
            imported_at=datetime.now(UTC).replace(microsecond=0),
            imported_by=imported_by or _os_user(),
            rows={name: frame.height for name, frame in frames.items()},
            notes=tuple(imported.notes),
        )
        _write_vintage_folder(root, vintage, frames)
        index["vintages"].append(vintage.vintage_id)
        made = _update_current(index, vintage, make_current)
        _write_index(root, index)
        return StoreOutcome(_with_current(vintage, index), created=True, made_current=made)


def list_vintages(*, dataset: str | None = None, table: str | None = None) -> list[Vintage]:
    """All stored vintages in import order, optionally only one dataset or table."""
    root = _root()
    index = _read_index(root)
    found = [_with_current(_read_metadata(root, vid), index) for vid in index["vintages"]]
    return [
        v
        for v in found
        if (dataset is None or v.dataset == dataset) and (table is None or table in v.rows)
    ]


def get_vintage(vintage_id: str) -> Vintage:
    root = _root()
    index = _read_index(root)
    if vintage_id not in index["vintages"]:
        raise VintageError(
            f"Datenstand {vintage_id!r} ist nicht gespeichert / vintage {vintage_id!r} not found"
        )
    return _with_current(_read_metadata(root, vintage_id), index)


def current_vintage(table: str) -> Vintage | None:
    """The vintage the platform reads ``table`` from, or ``None`` if none was imported."""
    index = _read_index(_root())
    vintage_id = index["current"].get(table)
    return get_vintage(vintage_id) if vintage_id else None


def set_current(vintage_id: str, *, tables: tuple[str, ...] | None = None) -> Vintage:
    """Make ``vintage_id`` the current vintage of its tables (or only of ``tables``)."""
    root = _root()
    with _locked(root):
        index = _read_index(root)
        if vintage_id not in index["vintages"]:
            raise VintageError(
                f"Datenstand {vintage_id!r} ist nicht gespeichert / vintage {vintage_id!r} not found"
            )
        vintage = _read_metadata(root, vintage_id)
        for table in tables or vintage.tables:
            if table not in vintage.rows:
                raise VintageError(
                    f"Datenstand {vintage_id!r} enthält keine Tabelle {table!r} / "
                    f"vintage {vintage_id!r} has no table {table!r}"
                )
            index["current"][table] = vintage_id
        _write_index(root, index)
        return _with_current(vintage, index)


def load_table(table: str, *, vintage_id: str | None = None) -> pl.DataFrame:
    """Table ``table`` of ``vintage_id``, or of the current vintage of that table."""
    if vintage_id is None:
        current = current_vintage(table)
        if current is None:
            raise VintageError(
                f"Für {table!r} wurde noch nichts importiert ('fachkraefte import …') / "
                f"nothing imported for {table!r} yet"
            )
        vintage_id = current.vintage_id
    vintage = get_vintage(vintage_id)
    if table not in vintage.rows:
        raise VintageError(
            f"Datenstand {vintage_id!r} enthält keine Tabelle {table!r} / "
            f"vintage {vintage_id!r} has no table {table!r}"
        )
    return pl.read_parquet(_root() / vintage_id / f"{table}.parquet")


def has_table(table: str) -> bool:
    """Whether a current vintage of ``table`` exists."""
    return current_vintage(table) is not None


# --- internals -------------------------------------------------------------------------


def _root() -> Path:
    root = data_dir() / VINTAGES_FOLDER
    root.mkdir(parents=True, exist_ok=True)
    return root


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        # No passwd entry (e.g. a container running under an arbitrary uid).
        return f"uid-{os.getuid()}"


def _checked(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    if name in TABLES:
        return check_table(name, frame)
    expected = table_schema(name)
    if set(frame.columns) != set(expected):
        raise ValueError(
            f"Tabelle {name!r}: Spalten {frame.columns} statt {list(expected)} / "
            f"table {name!r}: columns {frame.columns} instead of {list(expected)}"
        )
    return frame.select([pl.col(c).cast(t, strict=True) for c, t in expected.items()])


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    # One writer at a time: two imports finishing together must not lose an index entry.
    with (root / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_index(root: Path) -> dict:
    path = root / INDEX_FILE
    if not path.exists():
        return {"vintages": [], "current": {}}
    index = json.loads(path.read_text(encoding="utf-8"))
    return {"vintages": list(index.get("vintages", [])), "current": dict(index.get("current", {}))}


def _write_index(root: Path, index: dict) -> None:
    _atomic_write_text(root / INDEX_FILE, json.dumps(index, indent=2, ensure_ascii=False))


def _atomic_write_text(path: Path, text: str) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_vintage_folder(root: Path, vintage: Vintage, frames: Mapping[str, pl.DataFrame]) -> None:
    final = root / vintage.vintage_id
    if final.exists():
        # A folder without an index entry is the remains of an interrupted earlier run.
        shutil.rmtree(final)
    temp = Path(tempfile.mkdtemp(dir=root, prefix=f".{vintage.vintage_id}."))
    try:
        for name, frame in frames.items():
            frame.write_parquet(temp / f"{name}.parquet")
        (temp / METADATA_FILE).write_text(
            json.dumps(_metadata_json(vintage), indent=2, ensure_ascii=False), encoding="utf-8"
        )
        os.replace(temp, final)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _metadata_json(vintage: Vintage) -> dict:
    return {
        "vintage_id": vintage.vintage_id,
        "dataset": vintage.dataset,
        "source": vintage.source,
        "file_name": vintage.file_name,
        "sha256": vintage.sha256,
        "reference_date": vintage.reference_date.isoformat(),
        "imported_at": vintage.imported_at.isoformat(),
        "imported_by": vintage.imported_by,
        "rows": dict(vintage.rows),
        "notes": list(vintage.notes),
    }


def _read_metadata(root: Path, vintage_id: str) -> Vintage:
    if not _ID_PATTERN.match(vintage_id):
        raise VintageError(f"Ungültige Kennung {vintage_id!r} / invalid vintage id {vintage_id!r}")
    raw = json.loads((root / vintage_id / METADATA_FILE).read_text(encoding="utf-8"))
    return Vintage(
        vintage_id=raw["vintage_id"],
        dataset=raw["dataset"],
        source=raw["source"],
        file_name=raw["file_name"],
        sha256=raw["sha256"],
        reference_date=date.fromisoformat(raw["reference_date"]),
        imported_at=datetime.fromisoformat(raw["imported_at"]),
        imported_by=raw["imported_by"],
        rows=dict(raw["rows"]),
        notes=tuple(raw.get("notes", ())),
    )


def _update_current(index: dict, vintage: Vintage, make_current: bool | None) -> tuple[str, ...]:
    made = []
    for table in vintage.tables:
        if make_current or (make_current is None and table not in index["current"]):
            if index["current"].get(table) != vintage.vintage_id:
                made.append(table)
            index["current"][table] = vintage.vintage_id
    return tuple(made)


def _with_current(vintage: Vintage, index: dict) -> Vintage:
    current_for = tuple(t for t in vintage.tables if index["current"].get(t) == vintage.vintage_id)
    return Vintage(**{**vintage.__dict__, "current_for": current_for})
