"""Account pages beyond the role matrix (tests/web/test_role_matrix*.py, which has every account
page for every role): anonymous posts to one's own account change nothing, and an invitation
is invisible outside its alliance."""

from __future__ import annotations

import pytest
from role_world import INVITEE, L, outcome

pytestmark = pytest.mark.django_db

# "{target}" is the applicant's account, "{invitation}" the invitation into alliance A
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
def test_anonymous_posts_go_to_login_and_change_nothing(world, clients, path, data):
    applicant, invitation = world.users["applicant"], world.invitation
    url = path.format(target=applicant.pk, invitation=invitation.pk)
    assert outcome(clients["anonymous"].post(url, data)) == L
    invitation.refresh_from_db()
    applicant.refresh_from_db()
    assert invitation.revoked_at is None and applicant.is_active


def test_steering_member_of_another_alliance_does_not_see_the_invitation(world, clients):
    outsider, invitation = clients["outsider"], world.invitation
    assert INVITEE in clients["steering"].get("/konto/einladungen/").content.decode()
    assert outsider.get("/konto/einladungen/").status_code == 200
    assert INVITEE not in outsider.get("/konto/einladungen/").content.decode()
    # an invitation of an alliance they have no part in: as if it did not exist
    assert outsider.get(f"/konto/einladungen/{invitation.pk}/zurueckziehen/").status_code == 404
    assert outsider.post(f"/konto/einladungen/{invitation.pk}/zurueckziehen/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
