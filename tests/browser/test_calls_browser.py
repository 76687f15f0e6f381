"""Calls in a real browser: the coordination office drafts a call through the form and publishes
it; the public finds it in the list by target group and reads the call page. axe-core (WCAG 2.1
AA) on the form, the list and the call page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances import services as alliance_services
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2024"


@pytest.fixture()
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    sync_regions()
    ensure_shipped_programmes()
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    FundingTerms.objects.update_or_create(
        programme=saxony, defaults={"max_grant_rate": Decimal("0.9")}
    )
    user = get_user_model().objects.create_user("koordination", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    alliance = alliance_services.alliance_create(
        actor=user,
        name="Fachkräfteallianz Görlitz (Test)",
        slug="allianz-goerlitz",
        programme=saxony,
        districts=[Region.objects.get(ags="14626")],
    )
    alliance_services.action_field_create(actor=user, alliance=alliance, title="Pflege stärken")
    return alliance


def test_office_drafts_and_publishes_a_call_the_public_reads_it(page, live_server, setup):
    page.goto(live_server.url + "/konto/anmelden/?next=/aufrufe/neu/allianz-goerlitz/")
    page.get_by_label("Benutzername").fill("koordination")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/aufrufe/neu/allianz-goerlitz/")
    assert_accessible(page)

    page.get_by_label("Titel", exact=True).fill("Projektaufruf Pflege 2025")
    page.get_by_label("Kurzname in der Adresse").fill("pflege-2025")
    page.get_by_label("Kurzbeschreibung").fill("Projektskizzen für Pflegeberufe im Landkreis.")
    page.get_by_label("Einreichung ab").fill("2025-01-01")
    page.get_by_label("laufende Einreichung").check()
    page.get_by_label("Haushaltsjahr").fill("2025")
    page.get_by_label("Handlungsfelder").select_option(label="Pflege stärken")
    page.get_by_label("Zielgruppen").select_option(["unemployed", "returners"])
    page.get_by_label("Höchste Förderquote (%)").fill("95")
    page.get_by_label("Förderfähige Ausgabearten").select_option(["personnel", "services"])
    page.get_by_role("button", name="Entwurf speichern").click()
    # above the programme's cap: the message stands at the field, nothing is stored
    error = page.locator("#id_grant_rate_percent_error")
    assert "höchstens 90 %" in error.inner_text()
    assert not Call.objects.exists()
    assert_accessible(page)

    page.get_by_label("Höchste Förderquote (%)").fill("90")
    page.get_by_label("Zielgruppen").select_option(["unemployed", "returners"])
    page.get_by_label("Förderfähige Ausgabearten").select_option(["personnel", "services"])
    page.get_by_label("Handlungsfelder").select_option(label="Pflege stärken")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_url("**/aufrufe/pflege-2025/")
    assert page.get_by_text("Entwurf – noch nicht öffentlich").is_visible()
    page.get_by_role("button", name="Aufruf veröffentlichen").click()
    page.wait_for_url("**/aufrufe/pflege-2025/")
    assert Call.objects.get(slug="pflege-2025").status == Call.Status.PUBLISHED

    page.get_by_role("button", name="Abmelden").click()
    page.goto(live_server.url + "/aufrufe/")
    page.get_by_label("Zielgruppe").select_option("returners")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**zielgruppe=returners**")
    assert page.get_by_role("link", name="Projektaufruf Pflege 2025").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Projektaufruf Pflege 2025").click()
    page.wait_for_url("**/aufrufe/pflege-2025/")
    assert page.get_by_text("laufend (bis der Aufruf beendet wird)").is_visible()
    assert page.get_by_text("Reisen außerhalb der EU").is_visible()
    assert page.get_by_role("link", name="Antrag stellen").get_attribute("href") == (
        "/antraege/neu/pflege-2025/"
    )
    assert_accessible(page)
