"""The background task that refreshes the overlap index (task kind ``overlaps.refresh``) and
the periodic job that queues it."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError
from django.utils.translation import gettext_noop

from fachkraefte.web.tasks.registry import Report, task_kind

REFRESH_KIND = "overlaps.refresh"
REFRESH_TITLE = gettext_noop("Überschneidungsprüfung aktualisieren")


@task_kind(REFRESH_KIND)
def refresh(params: dict[str, Any], report: Report) -> dict[str, Any]:
    from fachkraefte.web.overlaps.services import overlaps_refresh

    counts = overlaps_refresh(report=report)
    report(100, gettext_noop("Überschneidungen gespeichert"))
    return {
        "lines": [
            [gettext_noop("Einträge im Index"), counts["indexed"]],
            [gettext_noop("neu eingebettet"), counts["embedded"]],
            [gettext_noop("geprüfte Anträge"), counts["proposals"]],
        ]
    }


def request_refresh(*, created_by: Any = None):
    """Queue a refresh unless one is queued or running; returns the task (or None without a
    task table)."""
    from fachkraefte.web.tasks.services import task_submit_once

    try:
        task, _created = task_submit_once(
            kind=REFRESH_KIND, title=REFRESH_TITLE, params={}, created_by=created_by
        )
    except DatabaseError:
        return None
    return task


def refresh_periodically() -> None:
    """The periodic job (tasks.schedules): new and changed proposals get checked within minutes."""
    request_refresh()
