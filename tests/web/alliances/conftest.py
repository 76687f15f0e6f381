"""Regions, users for every role and two small alliances for the alliance tests.

Inside this folder ``world`` is this domain world, not the role world of tests/web/conftest.py
(``role_world.py``); who may do what belongs in the role matrix (tests/web/test_role_matrix*.py).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from role_world import load_regions

from fachkraefte.web.accounts.roles import APPLICANT_GROUP, COORDINATION_GROUP
from fachkraefte.web.alliances import services
from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import Organisation, PartnerCategory
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes

PASSWORD = "Test-Passwort-2024"


@pytest.fixture()
def regions(db):
    load_regions()


def make_user(username: str, *, group: str | None = None, superuser: bool = False):
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, is_superuser=superuser, is_staff=superuser
    )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture()
def world(regions):
    """Two Saxony alliances; ``ems`` people belong to ``goerlitz``, ``other`` to ``bautzen``.

    goerlitz: member (speaks for the chamber), steering, and an outsider with a role elsewhere.
    """
    ensure_shipped_programmes()  # a transactional test may have flushed the migration's rows
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    coordination = make_user("koordination", group=COORDINATION_GROUP)
    admin = make_user("admin", superuser=True)
    applicant = make_user("antragsteller", group=APPLICANT_GROUP)
    member = make_user("mitglied")
    steering = make_user("steuerung")
    outsider = make_user("fremd")
    goerlitz = services.alliance_create(
        actor=coordination,
        name="Fachkräfteallianz Görlitz",
        programme=saxony,
        districts=[Region.objects.get(ags="14626")],
    )
    bautzen = services.alliance_create(
        actor=coordination,
        name="Fachkräfteallianz Bautzen",
        programme=saxony,
        districts=[Region.objects.get(ags="14625")],
    )

    def org(name, category, inhabitants=None, region="14626"):
        return Organisation.objects.create(
            name=name, category=category, inhabitants=inhabitants, region_id=region
        )

    chamber = org("Demo-Kammer", PartnerCategory.CHAMBER)
    district = org("Demo-Landkreis", PartnerCategory.DISTRICT)
    union = org("Demo-Gewerkschaft", PartnerCategory.UNION, region="14625")
    chamber_m = services.membership_create(
        actor=coordination, alliance=goerlitz, organisation=chamber
    )
    district_m = services.membership_create(
        actor=coordination, alliance=goerlitz, organisation=district
    )
    union_m = services.membership_create(actor=coordination, alliance=bautzen, organisation=union)
    services.role_create(
        actor=coordination,
        alliance=goerlitz,
        user=member,
        kind=AllianceRole.Kind.MEMBER,
        membership=chamber_m,
    )
    services.role_create(
        actor=coordination,
        alliance=goerlitz,
        user=steering,
        kind=AllianceRole.Kind.STEERING,
        membership=district_m,
    )
    services.role_create(
        actor=coordination,
        alliance=bautzen,
        user=outsider,
        kind=AllianceRole.Kind.STEERING,
        membership=union_m,
    )
    return SimpleNamespace(
        saxony=saxony,
        goerlitz=goerlitz,
        bautzen=bautzen,
        chamber=chamber,
        district=district,
        union=union,
        chamber_m=chamber_m,
        district_m=district_m,
        union_m=union_m,
        users={
            "anonymous": None,
            "applicant": applicant,
            "outsider": outsider,
            "member": member,
            "steering": steering,
            "coordination": coordination,
            "admin": admin,
        },
    )
