"""What the role matrix (tests/web/test_role_matrix*.py, every page and endpoint for every role)
does not show: records of a neighbouring alliance reached through either slug, and what the API
lists count for each role."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(world, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def test_objects_of_another_alliance_are_404_even_for_its_neighbours(world):
    """A steering member of "allianz-a" reaching "allianz-b" objects through either slug gets 404."""
    client = _client(world, "steering")
    sm, si = world.meeting_b.pk, world.item_b.pk
    for url in (
        "/beschluesse/allianz-b/",
        f"/beschluesse/allianz-b/tops/{si}/",
        f"/beschluesse/allianz-a/tops/{si}/",
        f"/beschluesse/allianz-a/sitzungen/{sm}/",
        f"/beschluesse/allianz-a/sitzungen/{sm}/protokoll.pdf",
        f"/beschluesse/allianz-a/sitzungen/{sm}/voten.csv",
        "/beschluesse/gibt-es-nicht/",
        "/beschluesse/allianz-a/voten.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/beschluesse/allianz-a/tops/{si}/votum/", {"choice": "consent"}).status_code
        == 404
    )
    for url in ("/beschluesse/allianz-a/", "/beschluesse/allianz-a/voten.csv"):
        text = client.get(url).content.decode()
        assert "Sitzung B" not in text and "Punkt B" not in text, url


# --- API --------------------------------------------------------------------------------------

API_LIST_COUNTS = {
    # role: (meetings, agenda items, votes, conflicts) visible. The role world has two meetings in
    # A (four items, two votes, one conflict, all in the first) and one meeting with one item in B.
    "applicant": (0, 0, 0, 0),
    "outsider": (1, 1, 0, 0),
    "member": (2, 4, 2, 1),
    "steering": (2, 4, 2, 1),
    "coordination": (3, 5, 2, 1),
    "admin": (3, 5, 2, 1),
}


@pytest.mark.parametrize("role", list(API_LIST_COUNTS))
def test_api_lists_leak_nothing(world, role):
    client = _client(world, role)
    meetings, items, votes, conflicts = API_LIST_COUNTS[role]
    assert client.get("/api/meetings/").json()["count"] == meetings
    assert client.get("/api/agenda-items/").json()["count"] == items
    assert client.get("/api/meetings/?search=Sitzung+B").json()["count"] == (
        1 if role in {"outsider", "coordination", "admin"} else 0
    )
    assert client.get("/api/votes/").json()["count"] == votes
    assert client.get("/api/conflicts/").json()["count"] == conflicts


def test_api_anonymous_lists_are_refused(world):
    for url in ("/api/meetings/", "/api/agenda-items/", "/api/votes/", "/api/conflicts/"):
        assert Client().get(url).status_code == 401
