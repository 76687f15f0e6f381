"""Every account page for every role: who gets the page, who is sent to the login, who is refused."""

from __future__ import annotations

import pytest
from fixtures_accounts import ROLES, client_for

from fachkraefte.web.accounts.services import invitation_create

pytestmark = pytest.mark.django_db

LOGIN = 302  # anonymous: redirected to the login page
EVERYONE = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**EVERYONE, "anonymous": LOGIN}
INVITERS = {**SIGNED_IN, "applicant": 403, "member": 403}
ADMINISTRATORS = {**INVITERS, "steering": 403}

# (path, {role: status}); "{target}" is the applicant's account, "{invitation}" an invitation
# into the steering member's alliance sent by the coordination office.
PAGES = [
    ("/konto/anmelden/", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    ("/konto/passwort-vergessen/", EVERYONE),
    ("/konto/passwort-vergessen/gesendet/", EVERYONE),
    ("/konto/passwort-neu/fertig/", EVERYONE),
    ("/konto/profil/", SIGNED_IN),
    ("/konto/profil/passwort/", SIGNED_IN),
    ("/konto/profil/datenexport/", SIGNED_IN),
    ("/konto/profil/loeschen/", SIGNED_IN),
    ("/konto/einladungen/", INVITERS),
    ("/konto/einladungen/neu/", INVITERS),
    ("/konto/einladungen/{invitation}/zurueckziehen/", INVITERS),
    ("/konto/personen/", ADMINISTRATORS),
    ("/konto/personen/{target}/", ADMINISTRATORS),
    ("/konto/personen/{target}/status/", ADMINISTRATORS),
]


@pytest.fixture()
def invitation(people, alliance):
    return invitation_create(
        invited_by=people["coordination"],
        email="neu@example.org",
        alliance=alliance,
        alliance_role="member",
        site_url="http://testserver",
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_get_page(people, invitation, role, path, expected):
    url = path.format(target=people["applicant"].pk, invitation=invitation.pk)
    response = client_for(people[role]).get(url)
    assert response.status_code == expected[role], (role, url)
    if expected[role] == LOGIN and role == "anonymous":
        assert response["Location"].startswith("/konto/anmelden/?next=")


POSTS = [
    ("/konto/profil/", {"first_name": "A", "last_name": "B", "email": "x@example.org"}),
    ("/konto/profil/sprache/", {"language": "en"}),
    ("/konto/profil/token/", {}),
    ("/konto/profil/token/loeschen/", {}),
    ("/konto/einladungen/neu/", {"email": "x@example.org", "group": "Antragsteller"}),
    ("/konto/einladungen/{invitation}/zurueckziehen/", {}),
    ("/konto/personen/{target}/status/", {"active": "0"}),
]


@pytest.mark.parametrize(("path", "data"), POSTS, ids=[post[0] for post in POSTS])
def test_anonymous_posts_go_to_login_and_change_nothing(people, invitation, path, data):
    url = path.format(target=people["applicant"].pk, invitation=invitation.pk)
    response = client_for(None).post(url, data)
    assert response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")
    invitation.refresh_from_db()
    people["applicant"].refresh_from_db()
    assert invitation.revoked_at is None and people["applicant"].is_active


@pytest.mark.parametrize(
    ("role", "expected"),
    [("applicant", 403), ("member", 403), ("steering", 403), ("coordination", 302)],
)
def test_deactivation_post_needs_the_coordination_office(people, role, expected):
    target = people["applicant"]
    response = client_for(people[role]).post(
        f"/konto/personen/{target.pk}/status/", {"active": "0"}
    )
    assert response.status_code == expected
    target.refresh_from_db()
    assert target.is_active is (expected != 302)


def test_steering_member_of_another_alliance_does_not_see_the_invitation(
    people, other_alliance, invitation
):
    from fachkraefte.web.alliances.models import AllianceRole

    outsider = people["member"]
    AllianceRole.objects.filter(user=outsider).delete()
    AllianceRole.objects.create(alliance=other_alliance, user=outsider, kind="steering")
    client = client_for(outsider)
    assert client.get("/konto/einladungen/").status_code == 200
    assert "neu@example.org" not in client.get("/konto/einladungen/").content.decode()
    # an invitation of an alliance they have no part in: as if it did not exist
    assert client.get(f"/konto/einladungen/{invitation.pk}/zurueckziehen/").status_code == 404
    assert client.post(f"/konto/einladungen/{invitation.pk}/zurueckziehen/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
