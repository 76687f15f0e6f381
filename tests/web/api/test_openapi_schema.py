"""The OpenAPI schema generates cleanly and is valid OpenAPI 3; the docs are served locally;
the token endpoint is the throttled one, and its token authenticates API requests."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import resolve
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from role_world import SECRET, token_client

from fachkraefte.web.accounts.api import ThrottledObtainAuthToken

pytestmark = pytest.mark.django_db
PASSWORD = "Token-Passwort-2024"


def generate() -> tuple[dict, dict[str, int], dict[str, int]]:
    """The schema with the warnings and errors drf-spectacular reported while making it."""
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    warnings, errors = dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    return schema, warnings, errors


def test_schema_generates_without_warnings_and_is_valid_openapi_3():
    schema, warnings, errors = generate()
    assert not errors, "\n".join(errors)
    assert not warnings, "\n".join(warnings)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises jsonschema.ValidationError where it is not OpenAPI 3
    operation_ids = [
        operation["operationId"]
        for item in schema["paths"].values()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    ]
    assert len(operation_ids) == len(set(operation_ids))


def test_schema_covers_every_endpoint_group(client: Client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/token/",
        "/api/alliances/",
        "/api/alliances/{slug}/composition/",
        "/api/meetings/",
        "/api/agenda-items/{id}/close/",
        "/api/votes/",
        "/api/forecasts/",
        "/api/wages/",
        "/api/bottlenecks/",
    ):
        assert path in paths, path


def _external_urls(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>)]+", text)


def test_docs_page_is_in_the_site_and_lists_every_endpoint(client: Client):
    """The documentation is a page of the site (layout, German), built from the schema: every
    path and method of the schema is on it; it loads only local files."""
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html and '<footer class="site-footer">' in html
    assert "API-Dokumentation" in html and "Allianzen" in html and "Liste abrufen" in html
    assert not _external_urls(html), _external_urls(html)
    sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert all(source.startswith(("/", "#", "data:")) for source in sources), sources
    schema = client.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in {"get", "post", "put", "patch", "delete"}:
                assert f"<code>{method.upper()} {path}</code>" in html, (method, path)
    assert 'href="/api/schema/"' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/api/docs/").content.decode()
    assert '<html lang="en">' in english and "API documentation" in english


def test_token_endpoint_is_the_throttled_one():
    assert resolve("/api/token/").func.view_class is ThrottledObtainAuthToken


def test_a_token_authenticates_api_requests(world):
    steering = world.users["steering"]
    steering.set_password(PASSWORD)
    steering.save()
    anonymous = Client()
    answer = anonymous.post(
        "/api/token/",
        {"username": steering.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    key = answer.json()["token"]
    with_token = Client(HTTP_AUTHORIZATION=f"Token {key}")
    groups = with_token.get("/api/project-groups/")
    assert groups.status_code == 200
    assert SECRET in str(groups.json()["results"])
    # the same request without the token, or with a wrong one, is refused
    # (401 with WWW-Authenticate: Token, so a client knows how to authenticate)
    assert anonymous.get("/api/project-groups/").status_code == 401
    wrong = Client(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert wrong.get("/api/project-groups/").status_code == 401
    # a wrong password gets no token
    refused = anonymous.post(
        "/api/token/",
        {"username": steering.username, "password": "falsch"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "token" not in refused.json()


def test_token_of_an_outsider_sees_nothing_of_a(world):
    outsider = token_client(world.users["outsider"])
    assert outsider.get(f"/api/meetings/{world.meeting.pk}/").status_code == 404
    listed = outsider.get("/api/meetings/").json()
    assert SECRET not in str(listed) and listed["count"] == 1  # B's own meeting


def test_api_root_lists_every_collection(client: Client):
    """``GET /api/`` is the entry point of the browsable API; every app's router adds its own
    "api-root" at the same address, so only the first one (alliances) is ever reached."""
    listed = client.get("/api/", HTTP_ACCEPT="application/json").json()
    for collection in ("alliances", "meetings", "votes", "forecasts", "wages", "bottlenecks"):
        assert collection in listed, f"{collection} missing from the API root: {sorted(listed)}"
