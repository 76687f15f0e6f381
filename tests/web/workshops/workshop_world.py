"""A small workshop world: the office, an online workshop with few places, people to register.

An online workshop needs no regions, so the world builds fast and also on a file copy of the
test database (the concurrency test). The clock is fixed: ``T0`` is "now" in the tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.workshops import services

T0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
_numbers = itertools.count(1)


def person(name: str = "person"):
    number = next(_numbers)
    return get_user_model().objects.create_user(
        f"{name}{number}", email=f"{name}{number}@example.org", first_name=name.title()
    )


def build_workshop_world(
    *, capacity: int = 2, hold_hours: int = 48, starts_in: dt.timedelta = dt.timedelta(days=30)
) -> SimpleNamespace:
    office = person("office")
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    starts = T0 + starts_in
    workshop = services.workshop_create(
        actor=office,
        alliance=None,
        slug=f"online-werkstatt-{next(_numbers)}",
        title="Online-Werkstatt Personalgewinnung",
        kind="online",
        online_link="https://konferenz.example.org/werkstatt",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        capacity=capacity,
        offer_hold_hours=hold_hours,
    )
    services.workshop_transition(actor=office, workshop=workshop, to="open", now=T0)
    workshop.refresh_from_db()
    return SimpleNamespace(office=office, workshop=workshop, people=[person() for _ in range(6)])
