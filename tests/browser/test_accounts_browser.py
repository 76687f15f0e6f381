"""Account pages in a real browser: axe-core (WCAG 2.1 AA) and a keyboard-only login."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance, AllianceRole

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sehr-geheim-2024"


@pytest.fixture()
def coordinator(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = get_user_model().objects.create_user(
        "koordination", email="koordination@example.org", password=PASSWORD, first_name="Kim"
    )
    user.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    alliance = Alliance.objects.create(slug="ems-achse", name="Fachkräftebündnis Ems-Achse")
    AllianceRole.objects.create(alliance=alliance, user=user, kind=AllianceRole.Kind.MEMBER)
    return user


def test_password_reset_form_is_accessible_also_with_an_error(page, live_server):
    page.goto(live_server.url + "/konto/passwort-vergessen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Passwort vergessen"
    assert_accessible(page)
    page.get_by_label("E-Mail").fill("kein-at")
    page.get_by_role("button", name="Link anfordern").click()
    page.wait_for_load_state()
    assert page.get_by_text("Bitte geben Sie eine gültige E-Mail-Adresse ein").first.is_visible()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert_accessible(page)


def test_keyboard_only_login_then_profile_is_accessible(page, live_server, coordinator):
    page.goto(live_server.url + "/konto/anmelden/")
    # the username field has the focus on arrival (autofocus); from there on only keys
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("koordination")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Anmelden"
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/mein-bereich/")  # the personal start
    assert page.get_by_text("Sie sind angemeldet als koordination.").is_visible()

    page.goto(live_server.url + "/konto/profil/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mein Konto"
    assert page.get_by_text("Fachkräftebündnis Ems-Achse: Allianzmitglied").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Token erstellen").click()
    page.wait_for_load_state()
    assert len(page.get_by_label("API-Token").input_value()) == 40
    assert_accessible(page)

    for path in (
        "/konto/einladungen/",
        "/konto/einladungen/neu/",
        "/konto/personen/",
        f"/konto/personen/{coordinator.pk}/",
        "/konto/profil/loeschen/",
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)
