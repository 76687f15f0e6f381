"""The proposals API: the same rules and services as the pages."""

from __future__ import annotations

from proposal_world import ensure_call, world_proposal
from role_world import token_client

from fachkraefte.web.calls.models import Call
from fachkraefte.web.proposals.models import Proposal

S = Proposal.Status
CARRIER = {
    "organisation_name": "Bildungswerk",
    "organisation_category": "other",
    "title": "Per API",
    "summary": "Kurz",
    "starts_on": "2025-09-01",
    "ends_on": "2026-08-31",
}


def _client(world, role):
    return token_client(world.users[role])


def test_the_list_holds_only_what_the_user_may_see(world):
    draft = world_proposal(world, "draft")
    submitted = world_proposal(world, "submitted")

    def ids(role):
        return {p["id"] for p in _client(world, role).get("/api/proposals/").json()["results"]}  # noqa: E731

    assert ids("applicant") == {draft.pk, submitted.pk}
    assert ids("coordination") == {submitted.pk}
    assert ids("steering") == {submitted.pk}
    assert ids("member") == set() and ids("outsider") == set()


def test_create_fill_and_submit_through_the_api(world):
    call = ensure_call(world.a)
    client = _client(world, "applicant")
    created = client.post(
        "/api/proposals/", {"call": call.slug, **CARRIER}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    district = call.districts.first().ags
    steps = [
        {"step": "ziele", "target_groups": ["unemployed"], "expected_participants": 12},
        {"step": "berufe", "occupations": ["813"], "districts": [district]},
        {
            "step": "finanzplan",
            "amount_personnel": "5000.00",
            "own_contribution": "500.00",
            "other_funding": "0",
        },
        {"step": "erklaerung", "other_funding_declared": "no", "confirmed": True},
    ]
    for body in steps:
        answer = client.patch(f"/api/proposals/{pk}/", body, content_type="application/json")
        assert answer.status_code == 200, answer.content
    detail = answer.json()
    assert detail["requested"] == "4500.00" and detail["grant_rate"] == "0.9000"
    assert {c["status"] for c in detail["checks"]} == {"pass"}
    submitted = client.post(f"/api/proposals/{pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == S.SUBMITTED
    versions = client.get(f"/api/proposals/{pk}/versions/").json()
    assert [v["number"] for v in versions] == [1]


def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(world):
    proposal = world_proposal(world, "draft")
    client = _client(world, "applicant")
    before = list(proposal.budget_lines.values_list("amount", flat=True))
    answer = client.patch(
        f"/api/proposals/{proposal.pk}/",
        {
            "step": "finanzplan",
            "amount_personnel": "10.001",
            "own_contribution": "0",
            "other_funding": "0",
        },
        content_type="application/json",
    )
    assert answer.status_code == 400 and "amount_personnel" in answer.json()
    answer = client.patch(
        f"/api/proposals/{proposal.pk}/",
        {
            "step": "finanzplan",
            "amount_personnel": "1000",
            "own_contribution": "0",
            "other_funding": "0",
        },
        content_type="application/json",
    )
    assert answer.status_code == 400 and "Förderquote" in str(answer.json()["own_contribution"])
    assert list(proposal.budget_lines.values_list("amount", flat=True)) == before
    answer = client.patch(
        f"/api/proposals/{proposal.pk}/", {"step": "gibt-es-nicht"}, content_type="application/json"
    )
    assert answer.status_code == 400 and "step" in answer.json()


def test_a_closed_call_refuses_through_the_api(world):
    closed = ensure_call(world.a, slug="api-zu", status=Call.Status.CLOSED)
    answer = _client(world, "applicant").post(
        "/api/proposals/", {"call": closed.slug, **CARRIER}, content_type="application/json"
    )
    assert answer.status_code == 400 and "nimmt keine Anträge an" in str(answer.json()["call"])
    assert not Proposal.objects.filter(call=closed).exists()
    draft_call = ensure_call(world.a, slug="api-entwurf", status=Call.Status.DRAFT)
    answer = _client(world, "applicant").post(
        "/api/proposals/", {"call": draft_call.slug, **CARRIER}, content_type="application/json"
    )
    assert answer.status_code == 404


def test_others_cannot_write_and_the_office_acts_with_its_steps(world):
    proposal = world_proposal(world, "submitted")
    url = f"/api/proposals/{proposal.pk}/"
    assert _client(world, "steering").post(url + "withdraw/").status_code == 403
    assert _client(world, "member").post(url + "withdraw/").status_code == 404
    office = _client(world, "coordination")
    assert (
        office.post(
            url + "transition/", {"status": "approved"}, content_type="application/json"
        ).status_code
        == 400
    )
    answer = office.post(
        url + "revision/", {"text": "Bitte ergänzen"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["status"] == S.REVISION


def test_the_schema_documents_the_endpoints(clients):
    schema = clients["anonymous"].get("/api/schema/").content.decode()
    assert "/api/proposals/{id}/submit/" in schema and "/revision/" in schema


def test_a_reviewer_sees_the_proposal_only_after_declaring_no_conflict(world):
    from fachkraefte.web.reviews.models import Review

    proposal = world_proposal(world, "in_review")
    review = Review.objects.create(proposal=proposal, reviewer=world.users["outsider"])
    client = _client(world, "outsider")
    assert client.get(f"/api/proposals/{proposal.pk}/").status_code == 404
    for conflict, seen in (("declared", 404), ("none", 200)):
        Review.objects.filter(pk=review.pk).update(conflict=conflict)
        assert client.get(f"/api/proposals/{proposal.pk}/").status_code == seen
