"""Impressum, Datenschutz, Barrierefreiheit and Hilfe: shipped texts, linked in every footer,
edited by the coordination office with an audit entry, typed text never becomes markup."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.pages import markup
from fachkraefte.web.pages.models import PublicPage

pytestmark = pytest.mark.django_db

PAGES = {
    "/impressum/": "Impressum",
    "/datenschutz/": "Datenschutzerklärung",
    "/barrierefreiheit/": "Erklärung zur Barrierefreiheit",
    "/hilfe/": "Hilfe",
}


@pytest.fixture()
def coordinator():
    user = get_user_model().objects.create_user("koordination", password="Sehr-geheim-2024")
    user.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("path", "title"), PAGES.items())
def test_every_page_is_public_and_linked_in_the_footer(client, path, title):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200 and "<h1 " in html and title in html
    footer = client.get("/kreise/").content.decode().split('<footer class="site-footer">')[1]
    for linked in PAGES:
        assert f'href="{linked}"' in footer
    assert 'href="/api/docs/"' in footer


def test_accessibility_statement_has_the_required_parts(client):
    html = client.get("/barrierefreiheit/").content.decode()
    for part in (
        "Stand der Vereinbarkeit",
        "teilweise vereinbar",
        "Nicht barrierefreie Inhalte",
        "Feedback und Kontakt",
        "innerhalb eines Monats",
        "Schlichtungsstelle nach § 16 BGG",
        'href="mailto:info@schlichtungsstelle-bgg.de"',
    ):
        assert part in html, part


def test_operator_fields_are_marked_and_counted_for_the_coordination_office(client, coordinator):
    assert "[Bitte ergänzen: Anschrift]" in client.get("/impressum/").content.decode()
    assert "Seite bearbeiten" not in client.get("/impressum/").content.decode()
    html = coordinator.get("/impressum/").content.decode()
    assert (
        "Angaben des Betreibers zu ergänzen" in html
        and 'href="/seiten/impressum/bearbeiten/"' in html
    )


def test_coordination_office_edits_a_page_with_an_audit_entry(client, coordinator):
    form = coordinator.get("/seiten/impressum/bearbeiten/").content.decode()
    assert "Bitte ergänzen" in form  # the form starts from the shipped text
    response = coordinator.post(
        "/seiten/impressum/bearbeiten/",
        {
            "title": "Impressum",
            "body": "## Betreiber\n\nLand Hessen, info@land.example",
            "title_en": "",
            "body_en": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/impressum/"
    html = client.get("/impressum/").content.decode()
    assert "Land Hessen" in html and "Bitte ergänzen" not in html
    assert '<a class="kern-link" href="mailto:info@land.example">' in html
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.CREATE and entry.actor_name == "koordination"
    assert entry.alliance is None and "Bitte ergänzen" in entry.changes["body"][0]

    coordinator.post(
        "/seiten/impressum/bearbeiten/",
        {
            "title": "Impressum",
            "body": "Land Hessen",
            "title_en": "Legal notice",
            "body_en": "State of Hesse",
        },
    )
    update = AuditEntry.objects.order_by("-id").first()
    assert update.action == AuditEntry.Action.UPDATE and set(update.changes) == {
        "body",
        "title_en",
        "body_en",
    }
    assert PublicPage.objects.count() == 1


def test_english_text_where_given_else_german_marked_as_german(client, coordinator):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/hilfe/").content.decode()
    assert "This page is only available in German." in html and 'lang="de"' in html
    coordinator.post(
        "/seiten/hilfe/bearbeiten/",
        {"title": "Hilfe", "body": "Deutsch", "title_en": "Help", "body_en": "English help"},
    )
    html = client.get("/hilfe/").content.decode()
    assert "English help" in html and "only available in German" not in html


def test_typed_markup_stays_text():
    html = str(markup.render("<script>alert(1)</script>\n\n- <b>fett</b>\n- https://example.org"))
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html
    assert (
        '<ul class="kern-list"><li>&lt;b&gt;fett&lt;/b&gt;</li><li><a class="kern-link" href="https://example.org"'
        in html
    )


def test_only_the_coordination_office_edits(client):
    user = get_user_model().objects.create_user("antje", password="Sehr-geheim-2024")
    other = Client()
    other.force_login(user)
    assert other.get("/seiten/impressum/bearbeiten/").status_code == 403
    assert (
        other.post("/seiten/impressum/bearbeiten/", {"title": "X", "body": "Y"}).status_code == 403
    )
    assert client.get("/seiten/").status_code == 302  # anonymous: to the login
    assert not PublicPage.objects.exists()


def test_unknown_page_is_404(coordinator):
    assert coordinator.get("/seiten/gibt-es-nicht/bearbeiten/").status_code == 404
