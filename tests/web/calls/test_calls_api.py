"""The calls API: the same rules and messages as the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from calls_world import make_call

from fachkraefte.web.calls.models import Call

pytestmark = pytest.mark.django_db


def _body(world, **changes):
    body = {
        "slug": "api-aufruf",
        "programme": world.saxony.slug,
        "alliance": world.a.slug,
        "title": "Aufruf über die API",
        "summary": "Kurz",
        "opens_on": "2025-03-01",
        "closes_on": "2025-06-30",
        "budget_year": 2025,
        "max_grant_rate": "0.9",
        "eligible_cost_types": ["personnel"],
        "target_groups": ["employees"],
    }
    body.update(changes)
    return body


def test_public_reads_published_calls_only(clients, world):
    make_call(world, slug="offen")
    make_call(world, slug="entwurf", status=Call.Status.DRAFT)
    slugs = [c["slug"] for c in clients["anonymous"].get("/api/calls/").json()["results"]]
    assert slugs == ["offen"]
    assert clients["anonymous"].get("/api/calls/entwurf/").status_code == 404
    steering = [c["slug"] for c in clients["steering"].get("/api/calls/").json()["results"]]
    assert sorted(steering) == ["entwurf", "offen"]
    detail = clients["anonymous"].get("/api/calls/offen/").json()
    assert detail["max_grant_rate"] == "0.9000" and detail["target_groups"] == [
        "unemployed",
        "international",
    ]


def test_write_is_authorised_before_validation(clients, world, terms):
    assert (
        clients["anonymous"].post("/api/calls/", {}, content_type="application/json").status_code
        == 401
    )
    response = clients["member"].post(
        "/api/calls/", {"alliance": world.a.slug}, content_type="application/json"
    )
    assert response.status_code == 403


def test_steering_creates_office_publishes(clients, world, terms):
    response = clients["steering"].post(
        "/api/calls/", _body(world), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "draft"
    patched = clients["steering"].patch(
        "/api/calls/api-aufruf/", {"title": "Neuer Titel"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["title"] == "Neuer Titel"
    refused = clients["steering"].post(
        "/api/calls/api-aufruf/transition/",
        {"status": "published"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    done = clients["coordination"].post(
        "/api/calls/api-aufruf/transition/",
        {"status": "published"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "published"
    frozen = clients["coordination"].patch(
        "/api/calls/api-aufruf/", {"title": "Später"}, content_type="application/json"
    )
    assert frozen.status_code == 403


def test_bad_input_names_the_field(clients, world, terms):
    response = clients["coordination"].post(
        "/api/calls/", _body(world, max_grant_rate="0.95"), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["max_grant_rate"] == [
        "Die Förderquote darf höchstens 90 % betragen (Grenze des Programms)."
    ]
    response = clients["coordination"].post(
        "/api/calls/",
        _body(world, opens_on="2025-07-01", min_amount="10.005"),
        content_type="application/json",
    )
    assert response.status_code == 400 and "min_amount" in response.json()
    assert not Call.objects.filter(slug="api-aufruf").exists()
    assert Decimal("0.9") == terms.max_grant_rate


def test_schema_lists_the_calls_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/calls/{slug}/transition/" in schema
