"""The personal start after login: my alliances and role, open items and my vote, the
commitments of the organisations I speak for, the invitations I sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from fixtures_accounts import PASSWORD, client_for, with_password

from fachkraefte.web.alliances.models import Commitment
from fachkraefte.web.decisions import services as decisions

pytestmark = pytest.mark.django_db


@pytest.fixture()
def pending(world):
    """Beyond the role world: an open item in A the steering member has not voted on, one in B,
    and commitments of the steering member's organisation (Landkreis A): overdue and done.

    In A's meeting the steering member voted on ``item`` (TOP 1), declared a conflict on
    ``item2`` (TOP 2); ``item_decided`` (TOP 3) is closed. Returns the new TOP 4."""
    steering = world.users["steering"]
    item = decisions.agenda_item_create(
        actor=steering, meeting=world.meeting, title="Pflegeoffensive"
    )
    decisions.agenda_item_create(
        actor=world.users["outsider"], meeting=world.meeting_b, title="Fremder TOP"
    )
    Commitment.objects.create(
        alliance=world.a,
        membership=world.m_a2,
        title="Zehn Praktikumsplätze",
        due_on=timezone.localdate() - dt.timedelta(days=3),
    )
    Commitment.objects.create(
        alliance=world.a,
        membership=world.m_a2,
        title="Erfüllte Zusage",
        status=Commitment.Status.DONE,
    )
    return item


def test_login_leads_to_the_personal_start(world):
    with_password(world.users["steering"])
    response = Client().post("/konto/anmelden/", {"username": "steuerung-a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/mein-bereich/"


def test_anonymous_is_sent_to_login(client):
    response = client.get("/mein-bereich/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")


def test_steering_member_sees_alliance_items_votes_commitments_invitations(world, pending):
    html = client_for(world.users["steering"]).get("/mein-bereich/").content.decode()
    assert "Allianz A" in html and "Mitglied der Steuerungsgruppe" in html
    assert "für Landkreis A" in html
    assert "Allianz B" not in html and "Fremder TOP" not in html
    # open items only, each with the person's state
    assert world.item_decided.title not in html
    assert f"TOP 1: {world.item.title}" in html and "abgegeben: Zustimmung" in html
    assert "TOP 4: Pflegeoffensive" in html and "noch nicht abgestimmt" in html
    assert f"TOP 2: {world.item2.title}" in html and "befangen (keine Stimme)" in html
    assert f'href="/beschluesse/{world.a.slug}/tops/{pending.pk}/"' in html
    # commitments of the organisation the person speaks for, not done ones, not others'
    assert "Zehn Praktikumsplätze" in html and "überfällig" in html
    assert "Erfüllte Zusage" not in html and world.commitment.title not in html
    # the invitation still open, not the accepted one
    accepted = world.invitations["accepted"].email
    assert world.invitation.email in html and accepted not in html


def test_plain_member_sees_items_without_a_vote(world, pending):
    html = client_for(world.users["member"]).get("/mein-bereich/").content.decode()
    assert "Allianzmitglied" in html
    assert "TOP 4: Pflegeoffensive" in html and "nicht stimmberechtigt" in html
    assert "noch nicht abgestimmt" not in html
    # the member speaks for the chamber: its open commitments, not the district's
    assert world.commitment.title in html and "Zehn Praktikumsplätze" not in html
    assert "Sie haben keine offenen Einladungen verschickt." in html
    # the member of B speaks for an organisation without commitments
    html = client_for(world.users["outsider_member"]).get("/mein-bereich/").content.decode()
    assert "Keine offenen Selbstverpflichtungen." in html


def test_person_without_roles_gets_a_way_on(world):
    html = client_for(world.users["applicant"]).get("/mein-bereich/").content.decode()
    assert "Sie haben noch keine Rolle in einer Allianz." in html
    assert "In Ihren Allianzen ist kein Tagesordnungspunkt offen." in html


def test_header_and_profile_link_to_the_personal_start(world):
    client = client_for(world.users["member"])
    assert 'href="/mein-bereich/"' in client.get("/").content.decode()
    profile = client.get("/konto/profil/").content.decode()
    assert 'href="/mein-bereich/"' in profile and 'href="/aufgaben/"' in profile


def test_personal_start_in_english(world, pending):
    client = client_for(world.users["steering"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/mein-bereich/").content.decode()
    assert "My area" in html and "not voted yet" in html
