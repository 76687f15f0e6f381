"""The task page and its status fragment: who may see a task, HTMX polling, results, problems."""

from __future__ import annotations

import pytest
from django.test import Client

from fachkraefte.web.tasks.services import task_submit, tasks_run_queued

pytestmark = pytest.mark.django_db


@pytest.fixture()
def task(users):
    return task_submit(kind="tests.count", title="Zählen", params={}, created_by=users["ordinary"])


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("url", ["/aufgaben/{pk}/", "/aufgaben/{pk}/status/"])
@pytest.mark.parametrize(
    ("role", "expected"),
    [("ordinary", 200), ("other", 404), ("coordination", 200), ("admin", 200)],
)
def test_who_sees_a_task(users, task, url, role, expected):
    assert _client(users[role]).get(url.format(pk=task.pk)).status_code == expected


def test_anonymous_is_sent_to_the_login(task):
    response = Client().get(f"/aufgaben/{task.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")


def test_unknown_task_is_404(users):
    assert _client(users["admin"]).get("/aufgaben/999999/").status_code == 404


def test_status_polls_until_the_task_ends(users, task):
    client = _client(users["ordinary"])
    html = client.get(f"/aufgaben/{task.pk}/").content.decode()
    assert f'hx-get="/aufgaben/{task.pk}/status/"' in html and 'hx-trigger="every 2s"' in html
    assert '<progress id="task-progress-' in html and 'value="0"' in html
    assert "wartet" in html
    tasks_run_queued()
    fragment = client.get(f"/aufgaben/{task.pk}/status/")
    html = fragment.content.decode()
    assert fragment["Cache-Control"] == "no-store"
    assert "<html" not in html and "hx-get" not in html  # polling stops
    assert 'value="100"' in html and "abgeschlossen" in html and "3 Schritte" in html


def test_failed_task_lists_every_problem_in_the_users_language(users):
    failing = task_submit(
        kind="tests.count", title="Zählen", params={"fail": "expected"}, created_by=users["other"]
    )
    tasks_run_queued()
    client = _client(users["other"])
    html = client.get(f"/aufgaben/{failing.pk}/").content.decode()
    assert "fehlgeschlagen" in html and 'role="alert"' in html
    for cell in ("a.xlsx", "Tabelle 1", ">7<", ">C<", "elf", "keine Zahl"):
        assert cell in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "not a number" in client.get(f"/aufgaben/{failing.pk}/").content.decode()


def test_task_list_shows_own_tasks_only(users, task):
    assert "Zählen" in _client(users["ordinary"]).get("/aufgaben/").content.decode()
    assert "Zählen" not in _client(users["other"]).get("/aufgaben/").content.decode()
    assert "Zählen" in _client(users["coordination"]).get("/aufgaben/").content.decode()
