"""Who may do what, for every page and endpoint: one table per role.

anonymous → login (pages) / refused (API); applicant and a member of another alliance → 404 (the
meetings' existence does not leak); alliance member → reads only; steering member → everything;
coordination office and admin → read and manage, but do not vote.
"""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

READ, MANAGE, VOTE = "read", "manage", "vote"

# What each role gets for each kind of action on the alliance "nord".
PAGE_EXPECTED = {
    "anonymous": {READ: "login", MANAGE: "login", VOTE: "login"},
    "applicant": {READ: 404, MANAGE: 404, VOTE: 404},
    "outsider": {READ: 404, MANAGE: 404, VOTE: 404},
    "member": {READ: 200, MANAGE: 403, VOTE: 403},
    "steering": {READ: 200, MANAGE: "ok", VOTE: "ok"},
    "coordination": {READ: 200, MANAGE: "ok", VOTE: 403},
    "admin": {READ: 200, MANAGE: "ok", VOTE: 403},
}


def _pages(world) -> list[tuple[str, str, str, dict]]:
    """(kind, method, url, data); ordered so that state-changing requests come last."""
    base = "/beschluesse/nord"
    m, i = world.meeting.pk, world.item.pk
    meeting_data = {"title": "Sitzung", "date": "2025-05-05", "location": ""}
    item_data = {"title": "Punkt", "description": "", "position": ""}
    return [
        (READ, "get", f"{base}/", {}),
        (READ, "get", f"{base}/?zeitraum=past&sort=title", {}),
        (READ, "get", f"{base}/sitzungen/{m}/", {}),
        (READ, "get", f"{base}/tops/{i}/", {}),
        (READ, "get", f"{base}/sitzungen/{m}/protokoll.pdf", {}),
        (READ, "get", f"{base}/voten.csv", {}),
        (READ, "get", f"{base}/voten.xlsx", {}),
        (READ, "get", f"{base}/sitzungen/{m}/voten.csv", {}),
        (READ, "get", f"{base}/sitzungen/{m}/voten.xlsx", {}),
        (MANAGE, "get", f"{base}/sitzungen/neu/", {}),
        (MANAGE, "get", f"{base}/sitzungen/{m}/bearbeiten/", {}),
        (MANAGE, "get", f"{base}/sitzungen/{m}/tops/neu/", {}),
        (MANAGE, "get", f"{base}/tops/{i}/bearbeiten/", {}),
        (MANAGE, "get", f"{base}/tops/{i}/abschliessen/", {}),
        (MANAGE, "post", f"{base}/sitzungen/neu/", meeting_data),
        (MANAGE, "post", f"{base}/sitzungen/{m}/bearbeiten/", meeting_data),
        (MANAGE, "post", f"{base}/sitzungen/{m}/tops/neu/", item_data),
        (MANAGE, "post", f"{base}/tops/{i}/bearbeiten/", item_data),
        (VOTE, "post", f"{base}/tops/{i}/votum/", {"choice": "consent", "note": ""}),
        (VOTE, "post", f"{base}/tops/{i}/befangenheit/", {"reason": "Vorstand"}),
        (MANAGE, "post", f"{base}/tops/{i}/abschliessen/", {}),
    ]


def _client(world, role: str) -> Client:
    client = Client()
    user = world.by_role[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", list(PAGE_EXPECTED))
def test_pages_by_role(world, role):
    client = _client(world, role)
    seen = []
    for kind, method, url, data in _pages(world):
        response = getattr(client, method)(url, data)
        expected = PAGE_EXPECTED[role][kind]
        if expected == "login":
            ok = response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")
        elif expected == "ok":
            ok = response.status_code == (302 if method == "post" else 200)
        else:
            ok = response.status_code == expected
        seen.append((method, url, response.status_code, ok))
    assert all(ok for *_, ok in seen), [s for s in seen if not s[-1]]


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
# The API asks the rules before it validates: anonymous calls answer 401; a meeting for "nord"
# is 404 for those who do not see nord inside; an agenda item, vote or conflict on a meeting or
# item the user does not see is 403 for those without the right anywhere, and "does not exist"
# (400, the same as a missing one) for the outsider, who holds that right in "sued".
CREATE_MEETING = "create meeting"
API_EXPECTED = {
    "anonymous": {READ: 401, CREATE_MEETING: 401, "create": 401, MANAGE: 401, VOTE: 401},
    "applicant": {READ: 404, CREATE_MEETING: 404, "create": 403, MANAGE: 404, VOTE: 403},
    "outsider": {READ: 404, CREATE_MEETING: 404, "create": 400, MANAGE: 404, VOTE: 400},
    "member": {READ: 200, CREATE_MEETING: 403, "create": 403, MANAGE: 403, VOTE: 403},
    "steering": {READ: 200, CREATE_MEETING: 201, "create": 201, MANAGE: 200, VOTE: 201},
    "coordination": {READ: 200, CREATE_MEETING: 201, "create": 201, MANAGE: 200, VOTE: 403},
    "admin": {READ: 200, CREATE_MEETING: 201, "create": 201, MANAGE: 200, VOTE: 403},
}


def _api_calls(world) -> list[tuple[str, str, str, dict]]:
    m, i = world.meeting.pk, world.item.pk
    return [
        (READ, "get", f"/api/meetings/{m}/", {}),
        (READ, "get", f"/api/agenda-items/{i}/", {}),
        (
            CREATE_MEETING,
            "post",
            "/api/meetings/",
            {"alliance": "nord", "title": "T", "date": "2025-06-01"},
        ),
        ("create", "post", "/api/agenda-items/", {"meeting": m, "title": "Neu"}),
        (MANAGE, "patch", f"/api/meetings/{m}/", {"location": "Leer"}),
        (MANAGE, "patch", f"/api/agenda-items/{i}/", {"title": "Geändert"}),
        (VOTE, "post", "/api/votes/", {"agenda_item": i, "choice": "consent"}),
        (VOTE, "post", "/api/conflicts/", {"agenda_item": i, "reason": "Vorstand"}),
        (MANAGE, "post", f"/api/agenda-items/{i}/close/", {}),
    ]


@pytest.mark.parametrize("role", list(API_EXPECTED))
def test_api_by_role(world, role):
    client = _client(world, role)
    seen = []
    for kind, method, url, data in _api_calls(world):
        response = getattr(client, method)(url, data, content_type="application/json")
        expected = API_EXPECTED[role][kind]
        seen.append((method, url, response.status_code, response.status_code == expected))
    assert all(ok for *_, ok in seen), [s for s in seen if not s[-1]]


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
