"""Where the demo build lives in the data store, and how it is written and read.

A build is one folder (``<data_dir>/demo`` by default) with one Parquet file per table and
``manifest.json``. It is written into a temporary sibling folder and swapped in by renaming,
so readers see either the old or the new build, never a half-written one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import polars as pl

from fachkraefte.paths import data_dir
from fachkraefte.sources.demo.manifest import DemoManifest
from fachkraefte.sources.schema import TABLES, check_table

DEMO_FOLDER = "demo"
MANIFEST_FILE = "manifest.json"


def demo_root(root: Path | None = None) -> Path:
    """The build folder: ``root`` if given, else ``data_dir()/demo``."""
    return Path(root) if root is not None else data_dir() / DEMO_FOLDER


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_table(frame: pl.DataFrame, path: Path) -> None:
    """Parquet with fixed settings, so equal frames give equal bytes."""
    frame.write_parquet(path, compression="zstd", compression_level=3, statistics=True)


def demo_manifest(root: Path | None = None) -> DemoManifest | None:
    """The manifest of the demo build in ``root`` (default ``data_dir()/demo``), or None.

    None means no demo has been built there yet (run ``fachkraefte demo``).
    """
    path = demo_root(root) / MANIFEST_FILE
    if not path.is_file():
        return None
    try:
        return DemoManifest.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(
            f"{path}: Manifest der Demodaten ist beschädigt ({error}); 'fachkraefte demo' "
            f"erzeugt es neu / demo manifest is damaged ({error}); 'fachkraefte demo' rebuilds it"
        ) from error


def files_match(manifest: DemoManifest, root: Path) -> bool:
    """True when every table file named in the manifest exists with its recorded checksum."""
    if set(manifest.tables) != set(TABLES):
        return False
    return all(
        (root / entry.file).is_file() and sha256_file(root / entry.file) == entry.sha256
        for entry in manifest.tables.values()
    )


def load_demo_table(name: str, *, root: Path | None = None) -> pl.DataFrame:
    """Read one demo table (``population``, ``employment``, …) with its exact schema.

    Raises ``KeyError`` for an unknown table and ``FileNotFoundError`` when no demo has been
    built yet.
    """
    if name not in TABLES:
        raise KeyError(
            f"Unbekannte Tabelle {name!r}, vorhanden: {sorted(TABLES)} / "
            f"unknown table {name!r}, available: {sorted(TABLES)}"
        )
    path = demo_root(root) / f"{name}.parquet"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} fehlt: Demodaten mit 'fachkraefte demo' erzeugen / "
            f"{path} is missing: build the demo data with 'fachkraefte demo'"
        )
    return check_table(name, pl.read_parquet(path))


def new_staging_folder(root: Path) -> Path:
    """An empty folder beside ``root`` (same file system, so the final rename is atomic)."""
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}-staging-", dir=root.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the build is read by the web process too
    return staging


def publish(staging: Path, root: Path) -> None:
    """Replace ``root`` by the complete ``staging`` folder.

    A folder cannot be replaced by rename while it has content, so the old build is first
    renamed aside; only between the two renames is ``root`` briefly absent.
    """
    if root.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{root.name}-old-", dir=root.parent))
        os.replace(root, retired / root.name)
        os.replace(staging, root)
        shutil.rmtree(retired)
    else:
        os.replace(staging, root)
