"""The district page's "Ähnliche Kreise": the run's peer set, with reasons and links."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.core.cache import cache
from django.test import Client

from fachkraefte.reports.peer_sets import peer_set

pytestmark = pytest.mark.django_db


def test_district_page_lists_similar_districts_with_reasons(client: Client, base_run):
    response = client.get(f"/monitor/kreise/06411/?lauf={base_run}")
    assert response.status_code == 200
    page = html_lib.unescape(response.content.decode())
    section = re.search(r'<section aria-labelledby="h-similar">(.*?)</section>', page, re.S)
    assert section, "no similar-districts section"
    expected = peer_set(base_run).neighbours("06411", k=5)
    assert len(expected) == 4  # the other four Kreise of the test run
    items = re.findall(r"<li[^>]*>(.*?)</li>", section.group(1), re.S)
    assert len(items) == len(expected)
    for item, neighbour in zip(items, expected, strict=True):
        assert f"/monitor/kreise/{neighbour.ags}/?lauf={base_run}" in item
        assert neighbour.reason and neighbour.reason in item
    assert "Kreistyp: kreisfreie Großstadt" in section.group(1)  # Darmstadt, BBSR type 1
    assert "BBSR" in section.group(1)


def test_district_page_shows_what_similar_districts_do(client: Client, base_run):
    """Issue 16.5: the measures of a similar district reach the district page; an unpublished
    one and one in a district that is not similar do not."""
    from fachkraefte.web.core.models import Region
    from fachkraefte.web.core.regions import sync_regions
    from fachkraefte.web.knowledge.models import Curation, Measure

    sync_regions()
    neighbour = peer_set(base_run).neighbours("06411", k=5)[0].ags
    land = Region.objects.get(ags="06")

    def measure(slug: str, title: str, state: str, ags: str) -> None:
        entry = Measure.objects.create(
            slug=slug, title=title, summary="Pflegekräfte gewinnen", state=state, land=land
        )
        entry.districts.set([Region.objects.get(ags=ags)])

    measure("nachbar", "Pflegeschule im Nachbarkreis", Curation.PUBLISHED, neighbour)
    measure("entwurf", "Entwurf im Nachbarkreis", Curation.DRAFT, neighbour)
    measure("eigener", "Maßnahme im eigenen Kreis", Curation.PUBLISHED, "06411")
    # monitor pages stay DB-free and are cached for an hour (the catalogue section with them)
    cache.clear()
    response = client.get(f"/monitor/kreise/06411/?lauf={base_run}")
    page = html_lib.unescape(response.content.decode())
    section = re.search(
        r'<section aria-labelledby="h-similar-measures">(.*?)</section>', page, re.S
    )
    assert section, "no section of what similar districts do"
    assert "Pflegeschule im Nachbarkreis" in section.group(1)
    assert "Entwurf im Nachbarkreis" not in page
    assert "Maßnahme im eigenen Kreis" not in section.group(1)
