"""Steering-group voting in a real browser: keyboard-only vote (HTMX), closing, axe WCAG 2.1 AA."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser_steps import sign_in_as
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible  # tests/browser is on sys.path (rootdir-relative)

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance, AllianceRole
from fachkraefte.web.decisions import services
from fachkraefte.web.decisions.models import AgendaItem, Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2025!"


@pytest.fixture()
def steering_world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    users = get_user_model().objects
    alliance = Alliance.objects.create(slug="nord", name="Demo-Bündnis Nord")
    anna = users.create_user("anna", password=PASSWORD, first_name="Anna", last_name="Ährenfeld")
    bernd = users.create_user("bernd", password=PASSWORD, first_name="Bernd", last_name="Öztürk")
    kora = users.create_user("kora", password=PASSWORD)
    kora.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    for user in (anna, bernd):
        AllianceRole.objects.create(alliance=alliance, user=user, kind=AllianceRole.Kind.STEERING)
    meeting = services.meeting_create(
        actor=anna, alliance=alliance, title="Frühjahrssitzung", date=dt.date(2025, 3, 31)
    )
    item = services.agenda_item_create(
        actor=anna, meeting=meeting, title="Ausbildungsverbund Pflege", description="Vorlage"
    )
    services.vote_cast(actor=bernd, item=item, choice="abstention")
    return meeting, item


def _login(page, base: str, username: str) -> None:
    sign_in_as(page, base, username, PASSWORD)


def _tab_to(page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} not reachable with Tab")


def test_keyboard_vote_and_close(page, live_server, steering_world):
    meeting, item = steering_world
    base = live_server.url
    _login(page, base, "anna")

    page.goto(f"{base}/beschluesse/nord/")
    assert_accessible(page)
    page.get_by_role("link", name="Frühjahrssitzung").click()
    page.wait_for_url(f"**/sitzungen/{meeting.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Ausbildungsverbund Pflege").click()
    page.wait_for_url(f"**/tops/{item.pk}/")
    assert_accessible(page)

    # keyboard only: Tab to the radio group, Space selects, Tab to the note, Tab to submit, Enter
    _tab_to(page, "id_choice_consent")
    page.keyboard.press("Space")
    assert page.is_checked("#id_choice_consent")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_note"
    page.keyboard.type("Deckt den Engpass in der Pflege ab.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Votum abgeben"
    page.keyboard.press("Enter")
    message = page.locator("#vote-message")
    message.get_by_text("Ihr Votum „Zustimmung“ wurde gespeichert.").wait_for()
    # partial update: same page, the tally swapped in, focus still on the form's button
    assert page.url.endswith(f"/tops/{item.pk}/")
    tally = page.locator("#tally")
    assert re.search(r"Zustimmung\s*1", tally.inner_text())
    assert "Deckt den Engpass in der Pflege ab." in tally.inner_text()
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    assert "Votum: Zustimmung" in page.locator("#trail").inner_text()  # trail swapped in too
    assert_accessible(page)
    vote = Vote.objects.get(agenda_item=item, user__username="anna")
    assert vote.choice == "consent" and vote.note == "Deckt den Engpass in der Pflege ab."

    # the coordination office closes the item after a confirmation step
    page.get_by_role("button", name=re.compile("Abmelden")).click()
    page.wait_for_load_state()
    _login(page, base, "kora")
    page.goto(f"{base}/beschluesse/nord/tops/{item.pk}/")
    page.get_by_role("link", name="Abstimmung abschließen").click()
    page.wait_for_url(f"**/tops/{item.pk}/abschliessen/")
    assert "Der Beschluss ist endgültig" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Ergebnis feststellen und abschließen").click()
    page.wait_for_url(f"**/tops/{item.pk}/")
    assert "ist entschieden: angenommen." in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Votum abgeben").count() == 0
    assert_accessible(page)
    assert AgendaItem.objects.get(pk=item.pk).outcome == "adopted"


def test_conflict_form_and_error_messages_are_accessible(page, live_server, steering_world):
    _meeting, item = steering_world
    base = live_server.url
    _login(page, base, "bernd")
    page.goto(f"{base}/beschluesse/nord/tops/{item.pk}/")
    page.get_by_role("button", name="Befangenheit erklären").click()  # empty reason
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Grund der Befangenheit").fill("Vorstand der Trägerin")
    page.get_by_role("button", name="Befangenheit erklären").click()
    page.get_by_text("Ihre Befangenheit wurde vermerkt").wait_for()
    assert page.locator("input[name=choice]").count() == 1  # abstention only
    assert_accessible(page)


CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_htmx_vote_works_under_the_real_csp(
    browser, live_server, steering_world, browser_store, monkeypatch, settings
):
    """The ``page`` fixture bypasses the CSP for axe; this context enforces it."""
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(browser_store))
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    _meeting, item = steering_world
    context = browser.new_context(locale="de-DE")
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        base = live_server.url
        _login(page, base, "anna")
        page.goto(f"{base}/beschluesse/nord/tops/{item.pk}/")
        page.check("#id_choice_objection")
        page.get_by_role("button", name="Votum abgeben").click()
        page.locator("#vote-message").get_by_text(
            "Ihr Votum „Einwand“ wurde gespeichert."
        ).wait_for()
        assert re.search(r"Einwand\s*1", page.locator("#tally").inner_text())
        assert page.evaluate("window.__cspViolations") == []
    finally:
        context.close()
