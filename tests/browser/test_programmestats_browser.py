"""The public record and the programme statistics in a real browser: list, filter, open a
project; the map; the statistics page draws its chart. axe-core (WCAG 2.1 AA) on every page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_smoke import assert_accessible

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.outcomes.models import OutcomeResult
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.programmestats.historic import historic_projects_import
from fachkraefte.web.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = """Projekt;Zuwendungsempfänger;Kreis;Betrag;Jahr;Thema;Beginn;Ende
Pflegeausbildung im Verbund;Bildungsträger Görlitz e. V.;Görlitz;48.500,00;2019;Pflege;01.03.2019;28.02.2021
Welcome-Center Bautzen;Wirtschaftsförderung Bautzen;Bautzen;120.000,00;2024;Internationale Fachkräfte;01.01.2024;31.12.2027
Berufeschau Oberlausitz;Landkreis Görlitz;14626;7.250,00;2022;Berufsorientierung;;
"""


@pytest.fixture()
def funded(tmp_path):
    sync_regions()
    ensure_shipped_programmes()
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    alliance = Alliance.objects.create(
        slug="allianz-goerlitz", name="Allianz Görlitz (Test)", programme=saxony
    )
    alliance.districts.set([Region.objects.get(ags="14626")])
    path = tmp_path / "sab-liste.csv"
    path.write_text(LIST, encoding="utf-8")
    historic_projects_import(programme=saxony, path=path, actor=None)
    care = Project.objects.get(title="Pflegeausbildung im Verbund")
    OutcomeResult.objects.create(
        project=care,
        kind=OutcomeResult.Kind.ACHIEVED,
        what="Pflegefachkräfte qualifiziert",
        count=18,
        occupation="813",
        district=Region.objects.get(ags="14626"),
        year=2021,
    )
    return saxony


def test_public_list_filter_and_project_page(page, live_server, funded):
    page.goto(live_server.url + "/gefoerderte-projekte/")
    assert page.get_by_role("heading", level=1).inner_text() == "Geförderte Projekte"
    assert page.locator("tbody tr").count() == 3
    assert_accessible(page)

    page.get_by_label("Kreis", exact=True).select_option(label="Bautzen")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**kreis=14625**")
    assert page.locator("tbody tr").count() == 1
    assert_accessible(page)

    page.get_by_label("Kreis", exact=True).select_option(label="alle Kreise")
    page.get_by_role("button", name="Filter anwenden").click()
    page.get_by_role("link", name="Pflegeausbildung im Verbund").click()
    page.wait_for_url("**/gefoerderte-projekte/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pflegeausbildung im Verbund"
    assert page.get_by_role("rowheader", name="Pflegefachkräfte qualifiziert").is_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/gefoerderte-projekte/karte/")
    assert page.locator("a.map-district").count() == 13
    assert_accessible(page)


def test_statistics_page_draws_its_chart(page, live_server, funded):
    page.goto(live_server.url + "/foerderstatistik/")
    headline = page.locator("[data-headline]").inner_text()
    assert headline == "Seit 2019 wurden 3 regionale Projekte mit 175.750 Euro gefördert."
    page.locator("[data-vega-spec][data-rendered='true']").wait_for()
    assert page.locator("[data-vega-spec] svg").count() >= 1
    assert page.get_by_role("rowheader", name="2024").is_visible()
    assert_accessible(page)

    page.get_by_label("Gliederung nach").select_option(label="Kreis")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**nach=kreis**")
    page.locator("[data-vega-spec][data-rendered='true']").wait_for()
    assert page.get_by_role("rowheader", name="Görlitz").is_visible()
    assert_accessible(page)
    assert sum(p.approved_amount for p in Project.objects.all()) == Decimal("175750.00")
