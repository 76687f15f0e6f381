"""The catalogue and the site search in a real browser: a visitor searches from the header,
narrows the hits by type, opens a good practice and loads its video only after agreeing (no
request to the video's host before). axe-core (WCAG 2.1 AA) on the search and the portrait."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.knowledge import services
from fachkraefte.web.knowledge.workflows import IN_REVIEW, PUBLISHED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO_HOST = "video.example.org"
PASSWORD = "Browser-Test-2024"


def _publish(office, entry) -> None:
    entry = services.entry_transition(actor=office, entry=entry, to=IN_REVIEW)
    services.entry_transition(actor=office, entry=entry, to=PUBLISHED)


@pytest.fixture()
def catalogue():
    sync_regions()
    office = get_user_model().objects.create_user("koordination", password=PASSWORD)
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    district = Region.objects.get(ags="06432")
    _publish(
        office,
        services.measure_create(
            actor=office,
            alliance=None,
            slug="pflegekraefte-krankenhaeuser",
            title="Pflegekräfte für Krankenhäuser gewinnen",
            summary="Kliniken werben gemeinsam um Personal.",
            districts=[district],
        ),
    )
    _publish(
        office,
        services.practice_create(
            actor=office,
            alliance=None,
            slug="pflegedienst-muster",
            employer="Pflegedienst Muster GmbH",
            title="Betrieb des Monats: Pflegedienst Muster GmbH",
            district=district,
            summary="Ein Pflegedienst zeigt, wie er Pflegekräfte bindet.",
            binding="Feste Touren und Dienstpläne, die ein Jahr im Voraus stehen.",
            video_url=f"https://{VIDEO_HOST}/pflegedienst-muster",
            published_month=dt.date(2024, 5, 1),
        ),
    )


def test_search_from_the_header_filter_and_open_a_good_practice(page, live_server, catalogue):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + "/")
    page.get_by_role("search", name="Plattform durchsuchen").get_by_label("Suchbegriffe").fill(
        "Pflege"
    )
    page.get_by_role("search", name="Plattform durchsuchen").get_by_role(
        "button", name="Suchen"
    ).click()
    page.wait_for_url("**/suche/?q=Pflege")
    hits = page.locator(".search-hit h3")
    # both match in the title; the portrait's text names care twice more
    assert [t.strip() for t in hits.all_text_contents()] == [
        "Betrieb des Monats: Pflegedienst Muster GmbH",
        "Pflegekräfte für Krankenhäuser gewinnen",
    ]
    assert page.locator(".search-hit mark").all_text_contents()[:2] == [
        "Pflegedienst",
        "Pflegedienst",
    ]
    assert_accessible(page)

    refine = page.get_by_role("search", name="Suche verfeinern")
    refine.get_by_label("Art").select_option(label="gute Praxis")
    refine.get_by_role("button", name="Suchen").click()
    page.wait_for_url("**typ=practice**")
    assert [t.strip() for t in hits.all_text_contents()] == [
        "Betrieb des Monats: Pflegedienst Muster GmbH"
    ]

    page.get_by_role("link", name="Betrieb des Monats: Pflegedienst Muster GmbH").click()
    page.wait_for_url("**/gute-praxis/pflegedienst-muster/")
    assert "Feste Touren und Dienstpläne" in page.locator("main").inner_text()
    assert page.locator("iframe").count() == 0
    assert not [url for url in requests if VIDEO_HOST in url]
    assert_accessible(page)

    page.get_by_role("button", name="Zustimmen und Video laden").click()
    page.wait_for_url("**video=zugestimmt**")
    frame = page.locator("iframe")
    assert frame.get_attribute("src") == f"https://{VIDEO_HOST}/pflegedienst-muster"
    assert frame.get_attribute("title") == "Video: Pflegedienst Muster GmbH"


def test_the_office_proposes_reviews_and_publishes_a_measure(page, live_server, catalogue, sign_in):
    sign_in("koordination", PASSWORD)
    page.goto(live_server.url + "/massnahmen/")
    assert_accessible(page)
    page.get_by_role("link", name="Maßnahme vorschlagen").click()
    page.wait_for_url("**/massnahmen/neu/")
    assert_accessible(page)
    page.get_by_label("Titel", exact=True).fill("Willkommenslotsen für Pflegekräfte")
    page.get_by_label("Kurzname").fill("willkommenslotsen")
    page.get_by_label("Kurzbeschreibung").fill("Lotsen begleiten internationale Pflegekräfte.")
    page.get_by_label("Handlungsfelder").select_option(["attract_retain"])
    page.get_by_label("Berufe (KldB 2010)").fill("813")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/massnahmen/willkommenslotsen/")
    assert "Entwurf – nicht öffentlich" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Zur Prüfung geben").click()
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url("**/massnahmen/willkommenslotsen/")
    assert "nicht öffentlich" not in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Archivieren").is_visible()
    assert_accessible(page)
