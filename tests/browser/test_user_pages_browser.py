"""What a user meets, in a real browser with axe-core: error pages, the personal start, the
public pages with their edit form, and the API documentation (zero violations each)."""

from __future__ import annotations

import datetime as dt

import pytest
from browser_steps import sign_in_as
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from test_smoke import assert_accessible

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance, AllianceRole, Commitment, Membership
from fachkraefte.web.decisions.models import AgendaItem, Meeting
from fachkraefte.web.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sehr-geheim-2024"


def _user(username: str, *, coordination: bool = False):
    user = get_user_model().objects.create_user(username, password=PASSWORD, first_name="Sabine")
    if coordination:
        user.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    return user


def _login(page, live_server, username: str) -> None:
    sign_in_as(page, live_server.url, username, PASSWORD)


def test_404_and_403_pages_are_accessible_with_a_way_back(page, live_server):
    _user("antje")
    response = page.goto(live_server.url + "/gibt-es-nicht/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Seite nicht gefunden"
    assert page.get_by_role("link", name="Zur Startseite").is_visible()
    assert_accessible(page)

    response = page.goto(live_server.url + "/kreise/99999/")
    assert response.status == 404 and page.get_by_text("99999").first.is_visible()

    _login(page, live_server, "antje")
    response = page.goto(live_server.url + "/seiten/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Zugriff verweigert"
    assert page.get_by_text("Die öffentlichen Seiten pflegt die Koordinierungsstelle.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Mein Bereich").first.click()
    page.wait_for_url(live_server.url + "/mein-bereich/")


def test_personal_start_is_accessible(page, live_server):
    user = _user("sabine")
    ems = Alliance.objects.create(slug="ems", name="Bündnis Ems-Achse")
    chamber = Organisation.objects.create(name="IHK Emsland", category="chamber")
    membership = Membership.objects.create(alliance=ems, organisation=chamber)
    AllianceRole.objects.create(
        alliance=ems, user=user, kind=AllianceRole.Kind.STEERING, membership=membership
    )
    meeting = Meeting.objects.create(alliance=ems, title="Sitzung", date=timezone.localdate())
    AgendaItem.objects.create(meeting=meeting, title="Azubi-Messe", consensus_rule="no_objection")
    Commitment.objects.create(
        alliance=ems,
        membership=membership,
        title="Zehn Praktikumsplätze",
        due_on=timezone.localdate() + dt.timedelta(days=10),
    )
    _login(page, live_server, "sabine")
    assert page.get_by_role("heading", level=1).inner_text() == "Mein Bereich"
    assert page.get_by_text("noch nicht abgestimmt").is_visible()
    assert page.get_by_role("link", name="Zehn Praktikumsplätze").is_visible()
    assert page.locator('nav a[aria-current="page"]').inner_text() == "Mein Bereich"
    assert_accessible(page)
    page.get_by_role("link", name="TOP 1: Azubi-Messe").click()
    page.wait_for_url("**/beschluesse/ems/tops/**")


def test_public_pages_and_their_edit_form_are_accessible(page, live_server):
    _user("koordination", coordination=True)
    for path in ("/impressum/", "/datenschutz/", "/barrierefreiheit/", "/hilfe/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Barrierefreiheit").click()
    page.wait_for_url(live_server.url + "/barrierefreiheit/")
    _login(page, live_server, "koordination")
    page.goto(live_server.url + "/seiten/")
    assert_accessible(page)
    page.get_by_role("link", name="Hilfe bearbeiten").click()
    assert_accessible(page)
    page.get_by_label("Titel (Englisch)").fill("Help")
    page.get_by_label("Text (Englisch)").fill("How to use the platform.")
    page.get_by_role("button", name="Seite speichern").click()
    page.wait_for_url(live_server.url + "/hilfe/")
    assert page.get_by_text("Die Seite „Hilfe“ ist gespeichert.").is_visible()


def test_api_documentation_is_in_the_site_and_axe_clean(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="API-Dokumentation").click()
    page.wait_for_url(live_server.url + "/api/docs/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() == "API-Dokumentation"
    assert page.locator("footer.site-footer").is_visible()
    assert_accessible(page)
