"""A measure found in a workshop enters the catalogue of measures (issue 16.1): as a draft the
office reviews, linked both ways to its origin, once only, by the workshop's organisers."""

from __future__ import annotations

import pytest
from django.urls import reverse
from role_world import body_text

from fachkraefte.web.knowledge import services as knowledge
from fachkraefte.web.knowledge.models import Curation, Measure
from fachkraefte.web.knowledge.workflows import IN_REVIEW, PUBLISHED
from fachkraefte.web.workshop_outcomes import services

pytestmark = pytest.mark.django_db


def _measure(world, done, text="Sprachkurse im Betrieb\nmit den Kammern", **extra):
    return services.outcome_create(
        actor=world.users["steering"],
        workshop=done,
        phase="massnahmen",
        category="neue_massnahme",
        text=text,
        **extra,
    )


def test_the_organisers_put_a_workshop_measure_into_the_catalogue_once(world, clients, done):
    outcome = _measure(world, done)
    page = reverse("workshop_outcomes:detail", args=[done.slug, outcome.pk])
    action = reverse("workshop_outcomes:to_catalogue", args=[done.slug, outcome.pk])
    assert "In den Maßnahmenkatalog übernehmen" in body_text(clients["steering"].get(page))
    assert "Maßnahmenkatalog" not in body_text(clients["member"].get(page))
    assert clients["member"].post(action).status_code == 403
    assert not Measure.objects.exists()

    response = clients["steering"].post(action)
    entry = Measure.objects.get()
    assert response["Location"] == entry.get_absolute_url()
    assert entry.origin_outcome == outcome and entry.state == Curation.DRAFT
    assert entry.title == "Sprachkurse im Betrieb" and "mit den Kammern" in entry.summary
    assert entry.alliance == world.a
    assert sorted(d.ags for d in entry.districts.all()) == sorted(
        d.ags for d in done.districts.all()
    )
    # once only: the button is gone and a second request is refused
    assert "In den Maßnahmenkatalog übernehmen" not in body_text(clients["steering"].get(page))
    assert clients["steering"].post(action).status_code == 403
    assert Measure.objects.count() == 1
    # a draft is not public; published, it names the workshop it comes from
    assert clients["anonymous"].get(entry.get_absolute_url()).status_code == 404
    office = world.users["coordination"]
    entry = knowledge.entry_transition(actor=office, entry=entry, to=IN_REVIEW)
    knowledge.entry_transition(actor=office, entry=entry, to=PUBLISHED)
    public = body_text(clients["anonymous"].get(entry.get_absolute_url()))
    assert "in einer Zukunftswerkstatt entwickelt" in public and done.title in public
    assert "Im Maßnahmenkatalog:" in body_text(clients["steering"].get(page))


def test_only_measures_of_a_finished_workshop_enter_the_catalogue(world, clients, done):
    remark = services.outcome_create(
        actor=world.users["steering"],
        workshop=done,
        phase="bild",
        category="anmerkung",
        text="Die Prognose unterschätzt die Pendler",
    )
    action = reverse("workshop_outcomes:to_catalogue", args=[done.slug, remark.pk])
    assert clients["steering"].post(action).status_code == 403
    assert not Measure.objects.exists()
