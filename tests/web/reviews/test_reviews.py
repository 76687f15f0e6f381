"""Reviews: conflicts declared before the proposal opens, scoring, lifting, the summary."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from review_records import review_records
from role_world import token_client

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.reviews import selectors, services
from fachkraefte.web.reviews.models import Review, Score

pytestmark = pytest.mark.django_db

CONTENT = "SECRET Inhalt des Antrags"


def _reviewer(w, username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, password="x", email=f"{username}@example.org"
    )


def _review_of(w, r, username: str) -> Review:
    return Review.objects.create(proposal=r.proposal, reviewer=_reviewer(w, username))


def test_undeclared_reviewer_sees_title_and_applicant_only(world, clients):
    r = review_records(world)
    page = clients["member"].get(reverse("reviews:detail", args=[r.review.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert r.proposal.title in text and "Pflegeschule Görlitz" in text
    assert CONTENT not in text
    assert "criterion_" not in text  # no score form before the declaration


def test_declaring_no_conflict_opens_the_proposal_and_the_score_form(world, clients):
    r = review_records(world)
    client = clients["member"]
    response = client.post(reverse("reviews:declare", args=[r.review.pk]), {"conflict": "none"})
    assert response.status_code == 302
    text = client.get(reverse("reviews:detail", args=[r.review.pk])).content.decode()
    assert CONTENT in text and f"criterion_{r.criteria[0].pk}" in text
    r.review.refresh_from_db()
    assert r.review.conflict == Review.Conflict.NONE


def test_conflict_needs_a_reason_and_is_declared_once(world):
    r = review_records(world)
    member = world.users["member"]
    with pytest.raises(ValidationError) as error:
        services.review_declare(actor=member, review=r.review, conflicted=True, reason=" ")
    assert "reason" in error.value.message_dict
    services.review_declare(actor=member, review=r.review, conflicted=True, reason="arbeite dort")
    with pytest.raises(ValidationError):
        services.review_declare(actor=member, review=r.review, conflicted=False)


def test_conflicted_reviewer_sees_nothing_and_cannot_score_web(world, clients):
    r = review_records(world)
    member = world.users["member"]
    other = _review_of(world, r, "gutachterin-2")
    services.review_declare(actor=other.reviewer, review=other, conflicted=False)
    services.review_save(
        actor=other.reviewer,
        review=other,
        scores={c.pk: "4" for c in r.criteria},
        recommendation="approve",
        submit=True,
    )
    services.review_declare(actor=member, review=r.review, conflicted=True, reason="Vorstand")
    client = clients["member"]
    text = client.get(reverse("reviews:detail", args=[r.review.pk])).content.decode()
    assert CONTENT not in text and "criterion_" not in text
    post = client.post(
        reverse("reviews:score", args=[r.review.pk]),
        {f"criterion_{c.pk}": "5" for c in r.criteria}
        | {"recommendation": "approve", "abgeben": "1"},
    )
    assert post.status_code == 403
    assert not Score.objects.filter(review=r.review).exists()
    assert client.get(reverse("reviews:summary", args=[r.proposal.pk])).status_code == 403
    export = client.get(reverse("reviews:summary_export", args=[r.proposal.pk, "csv"]))
    assert export.status_code == 403


def test_conflicted_reviewer_sees_nothing_and_cannot_score_api(world):
    r = review_records(world)
    member = world.users["member"]
    other = _review_of(world, r, "gutachter-3")
    services.review_declare(actor=other.reviewer, review=other, conflicted=False)
    services.review_save(
        actor=other.reviewer,
        review=other,
        scores={c.pk: "2" for c in r.criteria},
        recommendation="reject",
        submit=True,
    )
    client = token_client(member)
    declared = client.post(
        f"/api/reviews/{r.review.pk}/declare/",
        {"conflicted": True, "reason": "Vorstand"},
        content_type="application/json",
    )
    assert declared.status_code == 200, declared.content
    own = client.get(f"/api/reviews/{r.review.pk}/").json()
    assert own["scores"] == [] and own["conflict"] == "declared"
    listed = client.get("/api/reviews/").json()
    ids = (
        {row["id"] for row in listed["results"]}
        if "results" in listed
        else {row["id"] for row in listed}
    )
    assert ids == {r.review.pk}  # not the other reviewer's review
    assert client.get(f"/api/reviews/{other.pk}/").status_code == 404
    scored = client.post(
        f"/api/reviews/{r.review.pk}/score/",
        {
            "scores": {str(c.pk): "5" for c in r.criteria},
            "recommendation": "approve",
            "submit": True,
        },
        content_type="application/json",
    )
    assert scored.status_code == 403
    assert client.get(f"/api/review-summaries/{r.proposal.pk}/").status_code == 403
    assert not Score.objects.filter(review=r.review).exists()


def test_scores_of_others_only_after_submitting_own(world, clients):
    r = review_records(world)
    member = world.users["member"]
    services.review_declare(actor=member, review=r.review, conflicted=False)
    summary = reverse("reviews:summary", args=[r.proposal.pk])
    assert clients["member"].get(summary).status_code == 403
    services.review_save(
        actor=member,
        review=r.review,
        scores={c.pk: "3" for c in r.criteria},
        recommendation="revise",
        submit=True,
    )
    assert clients["member"].get(summary).status_code == 200
    with pytest.raises(PermissionDenied):  # a submitted review is final
        services.review_save(actor=member, review=r.review, scores={}, submit=False)


def test_submit_needs_every_criterion_and_a_recommendation(world):
    r = review_records(world)
    member = world.users["member"]
    services.review_declare(actor=member, review=r.review, conflicted=False)
    with pytest.raises(ValidationError) as error:
        services.review_save(
            actor=member,
            review=r.review,
            scores={r.criteria[0].pk: "4"},
            recommendation="approve",
            submit=True,
        )
    assert "Wirkung" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.review_save(
            actor=member, review=r.review, scores={r.criteria[0].pk: "6"}, submit=False
        )
    assert f"criterion_{r.criteria[0].pk}" in error.value.message_dict
    r.review.refresh_from_db()
    assert r.review.submitted_at is None and not r.review.scores.exists()


def test_averages_leave_out_conflicted_and_na_hand_computed(world):
    """Three counted reviews, one declared conflict (its scores must not count), one n/a.

    Bedarf: 5, 3, 4 → 4.00 (3–5, n=3). Wirkung: 2, n/a, 3 → 2.50 (2–3, n=2).
    Wirtschaftlichkeit: 1, 1, 2 → 1.33 (1–2, n=3). The conflicted reviewer's 0s are ignored.
    """
    r = review_records(world)
    bedarf, wirkung, wirtschaft = r.criteria
    given = [
        ("g1", {bedarf.pk: "5", wirkung.pk: "2", wirtschaft.pk: "1"}, "approve"),
        ("g2", {bedarf.pk: "3", wirkung.pk: "n/a", wirtschaft.pk: "1"}, "approve"),
        ("g3", {bedarf.pk: "4", wirkung.pk: "3", wirtschaft.pk: "2"}, "revise"),
    ]
    for name, scores, recommendation in given:
        review = _review_of(world, r, name)
        services.review_declare(actor=review.reviewer, review=review, conflicted=False)
        services.review_save(
            actor=review.reviewer,
            review=review,
            scores=scores,
            recommendation=recommendation,
            submit=True,
        )
    conflicted = _review_of(world, r, "g4")
    # scores written before a conflict: a conflicted review never counts, whatever it holds
    Score.objects.bulk_create([Score(review=conflicted, criterion=c, value=0) for c in r.criteria])
    services.review_declare(
        actor=conflicted.reviewer, review=conflicted, conflicted=True, reason="x"
    )
    Review.objects.filter(pk=conflicted.pk).update(submitted_at="2025-05-01T10:00:00Z")
    summary = selectors.review_summary(proposal=r.proposal)
    rows = {row.label: row for row in summary.criteria}
    assert (
        rows["Bedarf"].average,
        rows["Bedarf"].minimum,
        rows["Bedarf"].maximum,
        rows["Bedarf"].n,
    ) == (Decimal("4.00"), 3, 5, 3)
    assert (rows["Wirkung"].average, rows["Wirkung"].n, rows["Wirkung"].not_applicable) == (
        Decimal("2.50"),
        2,
        1,
    )
    assert (rows["Wirkung"].minimum, rows["Wirkung"].maximum) == (2, 3)
    assert rows["Wirtschaftlichkeit"].average == Decimal("1.33")
    assert summary.counted == 3 and summary.conflicted == 1
    assert dict(summary.recommendations)["befürworten"] == 2


def test_summary_export_csv_and_xlsx(world, clients):
    r = review_records(world)
    member = world.users["member"]
    services.review_declare(actor=member, review=r.review, conflicted=False)
    services.review_save(
        actor=member,
        review=r.review,
        scores={c.pk: "4" for c in r.criteria},
        recommendation="approve",
        submit=True,
    )
    csv = clients["coordination"].get(
        reverse("reviews:summary_export", args=[r.proposal.pk, "csv"])
    )
    assert csv.status_code == 200 and "Bedarf;4.00;4;4;1;0" in csv.content.decode("utf-8-sig")
    xlsx = clients["coordination"].get(
        reverse("reviews:summary_export", args=[r.proposal.pk, "xlsx"])
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_lifting_a_conflict_is_audited_and_only_for_the_office(world, clients):
    r = review_records(world)
    member = world.users["member"]
    services.review_declare(actor=member, review=r.review, conflicted=True, reason="Beirat")
    with pytest.raises(PermissionDenied):
        services.review_lift(actor=world.users["steering"], review=r.review, reason="x")
    lift = reverse("reviews:lift", args=[r.review.pk])
    assert clients["steering"].post(lift, {"reason": "x"}).status_code == 404  # not their review
    assert (
        clients["coordination"].post(lift, {"reason": "Beirat ohne Stimmrecht"}).status_code == 302
    )
    r.review.refresh_from_db()
    assert r.review.conflict == Review.Conflict.LIFTED
    assert r.review.lifted_by == world.users["coordination"]
    entry = AuditEntry.objects.filter(
        object_id=str(r.review.pk), changes__lifted_reason="Beirat ohne Stimmrecht"
    )
    assert entry.get().actor == world.users["coordination"]
    # lifted: the reviewer may now read and score
    text = clients["member"].get(reverse("reviews:detail", args=[r.review.pk])).content.decode()
    assert CONTENT in text and "criterion_" in text


def test_assignment_by_the_office_notifies_the_reviewer(
    world, clients, mailoutbox, django_capture_on_commit_callbacks
):
    r = review_records(world)
    reviewer = _reviewer(world, "neue-gutachterin")
    assign = reverse("reviews:assign", args=[r.proposal.pk])
    assert clients["steering"].post(assign, {"reviewer": "neue-gutachterin"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["coordination"].post(assign, {"reviewer": "neue-gutachterin"})
    assert response.status_code == 302
    assert Review.objects.filter(proposal=r.proposal, reviewer=reviewer).exists()
    assert reviewer.notifications.count() == 1
    assert [m.to for m in mailoutbox] == [["neue-gutachterin@example.org"]]
    assert "Neue Begutachtung" in mailoutbox[0].subject
    with pytest.raises(ValidationError):  # the applicant never reviews their own proposal
        services.review_assign(
            actor=world.users["coordination"],
            proposal=r.proposal,
            reviewer=world.users["applicant"],
        )


def test_reviewer_list_filters_sorts_and_exports_own_reviews_only(world, clients):
    r = review_records(world)
    other = _review_of(world, r, "gutachterin-liste")
    services.review_declare(actor=other.reviewer, review=other, conflicted=True, reason="x")
    client = clients["member"]
    listed = client.get(reverse("reviews:list") + "?stand=offen&sort=-title").content.decode()
    assert r.proposal.title in listed
    assert (
        client.get(reverse("reviews:list") + "?stand=befangen")
        .content.decode()
        .count(f'href="/begutachtung/{r.review.pk}/"')
        == 0
    )
    csv = client.get(reverse("reviews:list") + "?format=csv").content.decode("utf-8-sig")
    assert csv.count("\r\n") == 2 and r.proposal.title in csv  # header and the own review
    assert "SECRET" not in clients["outsider"].get(reverse("reviews:list")).content.decode()
