"""The proposal pages: the form over its steps, the detail, withdrawal, revision, co-applicants,
lists and the personal start, through the web client."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from proposal_world import CARRIER, ensure_call, fill, new_proposal, proposal_in_state

from fachkraefte.web.calls.models import Call
from fachkraefte.web.proposals.models import Proposal

S = Proposal.Status


@pytest.fixture()
def call(world):
    return ensure_call(world.a)


def _carrier_post(**changes):
    data = {**CARRIER, **changes}
    data["starts_on"] = data["starts_on"].isoformat()
    data["ends_on"] = data["ends_on"].isoformat()
    return data


def test_form_over_all_steps_then_submit(world, clients, call):
    client = clients["applicant"]
    response = client.get(reverse("proposals:create", args=[call.slug]))
    assert response.status_code == 200
    assert "Schritt 1 von 6" in response.content.decode()
    response = client.post(reverse("proposals:create", args=[call.slug]), _carrier_post())
    proposal = Proposal.objects.get(call=call, applicant=world.users["applicant"])
    assert response.url == reverse("proposals:step", args=[proposal.pk, 2])
    district = call.districts.first()
    steps = {
        2: {
            "target_groups": ["unemployed"],
            "expected_participants": "20",
            "outcome_count_1": "20",
            "outcome_what_1": "Pflegehilfskräfte qualifiziert",
            "outcome_occupation_1": "813",
            "outcome_district_1": district.ags,
        },
        3: {"occupations": ["81302"], "districts": [district.ags]},
        4: {
            "amount_personnel": "8000",
            "amount_material": "2000.50",
            "own_contribution": "1000.05",
            "other_funding": "0",
        },
        5: {"other_funding_declared": "no", "confirmed": "on"},
    }
    for number, data in steps.items():
        response = client.post(reverse("proposals:step", args=[proposal.pk, number]), data)
        assert response.status_code == 302, (number, response.content.decode()[:3000])
    page = client.get(reverse("proposals:step", args=[proposal.pk, 6])).content.decode()
    assert "Schritt 6 von 6" in page and "90,0 %" in page and "Pflegehilfskräfte" in page
    # the overlap and need checks are built now; the applicant is never shown them (nor blocked)
    assert "späteren Version" not in page and "mögliches Duplikat" not in page
    response = client.post(reverse("proposals:submit", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.versions.count() == 1


def test_step_errors_name_the_field_and_store_nothing(world, clients, call):
    proposal = new_proposal(call, world.users["applicant"])
    response = clients["applicant"].post(
        reverse("proposals:step", args=[proposal.pk, 4]),
        {"amount_personnel": "100.123", "own_contribution": "0", "other_funding": "0"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Personalausgaben: Betrag (EUR)" in body and "Nachkommastellen" in body
    response = clients["applicant"].post(
        reverse("proposals:step", args=[proposal.pk, 4]),
        {"amount_investment": "500", "own_contribution": "0", "other_funding": "0"},
    )
    assert response.status_code == 400
    assert "nicht förderfähig" in response.content.decode()
    response = clients["applicant"].post(
        reverse("proposals:step", args=[proposal.pk, 4]),
        {"amount_personnel": "10000", "own_contribution": "0", "other_funding": "0"},
    )
    assert response.status_code == 400
    assert "100,0 %" in response.content.decode()
    assert not proposal.budget_lines.exists()


def test_save_as_draft_and_resume_where_left(world, clients, call):
    proposal = new_proposal(call, world.users["applicant"])
    client = clients["applicant"]
    response = client.post(
        reverse("proposals:step", args=[proposal.pk, 2]),
        {"target_groups": ["employees"], "later": "1"},
    )
    assert response.url == reverse("proposals:detail", args=[proposal.pk])
    page = client.get(response.url).content.decode()
    assert reverse("proposals:step", args=[proposal.pk, 3]) in page


def test_closed_call_refuses_a_new_proposal(world, clients):
    closed = ensure_call(world.a, slug="zu", status=Call.Status.CLOSED)
    response = clients["applicant"].post(
        reverse("proposals:create", args=[closed.slug]), _carrier_post()
    )
    assert response.status_code == 403
    assert "nimmt keine Anträge an" in response.content.decode()
    assert not Proposal.objects.filter(call=closed).exists()


def test_occupation_search_finds_job_titles(clients):
    response = clients["applicant"].get(reverse("proposals:occupation_search"), {"q": "Pflege"})
    assert response.status_code == 200
    assert 'name="occupations"' in response.content.decode()


def test_withdraw_with_confirmation(world, clients, call):
    proposal = proposal_in_state(
        call, world.users["applicant"], world.users["coordination"], "submitted"
    )
    url = reverse("proposals:withdraw", args=[proposal.pk])
    assert "wirklich zurückziehen" in clients["applicant"].get(url).content.decode()
    assert clients["coordination"].post(url).status_code == 403
    clients["applicant"].post(url)
    proposal.refresh_from_db()
    assert proposal.status == S.WITHDRAWN


def test_office_starts_review_and_requests_revision_with_text(world, clients, call):
    proposal = proposal_in_state(
        call, world.users["applicant"], world.users["coordination"], "submitted"
    )
    office = clients["coordination"]
    transition = reverse("proposals:transition", args=[proposal.pk])
    assert clients["steering"].post(transition, {"status": "in_review"}).status_code == 403
    assert office.post(transition, {"status": "approved"}).status_code == 400
    office.post(transition, {"status": "in_review"})
    proposal.refresh_from_db()
    assert proposal.status == S.IN_REVIEW
    url = reverse("proposals:revision", args=[proposal.pk])
    assert office.post(url, {"text": ""}).status_code == 200  # the form again, with its error
    office.post(url, {"text": "Bitte die Teilnehmendenzahl begründen."})
    proposal.refresh_from_db()
    assert proposal.status == S.REVISION
    page = (
        clients["applicant"].get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    )
    assert "Teilnehmendenzahl begründen" in page


def test_versions_page_shows_the_diff(world, clients, call):
    applicant = world.users["applicant"]
    from fachkraefte.web.proposals import services

    proposal = proposal_in_state(call, applicant, world.users["coordination"], "revision")
    services.proposal_update_step(
        actor=applicant,
        proposal=proposal,
        step="finanzplan",
        values={
            "amount_personnel": Decimal("9000"),
            "amount_material": Decimal("2000"),
            "own_contribution": Decimal("1100"),
            "other_funding": Decimal("0"),
        },
    )
    services.proposal_submit(actor=applicant, proposal=proposal)
    page = clients["coordination"].get(reverse("proposals:versions", args=[proposal.pk]))
    body = page.content.decode()
    assert "Personalausgaben: 9000.00 EUR" in body and "<del>" in body and "<ins>" in body


def test_co_applicant_page_adds_and_removes(world, clients, call):
    proposal = new_proposal(call, world.users["applicant"])
    url = reverse("proposals:co_applicants", args=[proposal.pk])
    response = clients["applicant"].post(url, {"identifier": "mitglied-a", "right": "edit"})
    assert response.status_code == 302
    co = proposal.co_applicants.get()
    assert (
        clients["member"].get(reverse("proposals:step", args=[proposal.pk, 2])).status_code == 200
    )
    assert clients["member"].get(url).status_code == 403
    response = clients["applicant"].post(url, {"identifier": "gibt-es-nicht", "right": "view"})
    assert "Kein Konto" in response.content.decode()
    clients["applicant"].post(reverse("proposals:co_applicant_remove", args=[proposal.pk, co.pk]))
    assert not proposal.co_applicants.exists()


def test_my_list_personal_start_and_intake(world, clients, call):
    applicant = world.users["applicant"]
    office = world.users["coordination"]
    draft = new_proposal(call, applicant, title="Mein Entwurf")
    submitted = proposal_in_state(call, applicant, office, "submitted")
    mine = clients["applicant"].get(reverse("proposals:mine")).content.decode()
    assert "Mein Entwurf" in mine and submitted.title in mine
    start = clients["applicant"].get(reverse("personal_start")).content.decode()
    assert "Mein Entwurf" in start and reverse("proposals:create", args=[call.slug]) in start
    intake = clients["coordination"].get(reverse("proposals:intake")).content.decode()
    assert submitted.title in intake and draft.title not in intake
    csv = clients["coordination"].get(reverse("proposals:intake") + "?format=csv&status=submitted")
    assert submitted.title in csv.content.decode("utf-8-sig")
    xlsx = clients["steering"].get(reverse("proposals:intake") + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")
    assert clients["member"].get(reverse("proposals:intake")).status_code == 403
    start = clients["anonymous"].get(reverse("core:start")).content.decode()
    assert reverse("proposals:mine") in start


def test_reviewer_before_declaring_sees_the_summary_only(world, clients, call):
    from fachkraefte.web.reviews.models import Review

    proposal = proposal_in_state(
        call, world.users["applicant"], world.users["coordination"], "in_review"
    )
    Review.objects.create(proposal=proposal, reviewer=world.users["member"])
    page = clients["member"].get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert proposal.title in page and "Pflegehilfskräfte" not in page
    assert (
        clients["member"].get(reverse("proposals:versions", args=[proposal.pk])).status_code == 404
    )


def test_the_form_and_the_checks_in_english(world, clients, call):
    proposal = fill(new_proposal(call, world.users["applicant"]), world.users["applicant"])
    client = clients["applicant"]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("proposals:step", args=[proposal.pk, 6])).content.decode()
    assert "Step 6 of 6" in page and "Review and submit" in page
    assert "Eligibility under the call" in page
    assert "90.0 %" in page and "Submit proposal" in page
    page = client.get(reverse("proposals:step", args=[proposal.pk, 4])).content.decode()
    assert "Own contribution (EUR)" in page and "Save and continue" in page
