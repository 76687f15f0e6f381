"""The outcome pages with the role world: the moderator view's quick entry with htmx (a phase
fragment) and without JavaScript (a plain post), voting on the board, the documentation PDF read
back, the follow-up list with its downloads, the next workshop showing the last one's outcomes,
and the API (with its OpenAPI description)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from outcomes_world import workshop_in
from pypdf import PdfReader
from role_world import body_text, token_client

from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.workshop_outcomes import services
from fachkraefte.web.workshop_outcomes.models import Outcome
from fachkraefte.web.workshops.models import Workshop

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _moderation(done) -> str:
    return reverse("workshop_outcomes:moderation", args=[done.slug])


def test_the_moderator_view_is_the_moderations_only(world, clients, done):
    url = _moderation(done)
    assert clients["steering"].get(url).status_code == 200
    assert clients["coordination"].get(url).status_code == 200
    assert clients["member"].get(url).status_code == 403
    assert clients["applicant"].get(url).status_code == 403
    assert clients["anonymous"].get(url).status_code == 302


def test_quick_entry_with_htmx_returns_the_phase_only(world, clients, done):
    response = clients["steering"].post(
        _moderation(done),
        {"phase": "strategie", "strategie-category": "ziel", "strategie-text": "Mehr Azubis"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="outcomes-phase" id="phase-strategie"')
    assert "Mehr Azubis" in html and "<html" not in html
    outcome = Outcome.objects.get(workshop=done)
    assert (outcome.phase, outcome.category) == ("strategie", "ziel")


def test_quick_entry_without_javascript_posts_and_comes_back(world, clients, done):
    response = clients["steering"].post(
        _moderation(done),
        {"phase": "bild", "bild-category": "anmerkung", "bild-text": "Pflege stärker betroffen"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#phase-bild")
    missing = clients["steering"].post(
        _moderation(done), {"phase": "bild", "bild-category": "anmerkung", "bild-text": ""}
    )
    assert missing.status_code == 400
    assert "Bitte prüfen Sie Ihre Eingaben" in body_text(missing)
    board = body_text(
        clients["anonymous"].get(reverse("workshop_outcomes:board", args=[done.slug]))
    )
    assert "Pflege stärker betroffen" in board


def test_a_participant_votes_on_the_board(world, clients, done):
    outcome = services.outcome_create(
        actor=world.users["steering"],
        workshop=done,
        phase="massnahmen",
        category="neue_massnahme",
        text="Pflegecampus",
    )
    url = reverse("workshop_outcomes:vote", args=[done.slug, outcome.pk])
    response = clients["applicant"].post(url, {"dots": "2", "from": "board"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "2 Punkte" in html
    assert 'id="punkte-frei" hx-swap-oob="true"' in html and "noch 3 von 5 frei" in html
    too_many = clients["applicant"].post(url, {"dots": "6"}, **HTMX)
    assert "Meine Punkte" in too_many.content.decode()
    assert clients["member"].post(url, {"dots": "1"}).status_code == 403
    plain = clients["applicant"].post(url, {"dots": "1"})
    assert plain.status_code == 302 and plain["Location"].endswith(f"#ergebnis-{outcome.pk}")


def test_the_documentation_pdf_lists_the_outcomes_by_phase(world, clients, done):
    for phase, category, text in [
        ("bild", "anmerkung", "Engpass Pflege früher als prognostiziert"),
        ("massnahmen", "synergie", "Berufsorientierung gemeinsam mit der IHK"),
    ]:
        services.outcome_create(
            actor=world.users["steering"], workshop=done, phase=phase, category=category, text=text
        )
    response = clients["anonymous"].get(reverse("workshop_outcomes:pdf", args=[done.slug]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in [
        done.title,
        "(a) Gemeinsames Bild",
        "(b) Strategische Ansätze",
        "Engpass Pflege früher als prognostiziert",
        "Berufsorientierung gemeinsam mit der IHK",
        "In dieser Phase wurde nichts festgehalten.",
    ]:
        assert expected in " ".join(text.split()), expected
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and str(catalog["/Lang"]) == "de"
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()


def test_the_follow_up_list_filters_sorts_and_downloads(world, clients, done):
    steering = world.users["steering"]
    first = services.outcome_create(
        actor=steering, workshop=done, phase="massnahmen", category="neue_massnahme", text="Eins"
    )
    services.outcome_create(
        actor=steering, workshop=done, phase="massnahmen", category="synergie", text="Zwei"
    )
    services.outcome_transition(actor=steering, outcome=first, to="in_progress", note="läuft")
    url = reverse("workshop_outcomes:district", args=[done.districts.first().ags])
    page = body_text(clients["anonymous"].get(url + "?status=in_progress"))
    assert "Eins" in page and "läuft" in page and "Zwei" not in page
    sheet = clients["anonymous"].get(url + "?format=xlsx&sort=-points")
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert {"Eins", "Zwei"} <= {cell for row in rows for cell in row}
    csv = clients["anonymous"].get(
        reverse("workshop_outcomes:alliance", args=[world.a.slug]) + "?format=csv&q=Zwei"
    )
    text = csv.content.decode("utf-8-sig")
    assert "Zwei" in text and "Eins" not in text


def test_the_next_workshop_shows_what_became_of_the_last_ones_outcomes(world, clients, done):
    outcome = services.outcome_create(
        actor=world.users["steering"],
        workshop=done,
        phase="massnahmen",
        category="neue_massnahme",
        text="Willkommenslotsen",
    )
    services.outcome_transition(actor=world.users["steering"], outcome=outcome, to="done")
    upcoming = workshop_in(world, Workshop.Status.OPEN, days=300, slug="zw-naechste")
    page = body_text(clients["anonymous"].get(reverse("workshops:detail", args=[upcoming.slug])))
    assert "Was aus der letzten Werkstatt wurde" in page
    assert "Willkommenslotsen</a> – <strong>erledigt</strong>" in page


def test_the_outcome_page_turns_a_measure_into_a_call(world, clients, done):
    FundingTerms.objects.update_or_create(
        programme=world.a.programme, defaults={"max_grant_rate": Decimal("0.9")}
    )
    outcome = services.outcome_create(
        actor=world.users["steering"],
        workshop=done,
        phase="massnahmen",
        category="neue_massnahme",
        text="Sprachkurse im Betrieb",
    )
    url = reverse("workshop_outcomes:detail", args=[done.slug, outcome.pk])
    assert "Förderaufruf aus dieser Maßnahme entwerfen" in body_text(clients["steering"].get(url))
    assert "entwerfen" not in body_text(clients["member"].get(url))
    make = reverse("workshop_outcomes:make_call", args=[done.slug, outcome.pk])
    assert clients["member"].post(make).status_code == 403
    response = clients["steering"].post(make)
    outcome.refresh_from_db()
    assert response["Location"] == reverse("calls:detail", args=[outcome.call.slug])
    assert "Sprachkurse im Betrieb" in body_text(clients["steering"].get(url))


def test_the_api_records_votes_and_moves_outcomes(world, done):
    steering, applicant = (
        token_client(world.users["steering"]),
        token_client(world.users["applicant"]),
    )
    created = steering.post(
        "/api/workshop-outcomes/",
        {"workshop": done.slug, "phase": "bild", "category": "anmerkung", "text": "API"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    refused = applicant.post(
        "/api/workshop-outcomes/",
        {"workshop": done.slug, "phase": "bild", "category": "anmerkung", "text": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    vote = applicant.post(
        f"/api/workshop-outcomes/{pk}/vote/", {"dots": 4}, content_type="application/json"
    )
    assert vote.json() == {"outcome": pk, "dots": 4, "dots_left": 1}
    over = applicant.post(
        f"/api/workshop-outcomes/{pk}/vote/", {"dots": 6}, content_type="application/json"
    )
    assert over.status_code == 400
    moved = steering.post(
        f"/api/workshop-outcomes/{pk}/transition/",
        {"status": "in_progress", "note": "per API"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["events"][0]["note"] == "per API"
    listed = token_client(world.users["outsider"]).get(
        f"/api/workshop-outcomes/?workshop={done.slug}"
    )
    assert [o["points"] for o in listed.json()["results"]] == [4]
    schema = steering.get("/api/schema/").content.decode()
    assert "/api/workshop-outcomes/{id}/vote/" in schema
    assert "/api/workshop-outcomes/{id}/call/" in schema
