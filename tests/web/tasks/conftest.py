"""Users of every role and a task kind that only the tests use."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.tasks.registry import TaskFailed, task_kind


@task_kind("tests.count")
def count_task(params, report):
    """Reports progress at each step; fails on purpose when asked."""
    for step in range(params.get("steps", 3)):
        report(100 * step // params.get("steps", 3), "Läuft")
    if params.get("fail") == "expected":
        raise TaskFailed(
            "Import abgelehnt",
            {
                "problems": [
                    {
                        "file": "a.xlsx",
                        "sheet": "Tabelle 1",
                        "row": 7,
                        "column": "C",
                        "value": "elf",
                        "message_de": "keine Zahl",
                        "message_en": "not a number",
                    }
                ]
            },
        )
    if params.get("fail") == "crash":
        raise RuntimeError("kaputt")
    return {"lines": [["Ergebnis", f"{params.get('steps', 3)} Schritte"]]}


@pytest.fixture()
def users(django_user_model):
    """One user per role; no passwords (tests log in with force_login, hashing is slow)."""
    group, _ = Group.objects.get_or_create(name=COORDINATION_GROUP)
    make = django_user_model.objects.create_user
    ordinary = make("olga")
    other = make("otto")
    coordination = make("karla", first_name="Karla", last_name="Koordination")
    coordination.groups.add(group)
    admin = django_user_model.objects.create_superuser("ada", email=None, password=None)
    return {"ordinary": ordinary, "other": other, "coordination": coordination, "admin": admin}
