"""Writes of background tasks: submit, claim, run, and fail the ones a dead worker left behind."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.queue import queue_put
from fachkraefte.web.tasks.registry import TaskFailed, UnknownTaskKindError, task_function

logger = logging.getLogger(__name__)


def stale_after() -> dt.timedelta:
    """A running task without a progress report for this long counts as abandoned: longer
    than the task library lets a task run (its ``timeout`` kills it), so a slow task that
    reports rarely is never failed while it still runs."""
    return dt.timedelta(seconds=settings.Q_CLUSTER["timeout"]) + dt.timedelta(minutes=5)


def worker_label() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def task_submit(*, kind: str, title: str, params: dict[str, Any], created_by: Any) -> Task:
    """Record a task and hand it to the task library once the transaction has committed.

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
        # After the commit, so that a worker never looks for a record it cannot see yet.
        transaction.on_commit(partial(queue_put, task_id=task.pk, kind=kind))
    return task


def task_submit_once(
    *, kind: str, title: str, params: dict[str, Any], created_by: Any
) -> tuple[Task, bool]:
    """Submit unless a task of this kind with these (scalar) parameters is queued or running;
    returns that task or the new one, and whether it is new."""
    same = {f"params__{key}": value for key, value in params.items()}
    pending = (
        Task.objects.filter(kind=kind, status__in=[Task.Status.QUEUED, Task.Status.RUNNING], **same)
        .order_by("created_at", "pk")
        .first()
    )
    if pending is not None:
        return pending, False
    return task_submit(kind=kind, title=title, params=params, created_by=created_by), True


def task_claim(*, task_id: int, label: str | None = None) -> Task | None:
    """Mark the queued task as running for this worker and return it; ``None`` when it is not
    queued (any more).

    The conditional update makes the claim atomic: a job the broker delivers twice (after a
    lost acknowledgement) or a task run by hand meanwhile runs only once.
    """
    now = timezone.now()
    claimed = Task.objects.filter(pk=task_id, status=Task.Status.QUEUED).update(
        status=Task.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        progress=0,
        worker=label or worker_label(),
        message=gettext_noop("Läuft"),
    )
    return Task.objects.get(pk=task_id) if claimed else None


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


def task_run(*, task_id: int) -> str:
    """The job the task library's worker runs: claim the task and run it to its end.

    Returns the final status for the library's own record; never raises.
    """
    task = task_claim(task_id=task_id)
    if task is None:
        return "skipped"
    return task_execute(task=task).status


def tasks_run_queued(*, limit: int | None = None) -> int:
    """Run queued tasks (oldest first) in this thread, without the task library; return how
    many ran. For scripts and tests that do not go through the broker; the worker's job for a
    task run here finds it claimed and skips it."""
    done = 0
    while limit is None or done < limit:
        pk = (
            Task.objects.filter(status=Task.Status.QUEUED)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            break
        task = task_claim(task_id=pk)
        if task is not None:
            task_execute(task=task)
            done += 1
    return done


def _process_gone(label: str) -> bool:
    host, _, pid = label.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True  # a worker runs one task at a time, and this one checks for stale tasks
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def tasks_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Mark running tasks failed whose worker process is gone or that stopped reporting.

    A periodic job (``schedules``) and every worker start run this.
    """
    now = now or timezone.now()
    limit = stale_after()
    stale = [
        task.pk
        for task in Task.objects.filter(status=Task.Status.RUNNING).only(
            "pk", "worker", "heartbeat_at"
        )
        if _process_gone(task.worker)
        or task.heartbeat_at is None
        or now - task.heartbeat_at > limit
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
