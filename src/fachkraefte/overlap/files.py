"""Project texts read from a file (for ``fachkraefte overlap search --against FILE``) and the
platform's stored index in the data directory."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from fachkraefte.overlap.records import ProjectText
from fachkraefte.paths import data_dir

INDEX_FOLDER = "overlap"
_LISTS = ("districts", "occupations", "target_groups")


def stored_index_dir() -> Path:
    """Where the web platform keeps its index of proposals and projects."""
    return data_dir() / INDEX_FOLDER


def _record(row: dict, number: int) -> ProjectText:
    title = (row.get("title") or "").strip()
    description = (row.get("description") or "").strip()
    if not title and not description:
        raise ValueError(f"Zeile/Eintrag {number}: weder title noch description / empty record")
    values = {}
    for name in _LISTS:
        raw = row.get(name) or ()
        values[name] = tuple(
            p.strip() for p in (raw.split(";") if isinstance(raw, str) else raw) if str(p).strip()
        )
    dates = {
        name: dt.date.fromisoformat(row[name]) if row.get(name) else None
        for name in ("starts_on", "ends_on")
    }
    return ProjectText(
        title=title,
        description=description,
        key=str(row.get("key") or f"#{number}"),
        label=str(row.get("label") or ""),
        **values,
        **dates,
    )


def read_records(path: Path) -> list[ProjectText]:
    """Records from ``.json`` (a list of objects), ``.csv`` (a header row; list fields split by
    ``;``) or any other text file (one project text per non-empty line). Fields: title,
    description, key, label, districts, occupations, target_groups, starts_on, ends_on."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        rows = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(rows, list):
            raise ValueError(f"{path}: erwartet eine JSON-Liste / expected a JSON list")
        return [_record(row, n) for n, row in enumerate(rows, 1)]
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [_record(row, n) for n, row in enumerate(csv.DictReader(handle), 2)]
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        ProjectText(title=line.strip(), key=f"#{n}")
        for n, line in enumerate(lines, 1)
        if line.strip()
    ]
