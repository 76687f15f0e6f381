"""Two alliances and one person for every role, made directly through the ORM.

Inside this folder ``world`` is this domain world, not the role world of tests/web/conftest.py
(``role_world.py``); who may do what belongs in the role matrix (tests/web/test_role_matrix*.py).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from fachkraefte.web.accounts.roles import APPLICANT_GROUP, COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance, AllianceRole
from fachkraefte.web.decisions import services
from fachkraefte.web.programmes.models import ConsensusRule


def make_user(username: str, **extra):
    # No password: tests log in with force_login, which skips the (slow) hashing.
    user = get_user_model().objects.create_user(username, **extra)
    return user


@pytest.fixture()
def world(db):
    """alliance "nord" (3 steering members, 1 member) and "sued" (1 member: the outsider)."""
    users = get_user_model()
    nord = Alliance.objects.create(
        slug="nord", name="Demo-Bündnis Nord", consensus_rule=ConsensusRule.NO_OBJECTION
    )
    sued = Alliance.objects.create(
        slug="sued", name="Demo-Bündnis Süd", consensus_rule=ConsensusRule.UNANIMITY
    )
    s1 = make_user("anna", first_name="Anna", last_name="Ährenfeld")
    s2 = make_user("bernd", first_name="Bernd", last_name="Öztürk")
    s3 = make_user("carla", first_name="Carla", last_name="Weiß")
    member = make_user("mia")
    outsider = make_user("otto")
    applicant = make_user("paula")
    applicant.groups.add(Group.objects.get_or_create(name=APPLICANT_GROUP)[0])
    coordination = make_user("kora")
    coordination.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    admin = users.objects.create_superuser("root", email="", password=None)
    for user in (s1, s2, s3):
        AllianceRole.objects.create(alliance=nord, user=user, kind=AllianceRole.Kind.STEERING)
    AllianceRole.objects.create(alliance=nord, user=member, kind=AllianceRole.Kind.MEMBER)
    AllianceRole.objects.create(alliance=sued, user=outsider, kind=AllianceRole.Kind.STEERING)
    meeting = services.meeting_create(
        actor=s1,
        alliance=nord,
        title="Frühjahrssitzung",
        date=dt.date(2025, 3, 31),
        location="Aurich",
    )
    item = services.agenda_item_create(
        actor=s1, meeting=meeting, title="Ausbildungsverbund Pflege", description="Vorlage Ä"
    )
    sued_meeting = services.meeting_create(
        actor=outsider, alliance=sued, title="Geheime Sitzung", date=dt.date(2025, 4, 1)
    )
    sued_item = services.agenda_item_create(
        actor=outsider, meeting=sued_meeting, title="Geheimer Punkt"
    )
    return SimpleNamespace(
        nord=nord,
        sued=sued,
        steering=[s1, s2, s3],
        s1=s1,
        s2=s2,
        s3=s3,
        member=member,
        outsider=outsider,
        applicant=applicant,
        coordination=coordination,
        admin=admin,
        meeting=meeting,
        item=item,
        sued_meeting=sued_meeting,
        sued_item=sued_item,
        by_role={
            "anonymous": None,
            "applicant": applicant,
            "outsider": outsider,
            "member": member,
            "steering": s1,
            "coordination": coordination,
            "admin": admin,
        },
    )
