"""The personal start after login: my alliances and role, open items and my vote, the
commitments of the organisations I speak for, the invitations I sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from fixtures_accounts import PASSWORD, client_for, make_user

from fachkraefte.web.accounts.models import Invitation
from fachkraefte.web.alliances.models import Alliance, AllianceRole, Commitment, Membership
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest, Meeting, Vote
from fachkraefte.web.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture()
def world():
    today = timezone.localdate()
    steering, member, outsider = make_user("sabine"), make_user("malte"), make_user("otto")
    ems = Alliance.objects.create(slug="ems", name="Bündnis Ems-Achse")
    other = Alliance.objects.create(slug="andere", name="Andere Allianz")
    chamber = Organisation.objects.create(name="IHK Emsland", category="chamber")
    school = Organisation.objects.create(name="BBS Lingen", category="school")
    m_chamber = Membership.objects.create(alliance=ems, organisation=chamber)
    m_school = Membership.objects.create(alliance=ems, organisation=school)
    AllianceRole.objects.create(
        alliance=ems, user=steering, kind=AllianceRole.Kind.STEERING, membership=m_chamber
    )
    AllianceRole.objects.create(alliance=ems, user=member, kind=AllianceRole.Kind.MEMBER)
    meeting = Meeting.objects.create(alliance=ems, title="Frühjahrssitzung", date=today)
    rule = "no_objection"
    voted = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Azubi-Messe", consensus_rule=rule
    )
    pending = AgendaItem.objects.create(
        meeting=meeting, position=2, title="Pflegeoffensive", consensus_rule=rule
    )
    conflicted = AgendaItem.objects.create(
        meeting=meeting, position=3, title="Hallenbau", consensus_rule=rule
    )
    AgendaItem.objects.create(
        meeting=meeting,
        position=4,
        title="Schon entschieden",
        consensus_rule=rule,
        status=AgendaItem.Status.DECIDED,
        outcome=AgendaItem.Outcome.ADOPTED,
    )
    other_meeting = Meeting.objects.create(alliance=other, title="Fremde Sitzung", date=today)
    AgendaItem.objects.create(meeting=other_meeting, title="Fremder TOP", consensus_rule=rule)
    Vote.objects.create(agenda_item=voted, user=steering, choice=Vote.Choice.CONSENT)
    ConflictOfInterest.objects.create(agenda_item=conflicted, user=steering, reason="Auftragnehmer")
    Commitment.objects.create(
        alliance=ems,
        membership=m_chamber,
        title="Zehn Praktikumsplätze",
        due_on=today - dt.timedelta(days=3),
    )
    Commitment.objects.create(
        alliance=ems, membership=m_chamber, title="Erfüllte Zusage", status=Commitment.Status.DONE
    )
    Commitment.objects.create(alliance=ems, membership=m_school, title="Fremde Zusage der Schule")
    Invitation.objects.create(
        email="neu@example.org",
        token_hash="x" * 64,
        invited_by=steering,
        alliance=ems,
        alliance_role=AllianceRole.Kind.MEMBER,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    Invitation.objects.create(
        email="schon-da@example.org",
        token_hash="y" * 64,
        invited_by=steering,
        alliance=ems,
        alliance_role=AllianceRole.Kind.MEMBER,
        expires_at=timezone.now() + dt.timedelta(days=7),
        accepted_at=timezone.now(),
    )
    return {"steering": steering, "member": member, "outsider": outsider, "pending": pending}


def test_login_leads_to_the_personal_start(world):
    from django.test import Client

    client = Client()
    response = client.post("/konto/anmelden/", {"username": "sabine", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/mein-bereich/"


def test_anonymous_is_sent_to_login(client):
    response = client.get("/mein-bereich/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")


def test_steering_member_sees_alliance_items_votes_commitments_invitations(world):
    html = client_for(world["steering"]).get("/mein-bereich/").content.decode()
    assert "Bündnis Ems-Achse" in html and "Mitglied der Steuerungsgruppe" in html
    assert "für IHK Emsland" in html
    assert "Andere Allianz" not in html and "Fremder TOP" not in html
    # open items only, each with the person's state
    assert "Schon entschieden" not in html
    assert "TOP 1: Azubi-Messe" in html and "abgegeben: Zustimmung" in html
    assert "TOP 2: Pflegeoffensive" in html and "noch nicht abgestimmt" in html
    assert "TOP 3: Hallenbau" in html and "befangen (keine Stimme)" in html
    assert f'href="/beschluesse/ems/tops/{world["pending"].pk}/"' in html
    # commitments of the organisation the person speaks for, not done ones, not others'
    assert "Zehn Praktikumsplätze" in html and "überfällig" in html
    assert "Erfüllte Zusage" not in html and "Fremde Zusage der Schule" not in html
    # the invitation still open, not the accepted one
    assert "neu@example.org" in html and "schon-da@example.org" not in html


def test_plain_member_sees_items_without_a_vote(world):
    html = client_for(world["member"]).get("/mein-bereich/").content.decode()
    assert "Allianzmitglied" in html
    assert "TOP 2: Pflegeoffensive" in html and "nicht stimmberechtigt" in html
    assert "noch nicht abgestimmt" not in html
    assert "Keine offenen Selbstverpflichtungen." in html
    assert "Sie haben keine offenen Einladungen verschickt." in html


def test_person_without_roles_gets_a_way_on(world):
    html = client_for(world["outsider"]).get("/mein-bereich/").content.decode()
    assert "Sie haben noch keine Rolle in einer Allianz." in html
    assert "In Ihren Allianzen ist kein Tagesordnungspunkt offen." in html


def test_header_and_profile_link_to_the_personal_start(world):
    client = client_for(world["member"])
    assert 'href="/mein-bereich/"' in client.get("/").content.decode()
    profile = client.get("/konto/profil/").content.decode()
    assert 'href="/mein-bereich/"' in profile and 'href="/aufgaben/"' in profile


def test_personal_start_in_english(world):
    client = client_for(world["steering"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/mein-bereich/").content.decode()
    assert "My area" in html and "not voted yet" in html
