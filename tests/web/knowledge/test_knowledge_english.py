"""The catalogue and search pages in English show no German UI text (the check of
``test_translations`` applied to this app's templates)."""

from __future__ import annotations

import pytest
from knowledge_world import matrix_measure, matrix_practice
from test_translations import BASE, PO, _german_leftovers, parse_po

pytestmark = pytest.mark.django_db

T = "knowledge/templates/knowledge/"
PARTS = (f"{T}_filter_choice.html", f"{T}_state_badge.html", "core/templates/core/_exports.html")
PAGES = {
    "/massnahmen/": (f"{T}measure_list.html", *PARTS),
    "/gute-praxis/": (f"{T}practice_list.html", *PARTS),
    "/massnahmen/matrix-massnahme-published/": (f"{T}measure_detail.html", f"{T}_codes.html"),
    "/gute-praxis/matrix-praxis-published/": (f"{T}practice_detail.html", f"{T}_codes.html"),
    "/suche/?q=Pflege": ("sitesearch/templates/sitesearch/search.html", *PARTS),
}


@pytest.mark.parametrize("url", list(PAGES))
def test_english_catalogue_pages(url, world, client):
    matrix_measure(world)
    matrix_practice(world)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    entries = parse_po(PO.read_text(encoding="utf-8"))
    assert not _german_leftovers(page, entries, BASE + PAGES[url])
