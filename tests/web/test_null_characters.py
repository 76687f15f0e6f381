"""NUL characters in request data get a 400 with a message, never a server error.

PostgreSQL refuses NUL in text, so these requests failed with 500 there (found by
schemathesis on the PostgreSQL run) while SQLite stored them; the tests run on both.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

MESSAGE = "Die Anfrage enthält ein Nullzeichen (U+0000)"


@pytest.fixture()
def user():
    return get_user_model().objects.create_user("nora", password="richtig-lang-123")


def test_token_with_nul_in_the_user_name_is_a_bad_request(user):
    response = Client().post("/api/token/", {"username": "no\x00ra", "password": "x"})
    assert response.status_code == 400
    assert MESSAGE in response.json()["detail"]


def test_json_body_with_escaped_nul_is_a_bad_request(user):
    body = json.dumps({"username": "nora\u0000", "password": "richtig-lang-123"})
    response = Client().post("/api/token/", body, content_type="application/json")
    assert response.status_code == 400 and MESSAGE in response.json()["detail"]


def test_an_escaped_backslash_before_u0000_is_text_not_nul(user):
    body = json.dumps({"username": "nora\\u0000", "password": "falsch"})
    response = Client().post("/api/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert MESSAGE not in response.content.decode()  # refused as wrong credentials instead


def test_multipart_post_and_query_string(user):
    client = Client()
    client.force_login(user)
    response = client.post("/api/alliances/", {"name": "A", "districts": ["06\x00411"]})
    assert response.status_code == 400 and MESSAGE in response.json()["detail"]
    page = client.get("/kreise/", {"sort": "na\x00me"})
    assert page.status_code == 400 and MESSAGE in page.content.decode()


def test_clean_requests_pass(user):
    response = Client().post("/api/token/", {"username": "nora", "password": "richtig-lang-123"})
    assert response.status_code == 200 and response.json()["token"]
