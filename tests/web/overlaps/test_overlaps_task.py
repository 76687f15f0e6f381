"""The refresh runs as a background task; the periodic job and the office's button queue it
once, never twice; nobody else may start it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fachkraefte.overlap import OverlapIndex
from fachkraefte.overlap.files import stored_index_dir
from fachkraefte.web.overlaps.tasks import REFRESH_KIND, refresh_periodically
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import task_claim, task_execute

pytestmark = pytest.mark.django_db


def test_the_periodic_job_queues_one_refresh_that_stores_the_index(tmp_path, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    refresh_periodically()
    refresh_periodically()  # still queued: not a second one
    (task,) = Task.objects.filter(kind=REFRESH_KIND)
    # run it as the worker does (the queue itself is tested in tests/web/tasks)
    task = task_execute(task=task_claim(task_id=task.pk))
    assert task.status == Task.Status.DONE, (task.message, task.error_report)
    assert ["Einträge im Index", 0] in task.result["lines"]
    assert len(OverlapIndex.load(stored_index_dir())) == 0


def test_only_the_office_starts_a_refresh(world, clients):
    url = reverse("overlaps:refresh")
    assert clients["steering"].post(url).status_code == 403
    answer = clients["coordination"].post(url)
    task = Task.objects.get(kind=REFRESH_KIND)
    assert answer.status_code == 302 and answer["Location"].endswith(f"/aufgaben/{task.pk}/")
