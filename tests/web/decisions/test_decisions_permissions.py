"""What the role matrix (tests/web/test_role_matrix*.py, every page and endpoint for every role)
does not show: records of a neighbouring alliance reached through either slug, and what the API
lists count for each role."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(world, role: str) -> Client:
    client = Client()
    user = world.by_role[role]
    if user is not None:
        client.force_login(user)
    return client


def test_objects_of_another_alliance_are_404_even_for_its_neighbours(world):
    """A steering member of "nord" reaching "sued" objects through either slug gets 404."""
    client = _client(world, "steering")
    sm, si = world.sued_meeting.pk, world.sued_item.pk
    for url in (
        "/beschluesse/sued/",
        f"/beschluesse/sued/tops/{si}/",
        f"/beschluesse/nord/tops/{si}/",
        f"/beschluesse/nord/sitzungen/{sm}/",
        f"/beschluesse/nord/sitzungen/{sm}/protokoll.pdf",
        f"/beschluesse/nord/sitzungen/{sm}/voten.csv",
        "/beschluesse/gibt-es-nicht/",
        "/beschluesse/nord/voten.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/beschluesse/nord/tops/{si}/votum/", {"choice": "consent"}).status_code == 404
    )
    assert "Geheim" not in client.get("/beschluesse/nord/").content.decode()
    assert "Geheim" not in client.get("/beschluesse/nord/voten.csv").content.decode()


# --- API --------------------------------------------------------------------------------------

API_LIST_COUNTS = {
    # role: (meetings, agenda items) visible
    "applicant": (0, 0),
    "outsider": (1, 1),
    "member": (1, 1),
    "steering": (1, 1),
    "coordination": (2, 2),
    "admin": (2, 2),
}


@pytest.mark.parametrize("role", list(API_LIST_COUNTS))
def test_api_lists_leak_nothing(world, role):
    client = _client(world, role)
    meetings, items = API_LIST_COUNTS[role]
    assert client.get("/api/meetings/").json()["count"] == meetings
    assert client.get("/api/agenda-items/").json()["count"] == items
    assert client.get("/api/meetings/?search=Geheim").json()["count"] == (
        1 if role in {"outsider", "coordination", "admin"} else 0
    )
    assert client.get("/api/votes/").json()["count"] == 0
    assert client.get("/api/conflicts/").json()["count"] == 0


def test_api_anonymous_lists_are_refused(world):
    for url in ("/api/meetings/", "/api/agenda-items/", "/api/votes/", "/api/conflicts/"):
        assert Client().get(url).status_code == 401
