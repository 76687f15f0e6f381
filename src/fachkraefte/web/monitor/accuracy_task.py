"""Building a run's accuracy table in the background (task kind ``monitor.accuracy``).

The backtests behind the "Treffsicherheit" page cost a Monte Carlo per origin, so a request never
computes them: it queues this task once and answers "being prepared" (503) until it is done.
Kept apart from the page module so that the page frame can queue it without an import cycle.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from fachkraefte.reports.accuracy import accuracy_ready, build_accuracy
from fachkraefte.web.monitor.aggregates_task import queue_run_task
from fachkraefte.web.tasks.registry import Report, task_kind

ACCURACY_KIND = "monitor.accuracy"


@task_kind(ACCURACY_KIND)
def build_run_accuracy(params: dict[str, Any], report: Report) -> dict[str, Any]:
    run_id = params["run_id"]
    if not accuracy_ready(run_id):
        report(10, gettext_noop("Rückrechnungen werden berechnet"))
        build_accuracy(run_id)
    report(100, gettext_noop("Treffsicherheit gespeichert"))
    return {"lines": [[gettext_noop("Prognoselauf"), run_id]]}


def request_accuracy(run_id: str) -> bool:
    """Queue the accuracy table of ``run_id`` unless it is queued or running already."""
    return queue_run_task(
        kind=ACCURACY_KIND,
        title=gettext_noop("Treffsicherheit für Prognoselauf %(run_id)s"),
        run_id=run_id,
    )
