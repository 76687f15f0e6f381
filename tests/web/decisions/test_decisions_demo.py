"""ensure_demo_decisions(): one past decided item, one upcoming open item; idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from fachkraefte.web.alliances.models import Alliance, AllianceRole
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.decisions.demo import ensure_demo_decisions
from fachkraefte.web.decisions.models import AgendaItem, Meeting, Vote
from fachkraefte.web.programmes.models import ConsensusRule


def make_user(username: str):
    return get_user_model().objects.create_user(username)


pytestmark = pytest.mark.django_db


def test_without_the_alliance_nothing_happens():
    assert ensure_demo_decisions() == 0
    assert not Meeting.objects.exists() and not AuditEntry.objects.exists()


def test_without_the_steering_users_nothing_happens():
    Alliance.objects.create(
        slug="fachkraeftebuendnis-ems-achse", name="Demo-Fachkräftebündnis Ems-Achse"
    )
    make_user("steuerung1")
    assert ensure_demo_decisions() == 0
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("rule", [ConsensusRule.UNANIMITY, ConsensusRule.NO_OBJECTION])
def test_demo_meetings_are_created_once(rule):
    alliance = Alliance.objects.create(
        slug="fachkraeftebuendnis-ems-achse",
        name="Demo-Fachkräftebündnis Ems-Achse",
        consensus_rule=rule,
    )
    for name in ("steuerung1", "steuerung2", "steuerung3"):
        AllianceRole.objects.create(
            alliance=alliance, user=make_user(name), kind=AllianceRole.Kind.STEERING
        )
    AllianceRole.objects.create(
        alliance=alliance, user=make_user("mitglied"), kind=AllianceRole.Kind.MEMBER
    )
    today = dt.date(2025, 6, 1)
    assert ensure_demo_decisions(today=today) == 2
    past, upcoming = Meeting.objects.order_by("date")
    assert past.date < today < upcoming.date
    decided = AgendaItem.objects.get(meeting=past)
    assert (decided.status, decided.outcome) == ("decided", "adopted")
    assert decided.decided_by.username == "steuerung1"
    assert Vote.objects.filter(agenda_item=decided).count() == 3
    open_item = AgendaItem.objects.get(meeting=upcoming)
    assert open_item.is_open
    assert list(open_item.votes.values_list("user__username", flat=True)) == ["steuerung1"]
    assert AuditEntry.objects.filter(action="decide").count() == 1
    counts = (Meeting.objects.count(), AgendaItem.objects.count(), Vote.objects.count())
    entries = AuditEntry.objects.count()
    assert ensure_demo_decisions(today=today + dt.timedelta(days=100)) == 0
    assert (Meeting.objects.count(), AgendaItem.objects.count(), Vote.objects.count()) == counts
    assert AuditEntry.objects.count() == entries
