"""People racing for the last places: never more registrations than the capacity.

Real threads, each with its own database connection, committing real transactions. On
PostgreSQL the workshop row's ``SELECT ... FOR UPDATE`` makes the second wait for the first; on
SQLite the immediate write transaction does the same. Without the lock both would count one
free place and both take it. On SQLite the race runs on a file copy of the test database (the
in-memory one refuses a second writer instead of letting it wait), as the funding race does.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading

import pytest
from django.db import connection, connections
from workshop_world import T0, build_workshop_world

from fachkraefte.web.workshops.models import Registration
from fachkraefte.web.workshops.registration_services import registration_create


@contextlib.contextmanager
def _file_database(tmp_path):
    if connection.vendor != "sqlite":
        yield None
        return
    connection.ensure_connection()
    path = str(tmp_path / "race.sqlite3")
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    settings_dict = connections.settings["default"]
    name = settings_dict["NAME"]
    settings_dict["NAME"] = path  # read by each thread's new connection
    try:
        yield path
    finally:
        settings_dict["NAME"] = name


def _statuses(path) -> list[str]:
    if path is None:
        return list(Registration.objects.values_list("status", flat=True))
    with contextlib.closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute("select status from workshops_registration")]


def _race(ww, people) -> list[object]:
    start = threading.Barrier(len(people))
    outcomes: list[object] = [None] * len(people)

    def register(index: int) -> None:
        try:
            start.wait()
            outcomes[index] = registration_create(
                actor=people[index], workshop=ww.workshop, now=T0
            ).status
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_people_take_the_last_place_at_once_one_gets_it(round_, tmp_path):
    ww = build_workshop_world(capacity=1)
    with _file_database(tmp_path) as path:
        outcomes = _race(ww, ww.people[:2])
    assert sorted(map(str, outcomes)) == ["registered", "waiting"], (connection.vendor, outcomes)
    assert sorted(_statuses(path)) == ["registered", "waiting"]


@pytest.mark.django_db(transaction=True)
def test_many_at_once_never_exceed_the_capacity(tmp_path):
    ww = build_workshop_world(capacity=3)
    with _file_database(tmp_path) as path:
        outcomes = _race(ww, ww.people)
    assert outcomes.count("registered") == 3, outcomes
    assert outcomes.count("waiting") == 3, outcomes
    statuses = _statuses(path)
    assert statuses.count("registered") == 3 and statuses.count("waiting") == 3
