"""The profile: contact data, language, password, API token, roles, data export, deletion."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from fixtures_accounts import PASSWORD, client_for, make_user, with_password
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from fachkraefte.web.accounts.models import Profile
from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record
from fachkraefte.web.decisions.models import AgendaItem, Meeting, Vote

pytestmark = pytest.mark.django_db


def test_profile_shows_platform_and_alliance_roles(world):
    html = client_for(world.users["steering"]).get("/konto/profil/").content.decode()
    assert "Allianz A: Mitglied der Steuerungsgruppe" in html
    html = client_for(world.users["coordination"]).get("/konto/profil/").content.decode()
    assert "Koordinierungsstelle" in html and "keine Rolle in einer Allianz" in html
    assert (
        "Administration" in client_for(world.users["admin"]).get("/konto/profil/").content.decode()
    )


def test_contact_data_is_saved_and_checked(world):
    user = world.users["applicant"]
    client = client_for(user)
    response = client.post(
        "/konto/profil/", {"first_name": "Anna", "last_name": "Antrag", "email": "anna@example.org"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email) == ("Anna", "Antrag", "anna@example.org")

    taken = client.post("/konto/profil/", {"first_name": "X", "email": "MITGLIED-A@example.org"})
    assert taken.status_code == 400
    assert "gehört bereits zu einem anderen Konto" in taken.content.decode()
    empty = client.post("/konto/profil/", {"first_name": "X", "email": ""})
    assert empty.status_code == 400
    user.refresh_from_db()
    assert user.first_name == "Anna" and user.email == "anna@example.org"


def test_language_preference_is_stored_and_applied_at_login(world):
    user = with_password(world.users["applicant"])
    client = client_for(user)
    response = client.post("/konto/profil/sprache/", {"language": "en"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert Profile.objects.get(user=user).language == "en"
    assert '<html lang="en">' in client.get("/konto/profil/").content.decode()

    fresh = Client()  # a new browser: the preference arrives with the login
    login = fresh.post("/konto/anmelden/", {"username": "antrag", "password": PASSWORD})
    assert login.cookies["django_language"].value == "en"
    assert client.post("/konto/profil/sprache/", {"language": "xx"}).status_code == 302
    assert Profile.objects.get(user=user).language == "en"  # unknown language ignored


def test_password_change(world):
    user = with_password(world.users["applicant"])
    client = client_for(user)
    wrong = client.post(
        "/konto/profil/passwort/",
        {
            "old_password": "falsch",
            "new_password1": "Neu-und-lang-77",
            "new_password2": "Neu-und-lang-77",
        },
    )
    assert wrong.status_code == 200
    assert "Das alte Passwort war falsch." in wrong.content.decode()
    response = client.post(
        "/konto/profil/passwort/",
        {
            "old_password": PASSWORD,
            "new_password1": "Neu-und-lang-77",
            "new_password2": "Neu-und-lang-77",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/konto/profil/"
    user.refresh_from_db()
    assert user.check_password("Neu-und-lang-77")
    assert client.get("/konto/profil/").status_code == 200  # still signed in


def _authenticates(key: str):
    try:
        return TokenAuthentication().authenticate_credentials(key)[0]
    except AuthenticationFailed:
        return None


def test_api_token_is_shown_once_rotated_and_deleted(world):
    user = world.users["applicant"]
    client = client_for(user)
    assert client.get("/konto/profil/token/").status_code == 405  # creating needs a POST
    created = client.post("/konto/profil/token/")
    first = Token.objects.get(user=user).key
    assert created.status_code == 200 and first in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    assert _authenticates(first) == user
    assert first not in client.get("/konto/profil/").content.decode()  # never shown again

    rotated = client.post("/konto/profil/token/")
    second = Token.objects.get(user=user).key
    assert second != first and second in rotated.content.decode()
    assert _authenticates(first) is None and _authenticates(second) == user

    confirm = client.get("/konto/profil/token/loeschen/")
    assert "wirklich löschen" in confirm.content.decode()
    assert Token.objects.filter(user=user).exists()
    assert client.post("/konto/profil/token/loeschen/").status_code == 302
    assert not Token.objects.filter(user=user).exists()


def test_data_export_holds_the_persons_records_but_no_secrets(world):
    user = world.users["steering"]
    user.first_name = "Stefan"
    user.save()
    Token.objects.create(user=user)
    audit_record(actor=user, instance=world.a, action="update", changes={"name": ["a", "b"]})
    response = client_for(user).get("/konto/profil/datenexport/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content.decode()
    data = json.loads(raw)
    assert data["account"]["username"] == "steuerung-a"
    assert data["account"]["first_name"] == "Stefan"
    assert "password" not in data["account"]
    assert user.password not in raw and Token.objects.get(user=user).key not in raw
    assert data["api_token"]["created"]
    roles = data["records"]["alliances.AllianceRole (user)"]
    assert roles[0]["kind"] == "steering" and roles[0]["alliance"] == world.a.pk
    assert data["records"]["audit.AuditEntry (actor)"][0]["changes"] == {"name": ["a", "b"]}


def test_account_deletion_needs_the_password_and_keeps_the_audit_name(world):
    user = with_password(world.users["member"])  # a role in A, but no vote (steering has one)
    audit_record(actor=user, instance=world.a, action="update", changes={})
    client = client_for(user)
    page = client.get("/konto/profil/loeschen/").content.decode()
    assert "Das kann nicht rückgängig gemacht werden." in page
    wrong = client.post("/konto/profil/loeschen/", {"password": "falsch"})
    assert wrong.status_code == 400 and "Das Passwort ist nicht richtig." in wrong.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()

    response = client.post("/konto/profil/loeschen/", {"password": PASSWORD}, follow=True)
    assert "Ihr Konto ist gelöscht." in response.content.decode()
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not AllianceRole.objects.filter(alliance=world.a, user_id=user.pk).exists()
    entries = AuditEntry.objects.filter(actor_name="mitglied-a")
    # the earlier change, the account's deletion, and the end of the role in the alliance's trail
    assert entries.count() == 3 and all(entry.actor_id is None for entry in entries)
    role_entry = entries.get(action="delete", alliance=world.a)
    assert role_entry.changes["reason"] == "account deleted"
    assert role_entry.changes["kind"] == "member"
    assert client.get("/konto/profil/").status_code == 302  # signed out


def test_account_with_votes_is_anonymised_instead(world):
    user = with_password(world.users["steering"])
    meeting = Meeting.objects.create(alliance=world.a, title="Sitzung", date=dt.date(2025, 3, 1))
    item = AgendaItem.objects.create(meeting=meeting, title="Projekt A", consensus_rule="consensus")
    Vote.objects.create(agenda_item=item, user=user, choice="consent")
    Token.objects.create(user=user)
    response = client_for(user).post("/konto/profil/loeschen/", {"password": PASSWORD}, follow=True)
    assert "Ihr Konto ist anonymisiert" in response.content.decode()
    user.refresh_from_db()
    assert user.username == f"geloescht-{user.pk}"
    assert (user.email, user.first_name, user.is_active) == ("", "", False)
    assert not user.has_usable_password()
    # the alliance's trail records the role that ended with the anonymisation
    assert AuditEntry.objects.filter(
        alliance=world.a, action="delete", changes__reason="account deleted"
    ).exists()
    assert not AllianceRole.objects.filter(user=user).exists()
    assert not Token.objects.filter(user=user).exists()
    assert Vote.objects.get(agenda_item=item).user == user  # the decision record stays complete
    assert Vote.objects.get(pk=world.vote.pk).user == user


def test_last_admin_cannot_delete_their_account(world):
    admin = with_password(world.users["admin"])
    client = client_for(admin)
    assert "Löschen nicht möglich" in client.get("/konto/profil/loeschen/").content.decode()
    assert client.post("/konto/profil/loeschen/", {"password": PASSWORD}).status_code == 403
    assert get_user_model().objects.filter(pk=admin.pk).exists()
    make_user("zweiter-admin", is_superuser=True)
    assert client.post("/konto/profil/loeschen/", {"password": PASSWORD}).status_code == 302
    assert not get_user_model().objects.filter(pk=admin.pk).exists()


@pytest.mark.parametrize(
    ("role", "invitations", "people_admin"),
    [("applicant", False, False), ("steering", True, False), ("coordination", True, True)],
)
def test_profile_links_to_the_administration_pages_the_person_may_use(
    world, role, invitations, people_admin
):
    html = client_for(world.users[role]).get("/konto/profil/").content.decode()
    assert ('href="/konto/einladungen/"' in html) is invitations
    assert ('href="/konto/personen/"' in html) is people_admin
    assert 'href="/konto/profil/" aria-current="page"' in html  # "Mein Konto" in the header
