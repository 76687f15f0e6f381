"""Decisions API: votes, conflicts and closing through the same services; schema without warnings."""

from __future__ import annotations

import pytest
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.decisions import services
from fachkraefte.web.decisions.models import AgendaItem, Meeting, Vote
from fachkraefte.web.programmes.models import ConsensusRule

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def test_vote_cast_change_and_tally(world):
    client = _api(world.voters[1])
    first = _post(client, "/api/votes/", {"agenda_item": world.proposal.pk, "choice": "consent"})
    assert first.status_code == 201
    assert first.json()["user"] == "steuerung-a2" and first.json()["choice"] == "consent"
    second = _post(
        client,
        "/api/votes/",
        {"agenda_item": world.proposal.pk, "choice": "objection", "note": "zu teuer"},
    )
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    item = client.get(f"/api/agenda-items/{world.proposal.pk}/").json()
    assert item["consensus"]["tally"]["objection"] == 1
    assert item["consensus"]["tally"]["not_voted"] == ["Anna Ährenfeld", "Carla Weiß"]
    assert item["consensus"]["outcome"] == "rejected" and item["consensus"]["can_close"] is True
    assert AuditEntry.objects.filter(action="vote", actor=world.voters[1]).count() == 2
    bad = _post(client, "/api/votes/", {"agenda_item": world.proposal.pk, "choice": "ja"})
    assert bad.status_code == 400 and "choice" in bad.json()


def test_conflict_through_api_enforces_abstention(world):
    client = _api(world.voters[1])
    _post(client, "/api/votes/", {"agenda_item": world.proposal.pk, "choice": "consent"})
    declared = _post(
        client, "/api/conflicts/", {"agenda_item": world.proposal.pk, "reason": "Vorstand"}
    )
    assert declared.status_code == 201 and declared.json()["user"] == "steuerung-a2"
    assert Vote.objects.get(user=world.voters[1]).choice == "abstention"
    refused = _post(client, "/api/votes/", {"agenda_item": world.proposal.pk, "choice": "consent"})
    assert refused.status_code == 400
    assert "können sich nur enthalten" in refused.json()["choice"][0]
    again = _post(client, "/api/conflicts/", {"agenda_item": world.proposal.pk, "reason": "x"})
    assert again.status_code == 400 and "bereits eine Befangenheit" in again.json()["detail"][0]
    conflicts = client.get(f"/api/conflicts/?agenda_item={world.proposal.pk}").json()
    assert conflicts["count"] == 1 and conflicts["results"][0]["reason"] == "Vorstand"


def test_close_through_api_then_frozen(world):
    _post(
        _api(world.voters[0]),
        "/api/votes/",
        {"agenda_item": world.proposal.pk, "choice": "consent"},
    )
    closed = _post(
        _api(world.users["coordination"]), f"/api/agenda-items/{world.proposal.pk}/close/", {}
    )
    body = closed.json()
    assert closed.status_code == 200
    assert (body["status"], body["outcome"], body["decided_by"]) == (
        "decided",
        "adopted",
        "koordination",
    )
    assert body["consensus"]["can_close"] is False and body["consensus"]["tally"]["consent"] == 1
    late = _post(
        _api(world.voters[2]),
        "/api/votes/",
        {"agenda_item": world.proposal.pk, "choice": "objection"},
    )
    assert late.status_code == 400 and "bereits entschieden" in late.json()["detail"][0]
    edit = _api(world.voters[0]).patch(
        f"/api/agenda-items/{world.proposal.pk}/", {"title": "x"}, content_type="application/json"
    )
    assert edit.status_code == 400
    assert AgendaItem.objects.get(pk=world.proposal.pk).title == "Ausbildungsverbund Pflege"
    decided = _api(world.users["member"]).get("/api/agenda-items/?status=decided").json()
    # this one and the role world's decided item
    ids = {row["id"] for row in decided["results"]}
    assert ids == {world.proposal.pk, world.item_decided.pk}


def test_unanimity_close_through_api_names_missing(world):
    world.a.consensus_rule = ConsensusRule.UNANIMITY
    world.a.save()
    item = services.agenda_item_create(
        actor=world.voters[0], meeting=world.spring_meeting, title="Streng"
    )
    response = _post(_api(world.voters[0]), f"/api/agenda-items/{item.pk}/close/", {})
    assert response.status_code == 400
    assert (
        "Es fehlt das Votum von: Anna Ährenfeld, Bernd Öztürk, Carla Weiß."
        in (response.json()["detail"][0])
    )


def test_create_and_update_through_api(world):
    client = _api(world.voters[0])
    created = _post(
        client,
        "/api/meetings/",
        {"alliance": "allianz-a", "title": "API-Sitzung", "date": "2025-09-01"},
    )
    assert created.status_code == 201
    meeting_id = created.json()["id"]
    moved = client.patch(
        f"/api/meetings/{meeting_id}/", {"alliance": "allianz-b"}, content_type="application/json"
    )
    assert (
        moved.status_code == 400
    )  # "allianz-b" is not visible to this user: does not exist for them
    item = _post(client, "/api/agenda-items/", {"meeting": meeting_id, "title": "TOP per API"})
    assert item.status_code == 201
    assert (item.json()["position"], item.json()["consensus_rule"]) == (1, "no_objection")
    patched = client.patch(
        f"/api/meetings/{meeting_id}/", {"location": "Wittmund"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["title"] == "API-Sitzung"
    assert Meeting.objects.get(pk=meeting_id).location == "Wittmund"
    assert AuditEntry.objects.filter(action="update", object_id=str(meeting_id)).count() == 1
    blank = _post(client, "/api/agenda-items/", {"meeting": meeting_id, "title": "  "})
    assert blank.status_code == 400
    foreign = _post(client, "/api/agenda-items/", {"meeting": world.meeting_b.pk, "title": "x"})
    assert foreign.status_code == 400 and "meeting" in foreign.json()


def test_api_filters_and_ordering(world):
    client = _api(world.users["coordination"])
    by_alliance = client.get("/api/meetings/?alliance__slug=allianz-b").json()
    assert [row["title"] for row in by_alliance["results"]] == ["Sitzung B"]
    ordered = client.get("/api/meetings/?ordering=date").json()
    titles = [row["title"] for row in ordered["results"]]
    # A's two meetings are on the same day, B's the day after
    assert set(titles[:2]) == {world.meeting.title, "Frühjahrssitzung"}
    assert titles[2:] == ["Sitzung B"]
    # the three items of A's first meeting and the proposal
    assert client.get("/api/agenda-items/?meeting__alliance__slug=allianz-a").json()["count"] == 4


def test_token_auth_works_for_voting(world):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.voters[2])
    response = Client().post(
        "/api/votes/",
        {"agenda_item": world.proposal.pk, "choice": "abstention"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert (
        response.status_code == 201
        and Vote.objects.get(agenda_item=world.proposal).user == world.voters[2]
    )


def test_schema_for_decisions_endpoints_has_no_warnings():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(urlconf="fachkraefte.web.decisions.api").get_schema(
        request=None, public=True
    )
    warnings = dict(GENERATOR_STATS._warn_cache)
    errors = dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    assert not warnings and not errors, (warnings, errors)
    paths = schema["paths"]
    assert {"/meetings/", "/agenda-items/{id}/close/", "/votes/", "/conflicts/"} <= set(paths)
    consensus = schema["components"]["schemas"]["Consensus"]["properties"]
    assert consensus["tally"] == {"$ref": "#/components/schemas/Tally"}
    item = schema["components"]["schemas"]["AgendaItem"]["properties"]
    assert item["consensus"] == {
        "allOf": [{"$ref": "#/components/schemas/Consensus"}],
        "readOnly": True,
    }


def test_full_schema_endpoint_lists_decisions(world):
    response = _api(world.voters[0]).get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "/api/agenda-items/{id}/close/" in response.json()["paths"]
