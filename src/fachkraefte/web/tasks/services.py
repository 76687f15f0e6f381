"""Writes of background tasks: submit, claim, run, and fail the ones a dead worker left behind."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.registry import TaskFailed, UnknownTaskKindError, task_function

logger = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=30)
"""A running task without a progress report for this long counts as abandoned."""


def worker_label() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def runs_in_thread() -> bool:
    """Whether submitting starts the in-process worker (tests run tasks with ``tasks_run_queued``)."""
    return bool(getattr(settings, "FACHKRAEFTE_TASKS_IN_THREAD", True))


def task_submit(*, kind: str, title: str, params: dict[str, Any], created_by: Any) -> Task:
    """Queue a task; the worker thread is woken once the transaction has committed.

    ``title`` is a German msgid that may use ``%(name)s`` placeholders filled from ``params``.
    """
    task_function(kind)  # an unknown kind fails here, in the request, not later
    with transaction.atomic():
        task = Task.objects.create(
            kind=kind,
            title=title,
            params=params,
            created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
            message=gettext_noop("Wartet auf die Ausführung"),
        )
        if runs_in_thread():
            from fachkraefte.web.tasks import worker

            transaction.on_commit(worker.wake)
    return task


def task_claim_next(*, label: str | None = None) -> Task | None:
    """Mark the oldest queued task as running for this worker and return it.

    The conditional update makes the claim atomic, also between several web processes.
    """
    now = timezone.now()
    for pk in (
        Task.objects.filter(status=Task.Status.QUEUED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:10]
    ):
        claimed = Task.objects.filter(pk=pk, status=Task.Status.QUEUED).update(
            status=Task.Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            progress=0,
            worker=label or worker_label(),
            message=gettext_noop("Läuft"),
        )
        if claimed:
            return Task.objects.get(pk=pk)
    return None


def _finish(task: Task, status: str, **fields: Any) -> None:
    Task.objects.filter(pk=task.pk).update(status=status, finished_at=timezone.now(), **fields)


def task_execute(*, task: Task) -> Task:
    """Run a claimed task to its end; never raises (the worker must survive any task)."""

    def report(percent: int, message: str) -> None:
        Task.objects.filter(pk=task.pk).update(
            progress=max(0, min(99, int(percent))),
            message=str(message)[:300],
            heartbeat_at=timezone.now(),
        )

    try:
        result = task_function(task.kind)(dict(task.params), report)
    except TaskFailed as failure:
        _finish(
            task,
            Task.Status.FAILED,
            message=failure.message[:300],
            error_report=failure.report,
        )
    except UnknownTaskKindError as error:
        _finish(task, Task.Status.FAILED, message=str(error)[:300], error_report={})
    except Exception as error:  # noqa: BLE001  (any failure of a task ends only that task)
        logger.exception("Hintergrundaufgabe %s (%s) fehlgeschlagen", task.pk, task.kind)
        _finish(
            task,
            Task.Status.FAILED,
            message=gettext_noop("Interner Fehler – bitte die Administration informieren"),
            error_report={"error": f"{type(error).__name__}: {error}"[:2000]},
        )
    else:
        _finish(
            task,
            Task.Status.DONE,
            progress=100,
            result=result,
            message=gettext_noop("Abgeschlossen"),
        )
    task.refresh_from_db()
    return task


def tasks_run_queued(*, limit: int | None = None) -> int:
    """Run queued tasks one after another in this thread until none is left; return how many.

    The worker thread calls this; tests and scripts call it directly instead of waiting.
    """
    done = 0
    while limit is None or done < limit:
        task = task_claim_next()
        if task is None:
            break
        task_execute(task=task)
        done += 1
    return done


def _process_gone(label: str) -> bool:
    host, _, pid = label.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True  # this process starts its worker now, so nothing of ours is running
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def tasks_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Mark running tasks failed whose worker process is gone or that stopped reporting."""
    now = now or timezone.now()
    stale = [
        task.pk
        for task in Task.objects.filter(status=Task.Status.RUNNING).only(
            "pk", "worker", "heartbeat_at"
        )
        if _process_gone(task.worker)
        or task.heartbeat_at is None
        or now - task.heartbeat_at > STALE_AFTER
    ]
    if not stale:
        return 0
    return Task.objects.filter(pk__in=stale, status=Task.Status.RUNNING).update(
        status=Task.Status.FAILED,
        finished_at=now,
        message=gettext_noop(
            "Abgebrochen: der Server wurde neu gestartet oder die Aufgabe meldete sich nicht mehr"
        ),
        error_report={"error": "stale"},
    )
