"""Writes of the programme statistics: queue the import of an uploaded historic list."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_noop

from fachkraefte.paths import data_dir
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats.historic_task import HISTORIC_KIND
from fachkraefte.web.statistics.services import upload_save
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import task_submit


def historic_import_submit(
    *, user: Any, programme: Programme, uploaded: UploadedFile, dry_run: bool
) -> Task:
    """Save the upload and queue its import as a background task for ``user``."""
    path = upload_save(uploaded=uploaded)
    params = {
        "programme": programme.slug,
        "path": str(path.relative_to(data_dir())),
        "file_name": path.name,
        "dry_run": bool(dry_run),
        "actor_id": user.pk,
    }
    title = (
        gettext_noop("Prüfung von %(file_name)s")
        if dry_run
        else gettext_noop("Import von %(file_name)s")
    )
    return task_submit(kind=HISTORIC_KIND, title=title, params=params, created_by=user)
