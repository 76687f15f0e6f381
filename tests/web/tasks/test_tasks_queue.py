"""The real path through the task library: submit → broker (the ORM queue in the test
database) → worker → progress and result on the task page; and the periodic jobs.

The worker loop runs in this process (``queue_process``), so no external worker is needed.
"""

from __future__ import annotations

import datetime as dt
import pydoc

import pytest
from django.test import Client
from django.utils import timezone
from django_q.models import Schedule, Success

from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.queue import queue_process, queue_schedule_due, queue_size
from fachkraefte.web.tasks.registry import task_kind
from fachkraefte.web.tasks.schedules import PERIODIC_JOBS, PeriodicJob, schedules_register
from fachkraefte.web.tasks.services import task_submit, tasks_fail_stale

SEEN_WHILE_RUNNING: dict[int, str] = {}


@task_kind("tests.observed")
def observed_task(params, report):
    """Reports half-time, then looks at its own task page the way the browser polls it."""
    report(40, "Halbzeit")
    client = Client()
    client.force_login(Task.objects.get(pk=params["task"]).created_by)
    status = client.get(f"/aufgaben/{params['task']}/status/")
    SEEN_WHILE_RUNNING[params["task"]] = status.content.decode()
    return {"lines": [["Ergebnis", "gesehen"]]}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_a_task_goes_through_the_queue_to_the_task_page(users):
    client = _client(users["ordinary"])
    task = task_submit(
        kind="tests.count", title="Zählen", params={"steps": 4}, created_by=users["ordinary"]
    )
    assert queue_size() == 1  # committed, so the broker has the job
    assert "wartet" in client.get(f"/aufgaben/{task.pk}/").content.decode()
    assert queue_process() == 1
    assert queue_size() == 0
    html = client.get(f"/aufgaben/{task.pk}/status/").content.decode()
    assert 'value="100"' in html and "abgeschlossen" in html and "4 Schritte" in html
    assert Success.objects.get(group="tests.count").result == Task.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_progress_is_on_the_task_page_while_the_worker_runs(users):
    task = task_submit(
        kind="tests.observed", title="Beobachtet", params={}, created_by=users["other"]
    )
    Task.objects.filter(pk=task.pk).update(params={"task": task.pk})
    assert queue_process() == 1
    running = SEEN_WHILE_RUNNING.pop(task.pk)
    assert 'value="40"' in running and "Halbzeit" in running and "läuft" in running
    assert 'hx-trigger="every 2s"' in running  # the page keeps polling while it runs
    assert Task.objects.get(pk=task.pk).status == Task.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_a_failure_in_the_worker_shows_the_german_error_report(users):
    failing = task_submit(
        kind="tests.count", title="Zählen", params={"fail": "expected"}, created_by=users["other"]
    )
    crashing = task_submit(
        kind="tests.count", title="Zählen", params={"fail": "crash"}, created_by=users["other"]
    )
    assert queue_process() == 2  # the worker survives both
    html = _client(users["other"]).get(f"/aufgaben/{failing.pk}/").content.decode()
    assert "fehlgeschlagen" in html and "keine Zahl" in html and "Tabelle 1" in html
    crashed = Task.objects.get(pk=crashing.pk)
    assert crashed.status == Task.Status.FAILED and "Interner Fehler" in crashed.message


@pytest.mark.django_db
def test_every_periodic_job_is_scheduled_and_names_a_function():
    for job in PERIODIC_JOBS:
        schedule = Schedule.objects.get(name=job.name)  # written by migrate (post_migrate)
        assert (schedule.func, schedule.minutes, schedule.repeats) == (job.func, job.minutes, -1)
        assert schedule.schedule_type == Schedule.MINUTES
        assert callable(pydoc.locate(schedule.func))
    assert pydoc.locate("fachkraefte.web.tasks.services.tasks_fail_stale") is tasks_fail_stale


@pytest.mark.django_db
def test_registering_again_updates_a_changed_job_and_keeps_its_next_run():
    before = Schedule.objects.get(name="tasks.fail-stale")
    changed = PeriodicJob(name="tasks.fail-stale", func=before.func, minutes=3)
    assert schedules_register(jobs=(changed,)) == 0
    after = Schedule.objects.get(name="tasks.fail-stale")
    assert after.minutes == 3 and after.next_run == before.next_run
    assert Schedule.objects.filter(name="tasks.fail-stale").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_runs_the_stale_task_job_in_the_worker(users):
    stale = task_submit(kind="tests.count", title="Zählen", params={}, created_by=users["ordinary"])
    queue_process()  # the submit's own job: runs the task
    Task.objects.filter(pk=stale.pk).update(
        status=Task.Status.RUNNING,
        worker="anderer-server:1",
        heartbeat_at=timezone.now() - dt.timedelta(hours=2),
    )
    schedule = Schedule.objects.get(name="tasks.fail-stale")
    queue_schedule_due()
    assert queue_size() == 0  # not due yet: nothing queued
    Schedule.objects.filter(pk=schedule.pk).update(
        next_run=timezone.now() - dt.timedelta(seconds=1)
    )
    queue_schedule_due()
    assert queue_size() == 1
    assert queue_process() == 1
    failed = Task.objects.get(pk=stale.pk)
    assert failed.status == Task.Status.FAILED and "Abgebrochen" in failed.message
    assert Schedule.objects.get(pk=schedule.pk).next_run > timezone.now()
    assert Success.objects.get(func=schedule.func).result == 1  # one stale task failed
