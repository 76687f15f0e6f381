"""Voneinander lernen in a real browser: from a district page of the monitor a visitor reaches
the measures that its similar districts run (issue 16.5), axe-clean."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from test_monitor import runs  # noqa: F401  (the session's forecast runs on five Kreise)
from test_smoke import assert_accessible

from fachkraefte.reports.peer_sets import peer_set
from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.knowledge import services
from fachkraefte.web.knowledge.workflows import IN_REVIEW, PUBLISHED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_a_district_page_to_the_measures_of_its_neighbours(page, live_server, runs):  # noqa: F811
    sync_regions()
    office = get_user_model().objects.create_user("koordination", password="Nachbarn-2027")
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    neighbour = peer_set(runs["basis"]).neighbours("06411", k=5)[0].ags
    entry = services.measure_create(
        actor=office,
        alliance=None,
        slug="pflegeschule-nachbarkreis",
        title="Pflegeschule im Verbund",
        summary="Kliniken und Pflegedienste bilden gemeinsam aus.",
        districts=[Region.objects.get(ags=neighbour)],
    )
    entry = services.entry_transition(actor=office, entry=entry, to=IN_REVIEW)
    services.entry_transition(actor=office, entry=entry, to=PUBLISHED)

    cache.clear()  # monitor pages are cached for an hour, the catalogue section with them
    page.goto(f"{live_server.url}/monitor/kreise/06411/?lauf={runs['basis']}")
    section = page.locator("section[aria-labelledby='h-similar-measures']")
    assert section.get_by_role("heading", name="Was ähnliche Kreise tun").is_visible()
    assert Region.objects.get(ags=neighbour).name in section.inner_text()
    assert_accessible(page)
    section.get_by_role("link", name="Pflegeschule im Verbund").click()
    page.wait_for_url("**/massnahmen/pflegeschule-nachbarkreis/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pflegeschule im Verbund"
    assert_accessible(page)
