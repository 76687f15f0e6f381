"""Login and logout through django.contrib.auth."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture()
def user():
    return get_user_model().objects.create_user("erika", password="Sehr-geheim-2024")


def test_login_and_logout(client: Client, user):
    response = client.post(
        "/konto/anmelden/", {"username": "erika", "password": "Sehr-geheim-2024"}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/mein-bereich/"  # the personal start
    assert "Sie sind angemeldet als erika." in html
    assert "Abmelden (erika)" in html
    assert client.get("/konto/abmelden/").status_code == 405  # logout only by POST
    response = client.post("/konto/abmelden/", follow=True)
    html = response.content.decode()
    assert "Sie sind abgemeldet." in html and "Abmelden (erika)" not in html


def test_wrong_password_gives_german_message(client: Client, user):
    response = client.post("/konto/anmelden/", {"username": "erika", "password": "falsch"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anmeldung fehlgeschlagen" in html
    assert "Benutzername" in html and "Passwort" in html


def test_login_form_enforces_csrf(user):
    strict = Client(enforce_csrf_checks=True)
    data = {"username": "erika", "password": "Sehr-geheim-2024"}
    assert strict.post("/konto/anmelden/", data).status_code == 403
    page = strict.get("/konto/anmelden/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = strict.post("/konto/anmelden/", {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/mein-bereich/"
