"""Invitations: sending, accepting as a new or signed-in person, expiry, reuse, revoking, limits."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.auth import get_user_model
from fixtures_accounts import client_for, link_in, make_user
from role_world import INVITEE

from fachkraefte.web.accounts.models import Invitation
from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def invite(client, mailoutbox, **data) -> str:
    """Send an invitation through the page; returns the accept link's path."""
    response = client.post("/konto/einladungen/neu/", data)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/konto/einladungen/"
    return link_in(mailoutbox[-1].body)


def test_coordination_invites_a_new_person_who_signs_up(world, mailoutbox):
    link = invite(
        client_for(world.users["coordination"]),
        mailoutbox,
        email="neu@example.org",
        alliance=world.a.pk,
        alliance_role="steering",
    )
    mail = mailoutbox[0]
    assert mail.to == ["neu@example.org"]
    assert "Einladung" in mail.subject
    assert "Mitglied der Steuerungsgruppe in der Allianz „Allianz A“" in mail.body
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(email="neu@example.org")
    # only the hash is stored, never the token itself
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not Invitation.objects.filter(token_hash=token).exists()
    created = AuditEntry.objects.get(
        action="create", content_type__model="invitation", object_id=str(invitation.pk)
    )
    assert created.alliance == world.a and created.actor == world.users["coordination"]
    assert "token_hash" not in created.changes

    visitor = client_for(None)
    page = visitor.get(link)
    assert page.status_code == 200 and "Neues Konto anlegen" in page.content.decode()
    response = visitor.post(
        link,
        {
            "username": "neu",
            "first_name": "Nora",
            "last_name": "Neu",
            "password1": "Lange-Passphrase-42",
            "password2": "Lange-Passphrase-42",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/konto/profil/"
    user = get_user_model().objects.get(username="neu")
    assert user.email == "neu@example.org" and user.check_password("Lange-Passphrase-42")
    role = AllianceRole.objects.get(user=user)
    assert role.alliance == world.a and role.kind == "steering"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    # signed in straight away, and the profile shows the new role
    profile = visitor.get("/konto/profil/").content.decode()
    assert "Allianz A: Mitglied der Steuerungsgruppe" in profile
    trail = AuditEntry.objects.filter(alliance=world.a).values_list("action", "content_type__model")
    assert ("create", "alliancerole") in trail and ("update", "invitation") in trail


def test_signup_applies_djangos_password_validators(world, mailoutbox):
    link = invite(
        client_for(world.users["coordination"]),
        mailoutbox,
        email="neu@example.org",
        alliance=world.a.pk,
        alliance_role="member",
    )
    response = client_for(None).post(
        link, {"username": "neu", "password1": "12345", "password2": "12345"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "zu kurz" in html and "komplett numerisch" in html
    assert not get_user_model().objects.filter(username="neu").exists()
    assert Invitation.objects.get(email="neu@example.org").accepted_at is None


def test_signup_with_a_taken_username_is_refused(world, mailoutbox):
    link = invite(
        client_for(world.users["coordination"]),
        mailoutbox,
        email="neu@example.org",
        alliance=world.a.pk,
        alliance_role="member",
    )
    response = client_for(None).post(
        link,
        {
            "username": "antrag",
            "password1": "Lange-Passphrase-42",
            "password2": "Lange-Passphrase-42",
        },
    )
    assert response.status_code == 400
    assert "Dieser Benutzername ist bereits vergeben" in response.content.decode()


def test_signed_in_person_accepts_and_the_link_cannot_be_reused(world, mailoutbox):
    member = world.users["member"]  # already a plain member: the invitation raises the role
    link = invite(
        client_for(world.users["steering"]),
        mailoutbox,
        email=member.email,
        alliance=world.a.pk,
        alliance_role="steering",
    )
    client = client_for(member)
    page = client.get(link).content.decode()
    assert "Sie sind angemeldet als mitglied" in page
    assert client.post(link).status_code == 302
    assert AllianceRole.objects.get(user=member, alliance=world.a).kind == "steering"
    entry = AuditEntry.objects.get(content_type__model="alliancerole", action="update")
    assert entry.changes == {"kind": ["member", "steering"]} and entry.alliance == world.a

    again = client.post(link)
    assert again.status_code == 410
    assert "bereits angenommen" in again.content.decode()
    assert client_for(None).get(link).status_code == 410


def test_invitation_never_lowers_a_role(world, mailoutbox):
    steering = world.users["steering"]
    link = invite(
        client_for(world.users["coordination"]),
        mailoutbox,
        email=steering.email,
        alliance=world.a.pk,
        alliance_role="member",
    )
    assert client_for(steering).post(link).status_code == 302
    assert AllianceRole.objects.get(user=steering, alliance=world.a).kind == "steering"


def test_platform_group_invitation(world, mailoutbox):
    link = invite(
        client_for(world.users["coordination"]),
        mailoutbox,
        email="a@example.org",
        group="Antragsteller",
    )
    person = make_user("bewerber")
    assert client_for(person).post(link).status_code == 302
    assert person.groups.filter(name="Antragsteller").exists()


def test_expired_invitation_gives_a_clear_message(world, mailoutbox):
    link = invite(
        client_for(world.users["coordination"]),
        mailoutbox,
        email="neu@example.org",
        alliance=world.a.pk,
        alliance_role="member",
    )
    Invitation.objects.filter(email="neu@example.org").update(
        expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    response = client_for(None).get(link)
    assert response.status_code == 410
    assert "Diese Einladung ist abgelaufen" in response.content.decode()
    response = client_for(world.users["applicant"]).post(link)
    assert response.status_code == 410
    assert not AllianceRole.objects.filter(user=world.users["applicant"]).exists()


def test_unknown_token_is_not_found(db):
    response = client_for(None).get("/konto/einladung/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Dieser Einladungslink ist ungültig" in response.content.decode()


def test_revoke_needs_confirmation_and_kills_the_link(world, mailoutbox):
    client = client_for(world.users["steering"])
    link = invite(
        client, mailoutbox, email="neu@example.org", alliance=world.a.pk, alliance_role="member"
    )
    invitation = Invitation.objects.get(email="neu@example.org")
    listing = client.get("/konto/einladungen/").content.decode()
    assert "neu@example.org" in listing
    confirm = client.get(f"/konto/einladungen/{invitation.pk}/zurueckziehen/")
    assert "wirklich zurückziehen" in confirm.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None  # the GET only asks
    assert client.post(f"/konto/einladungen/{invitation.pk}/zurueckziehen/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.filter(action="delete", alliance=world.a).count() == 1
    # gone from the list of open ones (the world's own invitations into A stay listed)
    listing = client.get("/konto/einladungen/").content.decode().split("<tbody")[1]
    assert "neu@example.org" not in listing and INVITEE in listing
    response = client_for(None).get(link)
    assert response.status_code == 410 and "zurückgezogen" in response.content.decode()


def test_steering_member_cannot_invite_into_another_alliance(world, mailoutbox):
    client = client_for(world.users["steering"])
    response = client.post(
        "/konto/einladungen/neu/",
        {"email": "x@example.org", "alliance": world.b.pk, "alliance_role": "member"},
    )
    assert response.status_code == 403
    assert not Invitation.objects.filter(email="x@example.org").exists() and mailoutbox == []
    # the form only offers their own alliance
    form = client.get("/konto/einladungen/neu/").content.decode()
    assert "Allianz A" in form and "Allianz B" not in form


@pytest.mark.parametrize(
    ("role", "group", "expected"),
    [
        ("steering", "Antragsteller", 403),
        ("coordination", COORDINATION_GROUP, 403),
        ("coordination", "Antragsteller", 302),
        ("admin", COORDINATION_GROUP, 302),
    ],
)
def test_who_may_grant_platform_groups(world, mailoutbox, role, group, expected):
    response = client_for(world.users[role]).post(
        "/konto/einladungen/neu/", {"email": "x@example.org", "group": group}
    )
    assert response.status_code == expected
    assert Invitation.objects.filter(email="x@example.org").exists() is (expected == 302)
    assert len(mailoutbox) == (1 if expected == 302 else 0)


def test_invitation_form_errors_are_german(world):
    client = client_for(world.users["coordination"])
    response = client.post("/konto/einladungen/neu/", {"email": "kein-at", "alliance": world.a.pk})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte wählen Sie die Rolle in der Allianz." in html
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein" in html
    response = client.post("/konto/einladungen/neu/", {"email": "a@example.org"})
    assert "Bitte wählen Sie eine Allianz mit Rolle oder eine Plattformrolle." in (
        response.content.decode()
    )


def test_unreachable_mail_server_leaves_no_invitation(world, settings):
    trail = AuditEntry.objects.count()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    response = client_for(world.users["coordination"]).post(
        "/konto/einladungen/neu/",
        {"email": "x@example.org", "alliance": world.a.pk, "alliance_role": "member"},
    )
    assert response.status_code == 503
    assert "E-Mail konnte nicht gesendet werden" in response.content.decode()
    assert not Invitation.objects.filter(email="x@example.org").exists()
    assert AuditEntry.objects.count() == trail
