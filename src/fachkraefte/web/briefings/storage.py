"""Where finished packs live: ``<data dir>/briefings/<run>/<ags>/`` with ``pack.pdf``,
``pack.html`` and ``pack.json`` (written last: a pack counts as stored once it exists).

Each file is written to a temporary name and renamed into place, so a reader never sees half
a file; a newer pack of the same run and district replaces the older one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fachkraefte.paths import data_dir

FOLDER = "briefings"
SAFE = re.compile(r"^[0-9A-Za-z._-]+$")


@dataclass(frozen=True)
class StoredPack:
    folder: Path
    meta: dict[str, Any]

    def path(self, fmt: str) -> Path:
        return self.folder / f"pack.{fmt}"


def pack_folder(run_id: str, ags: str) -> Path:
    if not (SAFE.match(run_id) and SAFE.match(ags)):
        raise ValueError("unsafe run id or AGS")
    return data_dir() / FOLDER / run_id / ags


def _write(target: Path, payload: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store_pack(*, run_id: str, ags: str, pdf: bytes, html: str, meta: dict[str, Any]) -> Path:
    folder = pack_folder(run_id, ags)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.json").unlink(missing_ok=True)  # the pair below is not complete yet
    _write(folder / "pack.pdf", pdf)
    _write(folder / "pack.html", html.encode("utf-8"))
    _write(folder / "pack.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    return folder


def stored_pack(run_id: str, ags: str) -> StoredPack | None:
    try:
        folder = pack_folder(run_id, ags)
        meta = json.loads((folder / "pack.json").read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None
    return StoredPack(folder, meta)
