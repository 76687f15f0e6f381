"""Two quick votes of one person at once cannot together exceed her dots (PostgreSQL).

Real threads, each with its own connection, committing real transactions: the protocol row's
``SELECT ... FOR UPDATE`` makes the second vote wait for the first and then count its dots.
Without the lock both would see all dots free and both be stored.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.workshop_outcomes import services
from fachkraefte.web.workshop_outcomes.models import OutcomeVote
from fachkraefte.web.workshops.models import Workshop


def _world():
    office = get_user_model().objects.create_user("buero-rennen")
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    start = timezone.now() - dt.timedelta(days=1)
    workshop = Workshop.objects.create(
        slug="zw-rennen",
        title="Zukunftswerkstatt Rennen",
        status=Workshop.Status.DONE,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
        venue="Saal",
        capacity=10,
    )
    services.protocol_setup(actor=office, workshop=workshop, template="hessen", dots_per_person=2)
    outcomes = [
        services.outcome_create(
            actor=office, workshop=workshop, phase="bild", category="anmerkung", text=text
        )
        for text in ("Eins", "Zwei")
    ]
    return office, outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_votes_at_once_stay_within_the_dots(round_):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: run with DATABASE_URL on PostgreSQL")
    office, outcomes = _world()
    start = threading.Barrier(2)
    results: list[object] = [None, None]

    def vote(index: int) -> None:
        try:
            start.wait()
            services.outcome_vote(actor=office, outcome=outcomes[index], dots=2)
            results[index] = "stored"
        except ValidationError as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(isinstance(r, ValidationError) for r in results) == [False, True], results
    assert sum(OutcomeVote.objects.values_list("dots", flat=True)) == 2
