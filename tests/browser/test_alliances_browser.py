"""The coordination office sets up a Saxony alliance in a real browser until its composition is
complete; axe-core (WCAG 2.1 AA) on the list, the form and the alliance page; one member is added
with the keyboard only."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.organisations.models import Organisation, PartnerCategory
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2024"
# One member per required seat of Saxony's rule set (two towns over 10,000 in the district).
GOERLITZ = "14626"
MEMBERS = [
    ("Demo-Landkreis Görlitz", "district", None),
    ("Demo-Stadt Neißeufer", "town", 54_000),
    ("Demo-Stadt Lindenbrunn", "town", 24_000),
    ("Demo-Handwerkskammer", "chamber", None),
    ("Demo-Gewerkschaft", "union", None),
    ("Demo-Jobcenter", "employment_agency", None),
    ("Demo-Schulamt", "school", None),
    ("Demo-Wirtschaftsförderung", "economic_development", None),
]


@pytest.fixture()
def setup(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sync_regions()
    ensure_shipped_programmes()
    user = get_user_model().objects.create_user("koordination", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    district = Region.objects.get(ags=GOERLITZ)
    for name, category, inhabitants in MEMBERS:
        Organisation.objects.create(
            name=name, category=category, inhabitants=inhabitants, region=district
        )


def test_coordination_creates_a_saxony_alliance_until_complete(page, live_server, setup):
    page.goto(live_server.url + "/konto/anmelden/?next=/allianzen/")
    page.get_by_label("Benutzername").fill("koordination")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/allianzen/")
    assert_accessible(page)

    page.get_by_role("link", name="Neue Allianz anlegen").click()
    page.wait_for_url("**/allianzen/neu/")
    page.get_by_role("button", name="Allianz anlegen").click()  # empty: errors, linked to fields
    assert page.locator("#id_name_error").is_visible()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Fachkräfteallianz Görlitz (Test)")
    page.get_by_label("Programm").select_option(
        label="Sachsen – Regionale Fachkräfteallianzen (Fachkräfterichtlinie)"
    )
    page.get_by_label("Kreise").fill("Landkreis Görlitz")
    page.get_by_role("button", name="Allianz anlegen").click()
    page.wait_for_url(re.compile(r".*/allianzen/fachkraefteallianz-goerlitz-test/$"))
    status = page.locator("#composition-status")
    assert "8 Pflichtsitze fehlen" in status.inner_text()
    assert_accessible(page)

    select = page.get_by_label("Organisation", exact=True)
    for name, category, _inhabitants in MEMBERS[:-1]:
        select.select_option(label=f"{name} ({PartnerCategory(category).label})")
        page.get_by_role("button", name="Mitglied hinzufügen").click()
        page.get_by_text(f"{name} ist jetzt Mitglied.").wait_for()
    assert "1 Pflichtsitz fehlt" in status.inner_text()

    # keyboard only: the swapped-in form has focus on the organisation field (autofocus)
    # htmx applies autofocus after its settle step, a moment after the new content is visible.
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'id_organisation'"
    )
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") != ""
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Mitglied hinzufügen"
    page.keyboard.press("Enter")
    page.get_by_text("Demo-Wirtschaftsförderung ist jetzt Mitglied.").wait_for()
    assert "Zusammensetzung vollständig" in page.locator("#composition-status").inner_text()
    assert page.locator("text=fehlt:").count() == 0
    assert_accessible(page)

    page.reload()
    assert "Zusammensetzung vollständig" in page.locator("#composition-status").inner_text()
    members = page.get_by_role("table", name="8 Mitgliedsorganisationen")
    assert members.locator("tbody tr").count() == 8


def test_alliance_pages_are_accessible(page, live_server, setup, tmp_path, monkeypatch):
    from fachkraefte.web.alliances.demo import ensure_demo_governance

    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    ensure_demo_governance()
    ems = "/allianzen/fachkraeftebuendnis-ems-achse/"
    public = [
        "/allianzen/organisationen/",
        "/allianzen/programme/",
        "/allianzen/programme/sachsen-fachkraefteallianzen/",
        "/allianzen/fachkraefteallianz-landkreis-goerlitz/",
    ]
    for url in public:
        page.goto(live_server.url + url)
        assert_accessible(page)
    page.goto(live_server.url + "/konto/anmelden/")
    page.get_by_label("Benutzername").fill("koordination")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(live_server.url + "/mein-bereich/")  # the personal start
    for url in [
        ems,
        ems + "handlungsfelder/",
        ems + "strategie/",
        ems + "strategie/vergleich/?von=1&zu=2",
        ems + "verpflichtungen/",
        ems + "projektgruppen/",
        ems + "rollen/",
        ems + "protokoll/",
        "/allianzen/organisationen/neu/",
    ]:
        page.goto(live_server.url + url)
        assert page.get_by_role("heading", level=1).is_visible(), url
        assert_accessible(page)


def test_member_picker_by_keyboard(page, live_server, setup):
    """Search, narrow by category and add a member without the mouse; axe-clean throughout."""
    from fachkraefte.web.alliances import services

    user = get_user_model().objects.get(username="koordination")
    alliance = services.alliance_create(
        actor=user, name="Tastaturallianz", districts=[Region.objects.get(ags=GOERLITZ)]
    )
    Organisation.objects.create(
        name="Demo-Wirtschaftsjunioren", category="employers", region_id=GOERLITZ
    )
    page.goto(live_server.url + "/konto/anmelden/")
    page.get_by_label("Benutzername").fill("koordination")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/mein-bereich/")  # the personal start after login
    page.goto(live_server.url + f"/allianzen/{alliance.slug}/")
    options = page.locator("#id_organisation option")
    assert options.count() == len(MEMBERS) + 2  # the empty choice and every organisation

    search = page.get_by_label("Organisation suchen (Name oder Kreis)")
    search.focus()
    page.keyboard.type("wirtschaft")
    # the server narrows the choice while typing; the live region says how many are left
    page.wait_for_function("document.querySelectorAll('#id_organisation option').length === 3")
    assert (
        "2 Organisationen stehen zur Auswahl."
        in page.locator("#organisation-picker-status").inner_text()
    )
    page.keyboard.press("Tab")  # Land
    page.keyboard.press("Tab")  # Partnerkategorie
    assert page.evaluate("document.activeElement.id") == "picker-category"
    page.keyboard.press("ArrowDown")  # the first category: Landkreis / kreisfreie Stadt
    page.wait_for_function("document.querySelectorAll('#id_organisation option').length === 1")
    assert "Keine passende Organisation" in page.locator("#organisation-picker-status").inner_text()
    page.keyboard.press("Home")  # back to "alle Kategorien"
    page.wait_for_function("document.querySelectorAll('#id_organisation option').length === 3")
    assert_accessible(page)

    for _ in range(6):  # the button "Auswahl eingrenzen", then the organisation choice
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_organisation":
            break
    assert page.evaluate("document.activeElement.id") == "id_organisation"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.selectedOptions[0].text").startswith(
        "Demo-Wirtschaftsjunioren"
    )
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Mitglied hinzufügen"
    page.keyboard.press("Enter")
    page.get_by_text("Demo-Wirtschaftsjunioren ist jetzt Mitglied.").wait_for()
    assert alliance.memberships.filter(organisation__name="Demo-Wirtschaftsjunioren").exists()
    assert_accessible(page)
