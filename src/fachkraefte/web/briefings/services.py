"""Writes of the briefings app: asking for a pack (the work runs as a background task)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_noop

from fachkraefte.web.briefings import rules
from fachkraefte.web.briefings.selectors import PACK_KIND
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import task_submit_once


def briefing_request(*, actor: Any, run_id: str, ags: str) -> tuple[Task, bool]:
    """Queue the pack of ``ags`` from ``run_id`` unless one is queued or running already;
    returns the task and whether it is new."""
    if not rules.can_generate(actor, ags):
        raise PermissionDenied
    return task_submit_once(
        kind=PACK_KIND,
        title=gettext_noop("Unterlagen zur Zukunftswerkstatt für %(ags)s"),
        params={"run_id": run_id, "ags": ags},
        created_by=actor,
    )
