"""Forecast runs as versioned Parquet datasets under ``data_dir()/forecasts/<run_id>/``.

Each run folder holds ``metadata.json`` (run id, data vintage, scenario, model version, seed,
created at) and one or more Parquet files readable with DuckDB or Polars. Files are written to
a temporary name in the same folder and moved into place with ``os.replace`` so that a reader
never sees a half-written run.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import polars as pl

from fachkraefte.paths import data_dir

METADATA_FILE = "metadata.json"


def forecasts_dir() -> Path:
    """Folder that holds one sub-folder per forecast run."""
    return data_dir() / "forecasts"


def _atomic_write_bytes(target: Path, payload: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_frame(run_dir: Path, name: str, frame: pl.DataFrame) -> Path:
    """Write ``frame`` as ``<run_dir>/<name>.parquet`` atomically."""
    run_dir.mkdir(parents=True, exist_ok=True)
    target = run_dir / f"{name}.parquet"
    fd, tmp = tempfile.mkstemp(dir=run_dir, prefix=f".{name}.", suffix=".parquet.tmp")
    os.close(fd)
    try:
        frame.write_parquet(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_metadata(run_dir: Path, metadata: dict[str, Any]) -> Path:
    """Write the run's metadata JSON last: a run counts as complete once it exists."""
    target = run_dir / METADATA_FILE
    payload = json.dumps(metadata, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    _atomic_write_bytes(target, payload)
    return target


def list_runs() -> list[dict[str, Any]]:
    """Metadata of every complete run, newest first (runs without metadata are ignored)."""
    root = forecasts_dir()
    if not root.exists():
        return []
    runs = []
    for folder in root.iterdir():
        meta = folder / METADATA_FILE
        if folder.is_dir() and not folder.name.startswith(".") and meta.exists():
            runs.append(json.loads(meta.read_text(encoding="utf-8")))
    runs.sort(key=lambda m: str(m.get("created_at", "")), reverse=True)
    return runs


def run_dir(run_id: str) -> Path:
    """Folder of an existing run, with a clear error when it does not exist."""
    folder = forecasts_dir() / run_id
    if not (folder / METADATA_FILE).exists():
        raise FileNotFoundError(
            f"Prognoselauf {run_id!r} nicht gefunden in {forecasts_dir()} / "
            f"forecast run {run_id!r} not found"
        )
    return folder


def read_metadata(run_id: str) -> dict[str, Any]:
    """Metadata of one run."""
    return json.loads((run_dir(run_id) / METADATA_FILE).read_text(encoding="utf-8"))


def read_frame(run_id: str, name: str = "results") -> pl.DataFrame:
    """One Parquet table of a run as a Polars frame."""
    path = run_dir(run_id) / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(
            f"Tabelle {name!r} fehlt im Lauf {run_id!r} / table {name!r} missing in run {run_id!r}"
        )
    return pl.read_parquet(path)
