"""Writes of the statistics app: save an upload atomically and queue its import."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_noop

from fachkraefte.paths import data_dir
from fachkraefte.web.statistics.import_task import IMPORT_KIND
from fachkraefte.web.statistics.sources import IMPORT_SOURCES
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import task_submit

UPLOADS_FOLDER = "uploads"


def upload_save(*, uploaded: UploadedFile) -> Path:
    """Store an uploaded file below ``data_dir()/uploads/<day>-<random>/``; return its path.

    The bytes go to a temporary file in the target folder first and are renamed into place,
    so the importer never sees half a file.
    """
    name = get_valid_filename(Path(uploaded.name or "upload").name)[-120:] or "upload"
    folder = data_dir() / UPLOADS_FOLDER / f"{dt.date.today():%Y-%m-%d}-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True, exist_ok=False)
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".upload.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        target = folder / name
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def statistics_import_submit(
    *,
    user: Any,
    source: str,
    uploaded: UploadedFile,
    dry_run: bool,
    reference_date: dt.date | None = None,
    variant: str | None = None,
    make_current: bool = False,
) -> Task:
    """Save the upload and queue its import as a background task for ``user``."""
    if source not in IMPORT_SOURCES:
        raise ValueError(f"Unbekannte Quelle {source!r} / unknown source")
    path = upload_save(uploaded=uploaded)
    imported_by = (user.get_full_name() or user.get_username()).strip()
    params = {
        "source": source,
        "path": str(path.relative_to(data_dir())),
        "file_name": path.name,
        "dry_run": bool(dry_run),
        "reference_date": reference_date.isoformat() if reference_date else None,
        "variant": variant or None,
        "make_current": bool(make_current),
        "imported_by": imported_by,
    }
    title = (
        gettext_noop("Prüfung von %(file_name)s")
        if dry_run
        else gettext_noop("Import von %(file_name)s")
    )
    return task_submit(kind=IMPORT_KIND, title=title, params=params, created_by=user)
