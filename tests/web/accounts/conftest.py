"""People in every role for the account tests."""

from __future__ import annotations

import pytest
from fixtures_accounts import make_user

from fachkraefte.web.accounts.roles import APPLICANT_GROUP, COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance, AllianceRole


@pytest.fixture()
def alliance(db) -> Alliance:
    return Alliance.objects.create(slug="ems-achse", name="Fachkräftebündnis Ems-Achse")


@pytest.fixture()
def other_alliance(db) -> Alliance:
    return Alliance.objects.create(slug="vogtland", name="Fachkräfteallianz Vogtland")


@pytest.fixture()
def people(db, alliance, other_alliance) -> dict:
    """{role: user}; "member" and "steering" hold their role in ``alliance`` only."""
    member = make_user("mitglied")
    steering = make_user("steuerung")
    AllianceRole.objects.create(alliance=alliance, user=member, kind=AllianceRole.Kind.MEMBER)
    AllianceRole.objects.create(alliance=alliance, user=steering, kind=AllianceRole.Kind.STEERING)
    return {
        "anonymous": None,
        "applicant": make_user("antrag", group=APPLICANT_GROUP),
        "member": member,
        "steering": steering,
        "coordination": make_user("koordination", group=COORDINATION_GROUP),
        "admin": make_user("admin", is_superuser=True, is_staff=True),
    }
