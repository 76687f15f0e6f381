"""Workshops in a real browser: the coordination office plans a Zukunftswerkstatt through the
form, opens registration and invites a chamber and a guest; one person takes the only place,
the next is wait-listed, and when the first withdraws the page offers her the place, which she
accepts. axe-core (WCAG 2.1 AA) on the form, the event page in each state, the invitations, the
list and the month calendar."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances import services as alliance_services
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.organisations import services as organisation_services
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.workshops.models import Registration, Workshop, WorkshopInvitation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2024"
# A 1×1 PNG (the same as tests/web/pdf_samples.py, which this folder cannot import).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture()
def setup():
    sync_regions()
    ensure_shipped_programmes()
    users = get_user_model().objects
    office = users.create_user("koordination", password=PASSWORD)
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    for name, first in (("anna", "Anna"), ("bernd", "Bernd")):
        users.create_user(name, password=PASSWORD, first_name=first, email=f"{name}@example.org")
    fulda = Region.objects.get(ags="06631")
    alliance = alliance_services.alliance_create(
        actor=office,
        name="Fachkräfteallianz Kreis Fulda (Test)",
        slug="allianz-fulda",
        programme=Programme.objects.get(slug="hessen-zukunftsgerecht-regional"),
        districts=[fulda],
    )
    chamber = organisation_services.organisation_create(
        actor=office, name="IHK Fulda (Test)", category="chamber", region=fulda
    )
    organisation_services.representative_create(
        actor=office, organisation=chamber, name="Anna Kammer", user=users.get(username="anna")
    )
    return alliance


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/konto/anmelden/?next=/mein-bereich/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/mein-bereich/")


def _as(browser, base: str, username: str):
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    person = context.new_page()
    person.set_default_timeout(15_000)
    _sign_in(person, base, username)
    return context, person


def _office_plans_and_invites(page, base: str) -> str:
    _sign_in(page, base, "koordination")
    page.goto(base + "/werkstaetten/neu/allianz-fulda/")
    assert_accessible(page)
    page.get_by_label("Titel", exact=True).fill("Zukunftswerkstatt Kreis Fulda 2027")
    page.get_by_label("Kurzname in der Adresse").fill("zw-fulda-2027")
    page.get_by_label("Datum").fill("2027-03-17")
    page.get_by_label("Beginn (Uhrzeit)").fill("09:00")
    page.get_by_label("Ende (Uhrzeit)").fill("16:00")
    page.get_by_label(re.compile(r"^Ort\b")).fill("Kreishaus Fulda, Sitzungssaal")
    page.get_by_label("Moderation").fill("IWAK")
    page.get_by_label("Vorstellung der Prognose").fill("IWAK")
    page.get_by_label("Plätze").fill("1")
    page.get_by_role("button", name="Werkstatt speichern").click()
    page.wait_for_url("**/werkstaetten/zw-fulda-2027/")
    assert page.get_by_text("in Planung").first.is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Anmeldung öffnen").click()
    page.wait_for_url("**/werkstaetten/zw-fulda-2027/")
    assert Workshop.objects.get(slug="zw-fulda-2027").status == "open"

    page.get_by_role("link", name="Einladungen").click()
    page.wait_for_url("**/einladungen/")
    page.get_by_label("Gruppe").select_option(label="Kammern")
    page.get_by_label("Organisationen").select_option(label="IHK Fulda (Test)")
    page.get_by_label("Gäste (E-Mail-Adressen)").fill("gast@example.org")
    page.get_by_role("button", name="Einladungen versenden").click()
    page.wait_for_url("**/einladungen/")
    assert page.get_by_role("cell", name="Anna Kammer").is_visible()
    assert page.get_by_role("cell", name="gast@example.org").is_visible()
    assert_accessible(page)
    assert WorkshopInvitation.objects.count() == 2
    return base + "/werkstaetten/zw-fulda-2027/"


def test_plan_invite_register_wait_list_and_promotion(page, browser, live_server, setup):
    base = live_server.url
    url = _office_plans_and_invites(page, base)

    anna_context, anna = _as(browser, base, "anna")
    anna.goto(url)
    anna.get_by_role("button", name="Anmelden", exact=True).click()
    anna.wait_for_url(url)
    assert anna.locator("#registration-state").inner_text() == "Sie sind angemeldet."

    bernd_context, bernd = _as(browser, base, "bernd")
    bernd.goto(url)
    bernd.get_by_role("button", name="Auf die Warteliste").click()
    bernd.wait_for_url(url)
    assert "an Stelle 1" in bernd.locator("#registration-state").inner_text()
    assert_accessible(bernd)

    anna.get_by_role("button", name="Anmeldung zurücknehmen").click()
    anna.wait_for_url(url)
    assert anna.get_by_text("Ihre Anmeldung ist zurückgenommen.").is_visible()

    bernd.reload()
    offer = bernd.locator("#registration-state")
    assert re.search(
        r"Ein Platz ist für Sie frei geworden\. Bitte nehmen Sie ihn bis", offer.inner_text()
    )
    assert_accessible(bernd)
    bernd.get_by_role("button", name="Platz annehmen").click()
    bernd.wait_for_url(url)
    assert bernd.locator("#registration-state").inner_text() == "Sie sind angemeldet."
    statuses = dict(Registration.objects.values_list("user__username", "status"))
    assert statuses == {"anna": "cancelled", "bernd": "registered"}

    bernd.goto(base + "/werkstaetten/")
    assert bernd.get_by_role("link", name="Zukunftswerkstatt Kreis Fulda 2027").is_visible()
    assert_accessible(bernd)
    bernd.goto(base + "/werkstaetten/kalender/?jahr=2027&monat=3")
    assert bernd.get_by_role(
        "link", name=re.compile("Zukunftswerkstatt Kreis Fulda 2027")
    ).is_visible()
    assert_accessible(bernd)
    anna_context.close()
    bernd_context.close()
    _office_documents(page, url)


def _office_documents(page, url: str) -> None:
    """After the day: the office marks it held, writes the summary, uploads slides and a photo;
    the public event page shows them ("Eindrücke" with the photo's description)."""
    page.goto(url)
    page.get_by_role("button", name="Als durchgeführt markieren").click()
    page.wait_for_url(url)
    page.get_by_role("link", name="Dokumentation bearbeiten").click()
    page.wait_for_url("**/dokumentation/")
    assert_accessible(page)
    page.get_by_label(re.compile("^Zusammenfassung")).fill("Drei Handlungsfelder vereinbart.")
    page.get_by_role("button", name="Zusammenfassung speichern").click()
    page.wait_for_url("**/dokumentation/")
    page.get_by_label("Art").select_option(label="Foto")
    page.get_by_label("Titel").fill("Gruppenarbeit")
    page.get_by_label(re.compile("^Bildbeschreibung")).fill("Menschen an Stellwänden")
    page.get_by_label("Datei", exact=True).set_input_files(
        files=[{"name": "foto.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_role("button", name="Hochladen").click()
    page.wait_for_url("**/dokumentation/")
    assert page.get_by_role("link", name="Gruppenarbeit").is_visible()
    page.goto(url)
    assert page.get_by_role("heading", name="Eindrücke").is_visible()
    assert page.get_by_role("img", name="Menschen an Stellwänden").is_visible()
    assert page.get_by_text("Drei Handlungsfelder vereinbart.").is_visible()
    assert_accessible(page)
