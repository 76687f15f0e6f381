"""Office users pressing "als ausgezahlt buchen" at the same moment never overpay.

Real threads, each with its own database connection, committing real transactions, as in
``tests/web/funding/test_funding_concurrency.py``. Every payment first locks the budget the
project's commitment was booked on (PostgreSQL: ``SELECT ... FOR UPDATE``; SQLite: the
immediate write transaction), then reads the request's state and the cost type's paid amount
again, so the second thread sees what the first booked.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from p2_world import build_payment_world, make_project, make_request

from fachkraefte.web.funding.models import LedgerEntry
from fachkraefte.web.payments import services
from fachkraefte.web.payments.models import PaymentRequest

S = PaymentRequest.Status


@contextlib.contextmanager
def _file_database(tmp_path):
    """On SQLite: the threads open a file copy of the (in-memory) test database."""
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
    settings_dict["NAME"] = path
    try:
        yield path
    finally:
        settings_dict["NAME"] = name


def _payments(path) -> list[Decimal]:
    if path is None:
        entries = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT)
        return sorted(entries.values_list("amount", flat=True))
    with contextlib.closing(sqlite3.connect(path)) as db:
        rows = db.execute("select amount from funding_ledgerentry where kind = 'payment'")
        return sorted(Decimal(str(amount)) for (amount,) in rows.fetchall())


def _race(office, requests) -> list[object]:
    start = threading.Barrier(len(requests))
    outcomes: list[object] = [None] * len(requests)

    def pay(index: int) -> None:
        try:
            start.wait()
            request = PaymentRequest.objects.get(pk=requests[index].pk)
            outcomes[index] = services.payment_request_mark_paid(
                payment_request=request, actor=office
            )
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _world():
    pw = build_payment_world()
    project = make_project(
        call=pw.call,
        applicant=pw.applicant,
        office=pw.office,
        budget=pw.budget,
        lines={"personnel": "100.00"},
    )
    return pw, project


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_the_same_request_paid_twice_at_once_is_booked_once(round_, tmp_path):
    pw, project = _world()
    request = make_request(project, {"personnel": "60.00"}, status=S.APPROVED)
    with _file_database(tmp_path) as path:
        outcomes = _race(pw.office, [request, request])
    booked = [o for o in outcomes if isinstance(o, LedgerEntry)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(booked) == 1 and len(refused) == 1, (connection.vendor, outcomes)
    assert _payments(path) == [Decimal("60.00")]


@pytest.mark.django_db(transaction=True)
def test_requests_approved_in_a_race_never_pay_beyond_the_cost_type(tmp_path):
    """Four approved requests of 40 EUR against 100 EUR of personnel costs: two are paid."""
    pw, project = _world()
    requests = [make_request(project, {"personnel": "40.00"}, status=S.APPROVED) for _ in range(4)]
    with _file_database(tmp_path) as path:
        outcomes = _race(pw.office, requests)
    assert sum(isinstance(o, LedgerEntry) for o in outcomes) == 2, outcomes
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 2 and all("Personalausgaben" in str(o) for o in refused), outcomes
    assert _payments(path) == [Decimal("40.00"), Decimal("40.00")]
