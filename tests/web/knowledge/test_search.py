"""The German site search: stems and compound parts found through the database's full-text
index (FTS5 on SQLite, GIN-indexed tsvector on PostgreSQL), the same hits on both.

These tests run on SQLite and, with DATABASE_URL, on PostgreSQL: the expected hit lists are
literal, so both databases must give exactly them.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from knowledge_world import publish

from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge import services
from fachkraefte.web.knowledge.models import ActionArea, Curation
from fachkraefte.web.knowledge.workflows import ARCHIVED
from fachkraefte.web.sitesearch.models import Kind, SearchDocument
from fachkraefte.web.sitesearch.selectors import search
from fachkraefte.web.sitesearch.services import search_reindex

pytestmark = pytest.mark.django_db

CARE = "Pflegekräfte für Krankenhäuser gewinnen"
SECURING = "Sicherung von Fachkräften"
BUDGET = "Ausbildungsbudget"
CHILDCARE = "Kinderbetreuung ausbauen"
METAL = "Metallbau in der Region"


def _measure(office, slug: str, title: str, summary: str, **fields):
    measure = services.measure_create(
        actor=office, alliance=None, slug=slug, title=title, summary=summary, **fields
    )
    return publish(office, measure)


@pytest.fixture()
def catalogue(office):
    saxony, hessen = Region.objects.get(ags="14"), Region.objects.get(ags="06")
    return {
        CARE: _measure(
            office,
            "pflege",
            CARE,
            "Kliniken werben gemeinsam um Personal.",
            land=hessen,
            districts=[Region.objects.get(ags="06432")],
            action_areas=[ActionArea.ATTRACT_RETAIN],
            target_groups=["international"],
            occupations=["813"],
        ),
        SECURING: _measure(
            office, "sicherung", SECURING, "Ein Netzwerk der Betriebe.", land=saxony
        ),
        BUDGET: _measure(
            office,
            "budget",
            BUDGET,
            "Zuschüsse für Betriebe, die ausbilden.",
            land=hessen,
            action_areas=[ActionArea.DUAL_TRAINING],
        ),
        CHILDCARE: _measure(
            office, "kita", CHILDCARE, "Mehr Plätze, damit Eltern arbeiten können.", land=hessen
        ),
        METAL: _measure(office, "metall", METAL, "Pflege der Maschinen im Betrieb.", land=saxony),
    }


def titles(query: str, **filters) -> list[str]:
    return [hit.document.title for hit in search(query=query, kind=Kind.MEASURE, **filters)]


@pytest.mark.parametrize("query", ["Pflege", "Kräfte in der Pflege", "Pflegekraft"])
def test_care_queries_find_the_care_measure(catalogue, query):
    assert CARE in titles(query)


def test_exact_hits_and_their_order(catalogue):
    """Literal lists: the same on SQLite and PostgreSQL (title hits rank above text hits)."""
    assert titles("Pflege") == [CARE, METAL]
    assert titles("Kräfte in der Pflege") == [CARE]
    assert titles("Pflegekraft") == [CARE]
    assert titles("Fachkräftesicherung") == [SECURING]
    assert titles("Budget Ausbildung") == [BUDGET]
    assert titles("Betriebe") == [BUDGET, METAL, SECURING]  # equal scores: by title
    assert titles("Kinder") == [CHILDCARE]
    assert titles("Raumfahrt") == []
    assert titles("in der und") == []


def test_filters(catalogue):
    assert titles("Pflege", land="14") == [METAL]
    assert titles("Pflege", district="06432") == [CARE]
    assert titles("Pflege", action_area=ActionArea.ATTRACT_RETAIN) == [CARE]
    assert titles("Pflege", target_group="international") == [CARE]
    assert titles("Pflege", occupation="81304") == [CARE]
    assert titles("Pflege", occupation="821") == []


def test_only_published_entries_are_found(catalogue, office):
    draft = services.measure_create(
        actor=office, alliance=None, slug="entwurf", title="Pflegeentwurf", summary="Entwurf"
    )
    assert "Pflegeentwurf" not in titles("Pflege")
    publish(office, draft)
    assert "Pflegeentwurf" in titles("Pflege")
    services.entry_transition(actor=office, entry=catalogue[CARE], to=ARCHIVED)
    assert CARE not in titles("Pflege")


def test_an_edit_is_found_at_once(catalogue, office):
    services.measure_update(actor=office, measure=catalogue[CHILDCARE], summary="Auch für Pflege.")
    assert CHILDCARE in titles("Pflege")


def test_calls_enter_the_index_when_published(world):
    from calls_matrix_world import matrix_call

    draft, published = matrix_call(world, "draft"), matrix_call(world, "published")
    found = [h.document.key for h in search(query="Aufruf Allianz", kind=Kind.CALL)]
    assert str(published.pk) in found and str(draft.pk) not in found
    Call.objects.filter(pk=published.pk).update(status=Call.Status.DRAFT)
    search_reindex(kinds=[Kind.CALL])
    assert not search(query="Aufruf Allianz", kind=Kind.CALL)


def test_reindex_holds_districts_and_occupations(world):
    counts = search_reindex()
    assert counts[Kind.DISTRICT] == Region.objects.filter(level=Region.Level.KREIS).count()
    assert counts[Kind.OCCUPATION] == 144
    assert counts[Kind.ALLIANCE] == 2
    hits = search(query="Darmstadt-Dieburg", kind=Kind.DISTRICT)
    assert [h.document.key for h in hits] == ["06432"]
    nursing = [h.document.key for h in search(query="Krankenpflege", kind=Kind.OCCUPATION)]
    assert "813" in nursing
    assert SearchDocument.objects.filter(kind=Kind.DISTRICT, land="06").count() == 26


def test_search_page_marks_hits_and_escapes_text(catalogue, office, client):
    _measure(office, "boese", "Pflege <b>fett</b>", "<script>alert(1)</script> Pflegedienst")
    body = client.get(reverse("sitesearch:search") + "?q=Pflege&typ=measure").content.decode()
    assert "<mark>Pflegekräfte</mark>" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body
    assert "<mark>Pflege</mark> &lt;b&gt;fett&lt;/b&gt;" in body
    assert "3 Treffer" in body


def test_search_api(catalogue, client):
    answer = client.get("/api/search/?q=Fachkräftesicherung").json()
    assert answer["count"] == 1
    assert answer["results"][0]["title"] == SECURING
    answer = client.get("/api/search/?q=Netzwerke&typ=measure").json()
    assert answer["results"][0]["passage"] == "Ein [[Netzwerk]] der Betriebe."
    assert client.get("/api/search/").status_code == 400


def test_curation_states_of_published_catalogue(catalogue):
    assert {m.state for m in catalogue.values()} == {Curation.PUBLISHED}
