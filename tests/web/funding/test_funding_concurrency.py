"""Two steering decisions race for the last euro: exactly one commitment is booked.

Real threads, each with its own database connection, committing real transactions. On
PostgreSQL the budget row's ``SELECT ... FOR UPDATE`` makes the second wait for the first; on
SQLite the immediate write transaction (settings.py) does the same. Without the lock both
threads would read 100 EUR available and both book.

SQLite's in-memory test database is shared between connections through its shared cache, where
a second writer is refused at once instead of waiting; the deployed database is a file, where it
waits. So on SQLite the race runs on a file copy of the test database, as in production.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from funding_world import build_funding_world, make_proposal

from fachkraefte.web.funding import services
from fachkraefte.web.funding.ledger import BudgetExceeded, balances
from fachkraefte.web.funding.models import LedgerEntry


@contextlib.contextmanager
def _file_database(tmp_path):
    """On SQLite: the threads open a file copy of the (in-memory) test database."""
    if connection.vendor != "sqlite":
        yield
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


def _count_commitments(path) -> int:
    if path is None:
        return LedgerEntry.objects.filter(kind=LedgerEntry.Kind.COMMITMENT).count()
    with contextlib.closing(sqlite3.connect(path)) as db:
        query = "select count(*) from funding_ledgerentry where kind = 'commitment'"
        return db.execute(query).fetchone()[0]


def _race(fw, proposals, amount: str) -> list[object]:
    start = threading.Barrier(len(proposals))
    outcomes: list[object] = [None] * len(proposals)

    def decide(index: int) -> None:
        try:
            start.wait()
            outcomes[index] = services.ledger_commit(
                budget=fw.budget, amount=amount, proposal=proposals[index], actor=fw.office
            )
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(len(proposals))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_decisions_racing_for_the_last_euro_one_wins(round_, tmp_path):
    fw = build_funding_world()
    services.budget_allocate(budget=fw.budget, amount="100.00", actor=fw.office)
    proposals = [make_proposal(fw.call, fw.applicant) for _ in range(2)]

    with _file_database(tmp_path) as path:
        outcomes = _race(fw, proposals, "100.00")

    booked = [o for o in outcomes if isinstance(o, LedgerEntry)]
    refused = [o for o in outcomes if isinstance(o, BudgetExceeded)]
    assert len(booked) == 1 and len(refused) == 1, (connection.vendor, outcomes)
    assert _count_commitments(path) == 1


@pytest.mark.django_db(transaction=True)
def test_many_small_decisions_never_overspend(tmp_path):
    fw = build_funding_world()
    services.budget_allocate(budget=fw.budget, amount="50.00", actor=fw.office)
    proposals = [make_proposal(fw.call, fw.applicant) for _ in range(6)]

    with _file_database(tmp_path) as path:
        outcomes = _race(fw, proposals, "20.00")

    assert sum(isinstance(o, LedgerEntry) for o in outcomes) == 2, outcomes
    assert sum(isinstance(o, BudgetExceeded) for o in outcomes) == 4, outcomes
    assert _count_commitments(path) == 2
    if path is None:
        assert balances(fw.budget).available == Decimal("10.00")
