"""Running a task: claim, run, failures, stale tasks (the broker path: ``test_tasks_queue``)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest
from django.utils import timezone

from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import (
    task_claim,
    task_run,
    task_submit,
    tasks_fail_stale,
    tasks_run_queued,
)

pytestmark = pytest.mark.django_db


def _submit(user, **params):
    return task_submit(kind="tests.count", title="Zählen", params=params, created_by=user)


def test_a_task_runs_to_completion(users):
    task = _submit(users["ordinary"], steps=4)
    assert task.status == Task.Status.QUEUED and task.progress == 0
    assert tasks_run_queued() == 1
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.progress == 100
    assert task.result == {"lines": [["Ergebnis", "4 Schritte"]]}
    assert task.started_at <= task.finished_at and task.worker.endswith(f":{os.getpid()}")


def test_unknown_kind_is_refused_at_submit(users):
    with pytest.raises(LookupError, match="Unbekannte Aufgabenart"):
        task_submit(kind="gibt.es.nicht", title="x", params={}, created_by=users["ordinary"])
    assert not Task.objects.exists()


def test_failures_end_only_their_task(users):
    expected = _submit(users["ordinary"], fail="expected")
    crash = _submit(users["ordinary"], fail="crash")
    fine = _submit(users["ordinary"])
    assert tasks_run_queued() == 3  # the runner survives both failures
    expected.refresh_from_db(), crash.refresh_from_db(), fine.refresh_from_db()
    assert expected.status == crash.status == Task.Status.FAILED
    assert expected.error_report["problems"][0]["value"] == "elf"
    assert crash.error_report == {"error": "RuntimeError: kaputt"}
    assert "Interner Fehler" in crash.message
    assert fine.status == Task.Status.DONE


def test_a_claimed_task_is_not_claimed_twice(users):
    task = _submit(users["ordinary"])
    assert task_claim(task_id=task.pk) is not None
    assert task_claim(task_id=task.pk) is None


def test_a_job_delivered_twice_runs_its_task_once(users):
    task = _submit(users["ordinary"], steps=2)
    assert task_run(task_id=task.pk) == Task.Status.DONE
    finished = Task.objects.get(pk=task.pk).finished_at
    assert task_run(task_id=task.pk) == "skipped"
    assert Task.objects.get(pk=task.pk).finished_at == finished


def _running(user, *, worker_label, heartbeat):
    task = _submit(user)
    Task.objects.filter(pk=task.pk).update(
        status=Task.Status.RUNNING, worker=worker_label, heartbeat_at=heartbeat
    )
    return task


def test_stale_running_tasks_are_failed(users):
    now = timezone.now()
    host = socket.gethostname()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    gone = _running(users["ordinary"], worker_label=f"{host}:{dead.stdout.strip()}", heartbeat=now)
    silent = _running(
        users["ordinary"], worker_label="anderer-server:1", heartbeat=now - dt.timedelta(hours=2)
    )
    slow = _running(  # silent for 40 minutes, but the library lets a task run for an hour
        users["ordinary"], worker_label="anderer-server:2", heartbeat=now - dt.timedelta(minutes=40)
    )
    alive = _running(users["ordinary"], worker_label=f"{host}:{os.getppid()}", heartbeat=now)
    elsewhere = _running(users["ordinary"], worker_label="anderer-server:1", heartbeat=now)
    assert tasks_fail_stale(now=now) == 2
    states = {
        t.pk: Task.objects.get(pk=t.pk).status for t in (gone, silent, slow, alive, elsewhere)
    }
    assert states == {
        gone.pk: Task.Status.FAILED,
        silent.pk: Task.Status.FAILED,
        slow.pk: Task.Status.RUNNING,
        alive.pk: Task.Status.RUNNING,
        elsewhere.pk: Task.Status.RUNNING,
    }
    assert "Abgebrochen" in Task.objects.get(pk=gone.pk).message
