"""Building a run's aggregates in the background (task kind ``monitor.aggregates``).

``fachkraefte forecast run`` and ``fachkraefte demo`` build the aggregates together with the
run. A run made another way (or aggregates of an older :data:`~fachkraefte.reports.aggregates.VERSION`)
has none yet: a monitor request then never builds them itself but queues this task once and
answers "being prepared" (503) until the task is done.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError
from django.utils.translation import gettext_noop

from fachkraefte.reports import aggregates_ready, build_aggregates
from fachkraefte.web.tasks.registry import Report, task_kind

AGGREGATES_KIND = "monitor.aggregates"


@task_kind(AGGREGATES_KIND)
def build_run_aggregates(params: dict[str, Any], report: Report) -> dict[str, Any]:
    run_id = params["run_id"]
    if not aggregates_ready(run_id):  # another process may have finished them meanwhile
        report(10, gettext_noop("Aggregate werden berechnet"))
        build_aggregates(run_id)
    report(100, gettext_noop("Aggregate gespeichert"))
    return {"lines": [[gettext_noop("Prognoselauf"), run_id]]}


def queue_run_task(*, kind: str, title: str, run_id: str) -> bool:
    """Queue the task ``kind`` for ``run_id`` unless it is queued or running already.

    Returns whether a task was queued now; without a task table (e.g. migrations pending) it
    queues nothing, so that the page still answers.
    """
    from fachkraefte.web.tasks.services import task_submit_once

    try:
        _task, created = task_submit_once(
            kind=kind, title=title, params={"run_id": run_id}, created_by=None
        )
    except DatabaseError:
        return False
    return created


def request_aggregates(run_id: str) -> bool:
    """Queue the build of ``run_id``'s aggregates unless it is queued or running already."""
    return queue_run_task(
        kind=AGGREGATES_KIND,
        title=gettext_noop("Aggregate für Prognoselauf %(run_id)s"),
        run_id=run_id,
    )
