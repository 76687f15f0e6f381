"""The task list sorts, filters by status and kind, and exports – only the tasks one may see."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import task_submit

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def titles(response) -> list[str]:
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Aufgabe"
    return [row[0] for row in rows[1:]]


@pytest.fixture()
def tasks(users):
    for title, user in (("Alpha", "ordinary"), ("Beta", "ordinary"), ("Geheim", "other")):
        task_submit(kind="tests.count", title=title, params={}, created_by=users[user])
    Task.objects.filter(title="Beta").update(status=Task.Status.DONE, progress=100)


def test_sort_filter_and_export(users, tasks):
    client = _client(users["ordinary"])
    assert titles(client.get("/aufgaben/?format=csv&sort=title")) == ["Alpha", "Beta"]
    assert titles(client.get("/aufgaben/?format=csv&sort=-progress")) == ["Beta", "Alpha"]
    assert titles(client.get("/aufgaben/?format=csv&status=done")) == ["Beta"]
    assert titles(client.get("/aufgaben/?format=csv&art=other.kind")) == []
    sheet = load_workbook(io.BytesIO(client.get("/aufgaben/?format=xlsx&sort=title").content))
    rows = list(sheet.active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Alpha", "Beta"] and rows[2][2] == 100
    html = client.get("/aufgaben/?status=queued").content.decode()
    assert "1 Aufgabe<" in html and "Alpha" in html and "Beta" not in html.split("<tbody")[1]


def test_others_tasks_are_not_exported(users, tasks):
    assert titles(_client(users["other"]).get("/aufgaben/?format=csv")) == ["Geheim"]
    assert sorted(titles(_client(users["coordination"]).get("/aufgaben/?format=csv"))) == [
        "Alpha",
        "Beta",
        "Geheim",
    ]
    assert Client().get("/aufgaben/?format=csv").status_code == 302
