"""Error pages in the site's layout, German or English, with the reason and a way back; a 403
is one line in the server log."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "error_urls"


@pytest.fixture()
def applicant():
    user = get_user_model().objects.create_user("antje", password="Sehr-geheim-2024")
    client = Client()
    client.force_login(user)
    return client


def _page(response) -> str:
    html = response.content.decode()
    assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
    assert 'href="/"' in html  # the way back to the start
    return html


def test_404_german_with_the_reason_of_the_code(client):
    response = client.get("/kreise/99999/")
    html = _page(response)
    assert response.status_code == 404
    assert '<html lang="de">' in html and "Seite nicht gefunden" in html
    assert "99999" in html  # the view's message names the unknown key


def test_404_of_the_resolver_shows_no_technical_message(client):
    response = client.get("/gibt-es-nicht/", HTTP_REFERER="http://testserver/kreise/")
    html = _page(response)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in html and "Grund" not in html
    assert "urlpatterns" not in html and "error_urls" not in html
    assert 'href="http://testserver/kreise/"' in html  # back to where the visitor came from


def test_404_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _page(client.get("/gibt-es-nicht/"))
    assert '<html lang="en">' in html and "Page not found" in html and "Go to the home page" in html


def test_403_german_with_reason_and_one_log_line(applicant, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = applicant.get("/seiten/")
    html = _page(response)
    assert response.status_code == 403
    assert "Zugriff verweigert" in html
    assert "Die öffentlichen Seiten pflegt die Koordinierungsstelle." in html
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1 and records[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_403_of_a_stale_form_explains_the_csrf_failure():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/konto/anmelden/", {"username": "x", "password": "y"})
    html = _page(response)
    assert response.status_code == 403 and "Das Formular ist abgelaufen" in html


def test_405_for_a_get_on_a_post_only_address(applicant):
    response = applicant.get("/konto/abmelden/")
    html = _page(response)
    assert response.status_code == 405 and "POST" in response["Allow"]
    assert "Aktion so nicht möglich" in html


def test_405_of_the_api_stays_json(applicant):
    response = applicant.delete("/api/alliances/")
    assert response.status_code == 405 and response["Content-Type"] == "application/json"


def test_429_gets_the_page_and_keeps_retry_after(client):
    response = client.get("/test-zu-viele/")
    html = _page(response)
    assert response.status_code == 429 and response["Retry-After"] == "30"
    assert "Zu viele Anfragen" in html


def test_400_for_a_foreign_host(client):
    response = client.get("/", HTTP_HOST="angreifer.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ungültige Anfrage" in html and '<footer class="site-footer">' in html


def test_500_in_the_layout_with_traceback_in_the_log(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-kaputt/")
    html = _page(response)
    assert response.status_code == 500 and "Interner Fehler" in html
    assert "RuntimeError" not in html  # the exception is for the log, not the visitor
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert errors and errors[0].exc_info is not None
