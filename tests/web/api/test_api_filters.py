"""API conventions: ``alliance=<slug>`` is the alliance filter everywhere; an unknown or invalid
filter value is a 400 that names the parameter and the valid forms, in the request's language."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from role_world import token_client

pytestmark = pytest.mark.django_db

UNKNOWN_DE = "Unbekannter Slug 'xyz'. Gültig: Slug einer Allianz."
UNKNOWN_EN = "Unknown slug 'xyz'. Valid: the slug of an alliance."


def list_parameters() -> dict[str, dict[str, dict]]:
    """List path → {query parameter name: its schema entry}, for every GET list operation."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = {}
    for path, operations in schema["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        parameters = operations["get"].get("parameters", [])
        found[path] = {p["name"]: p for p in parameters if p["in"] == "query"}
    return found


LISTS = list_parameters()
ALLIANCE_LISTS = sorted(path for path, params in LISTS.items() if "alliance" in params)


def test_every_alliance_filter_is_called_alliance():
    # the alliance-scoped families all have it (so the walk below cannot be empty)
    for path in ("/api/commitments/", "/api/experts/", "/api/meetings/", "/api/votes/"):
        assert path in ALLIANCE_LISTS
    assert "/api/audit-entries/" in ALLIANCE_LISTS
    for path, params in LISTS.items():
        for name, parameter in params.items():
            if "alliance" in name and name != "alliance":
                # only the old names clients may use, documented as deprecated
                assert "alliance" in params, (path, name)
                assert "Veraltet" in parameter.get("description", ""), (path, name)


def test_the_schema_documents_the_alliance_filter():
    for path in ALLIANCE_LISTS:
        description = LISTS[path]["alliance"].get("description", "")
        assert "Allianz" in description or "Kurzname" in description, (path, description)


@pytest.mark.parametrize("path", ALLIANCE_LISTS)
def test_an_unknown_alliance_slug_is_a_400_naming_the_parameter(world, path):
    client = token_client(world.users["coordination"])
    german = client.get(path, {"alliance": "xyz"})
    assert german.status_code == 400, (path, german.content[:300])
    assert german.json() == {"alliance": [UNKNOWN_DE]}
    english = client.get(path, {"alliance": "xyz"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"alliance": [UNKNOWN_EN]}
    assert client.get(path, {"alliance": world.a.slug}).status_code == 200


def test_the_alliance_filter_selects_that_alliance(world):
    client = token_client(world.users["coordination"])
    for path, key in (("/api/meetings/", "alliance"), ("/api/commitments/", "alliance")):
        results = client.get(path, {"alliance": world.b.slug}).json()["results"]
        assert all(row[key] == world.b.slug for row in results)
    b_meetings = client.get("/api/meetings/", {"alliance": world.b.slug}).json()
    assert [row["title"] for row in b_meetings["results"]] == ["Sitzung B"]
    # the deprecated names still work the same
    old = client.get("/api/meetings/", {"alliance__slug": world.b.slug}).json()
    assert old == b_meetings
    items = client.get("/api/agenda-items/", {"meeting__alliance__slug": world.a.slug}).json()
    assert items == client.get("/api/agenda-items/", {"alliance": world.a.slug}).json()
    assert items["count"] == 4  # the three items of A's first meeting and the proposal
    assert client.get("/api/votes/", {"alliance": world.b.slug}).json()["count"] == 0


# One invalid value per endpoint family: (path, query, parameter, text in the German answer).
INVALID = [
    ("/api/alliances/", {"programme": "xyz"}, "programme", "Gültig: Slug eines Landesprogramms"),
    ("/api/alliances/", {"land": "Sachsen"}, "land", "Gültig: zweistelliger Landesschlüssel"),
    ("/api/memberships/", {"organisation": "abc"}, "organisation", "Keine Zahl. Gültig:"),
    ("/api/commitments/", {"status": "fertig"}, "status", "Gültig: planned, in_progress"),
    ("/api/organisations/", {"category": "zoo"}, "category", "Unbekannter Wert 'zoo'. Gültig:"),
    ("/api/organisations/", {"region": "99999"}, "region", "Gültig: Nummer (id)"),
    ("/api/meetings/", {"date__gte": "morgen"}, "date__gte", "Gültig: JJJJ-MM-TT"),
    ("/api/votes/", {"choice": "ja"}, "choice", "Gültig: consent, objection, abstention"),
    ("/api/audit-entries/", {"action": "kaputt"}, "action", "Gültig: create, update, delete"),
    ("/api/audit-entries/", {"since": "gestern"}, "since", "Kein Datum. Gültig: JJJJ-MM-TT"),
]


@pytest.mark.parametrize(("path", "query", "param", "text"), INVALID)
def test_an_invalid_filter_value_is_a_400_naming_the_valid_forms(world, path, query, param, text):
    client = token_client(world.users["coordination"])
    answer = client.get(path, query)
    assert answer.status_code == 400, (path, query, answer.content[:300])
    messages = answer.json()[param]
    assert any(text in message for message in messages), messages
    english = client.get(path, query, HTTP_ACCEPT_LANGUAGE="en").json()[param]
    assert any("Valid:" in message for message in english), english


def test_filters_by_related_number_do_not_tell_hidden_records_from_missing_ones(world):
    """Another alliance's agenda item or project group gives the same empty list as none."""
    outsider = token_client(world.users["outsider"])
    for path, param, hidden in (
        ("/api/votes/", "agenda_item", world.item.pk),
        ("/api/experts/", "project_group", world.group.pk),
        ("/api/agenda-items/", "meeting", world.meeting.pk),
    ):
        shown = outsider.get(path, {param: hidden})
        missing = outsider.get(path, {param: 999999})
        assert shown.status_code == missing.status_code == 200, path
        assert shown.json() == missing.json(), path


def test_the_paths_of_the_walk_are_real_routes():
    for path in ALLIANCE_LISTS:
        assert resolve(re.sub(r"\{[^}]+\}", "1", path)).view_name.startswith("api:")
    assert Client().get("/api/schema/").status_code == 200
