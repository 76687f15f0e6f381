"""The steering group's decision books the commitment in the same transaction; the funder's
notice; the applicant is told in their language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from review_records import review_records
from role_world import token_client

from fachkraefte.web.accounts.models import Profile
from fachkraefte.web.decisions import services as decisions
from fachkraefte.web.decisions.models import AgendaItem
from fachkraefte.web.funding import ledger
from fachkraefte.web.funding.models import LedgerEntry
from fachkraefte.web.proposals import decisions as proposal_decisions
from fachkraefte.web.proposals.models import CoApplicant, Proposal

pytestmark = pytest.mark.django_db
S = Proposal.Status


def _item(w, title="Förderentscheidung"):
    meeting = w.items["open"].meeting
    return decisions.agenda_item_create(actor=w.users["steering"], meeting=meeting, title=title)


def _adopt(w, item):
    decisions.vote_cast(actor=w.users["steering"], item=item, choice="consent")
    return decisions.agenda_item_close(actor=w.users["steering"], item=item)


def _on_agenda(w, r, motion="approve", amount="45000.00", **extra):
    item = _item(w)
    proposal_decisions.proposal_put_on_agenda(
        actor=w.users["steering"],
        proposal=r.proposal,
        item=item,
        motion=motion,
        amount=amount if motion == "approve" else None,
        **extra,
    )
    return item


def test_adopted_approval_moves_the_proposal_and_books_exactly_the_commitment(world):
    r = review_records(world)
    item = _on_agenda(world, r, conditions="Zwischenbericht nach 6 Monaten", rank=1)
    _adopt(world, item)
    r.proposal.refresh_from_db()
    assert r.proposal.status == S.APPROVED and r.proposal.rank == 1
    entries = LedgerEntry.objects.filter(proposal=r.proposal)
    assert [(e.kind, e.amount, e.agenda_item_id, e.budget_id) for e in entries] == [
        ("commitment", Decimal("45000.00"), item.pk, r.budget.pk)
    ]
    assert ledger.balances(r.budget).available == Decimal("55000.00")


def test_a_failing_commitment_rolls_back_the_whole_decision(world):
    r = review_records(world, allocated="30000.00")
    item = _on_agenda(world, r, amount="45000.00")
    decisions.vote_cast(actor=world.users["steering"], item=item, choice="consent")
    with pytest.raises(ValidationError) as error:
        decisions.agenda_item_close(actor=world.users["steering"], item=item)
    assert "30000.00" in str(error.value)  # names what is available
    item.refresh_from_db()
    r.proposal.refresh_from_db()
    assert item.status == AgendaItem.Status.OPEN and item.outcome == ""
    assert r.proposal.status == S.IN_REVIEW
    assert not LedgerEntry.objects.filter(kind="commitment").exists()


def test_closing_page_shows_the_refusal_and_keeps_the_item_open(world, clients):
    r = review_records(world, allocated="1000.00")
    item = _on_agenda(world, r, amount="45000.00")
    decisions.vote_cast(actor=world.users["steering"], item=item, choice="consent")
    response = clients["steering"].post(reverse("decisions:close", args=[world.a.slug, item.pk]))
    assert response.status_code == 400
    assert "übersteigen die verfügbaren" in response.content.decode()
    item.refresh_from_db()
    assert item.is_open


def test_a_motion_rejected_by_the_vote_leaves_the_proposal_unchanged(world):
    r = review_records(world)
    item = _on_agenda(world, r)
    decisions.vote_cast(
        actor=world.users["steering"], item=item, choice="objection", note="zu teuer"
    )
    result = decisions.agenda_item_close(actor=world.users["steering"], item=item)
    assert result.outcome == AgendaItem.Outcome.REJECTED
    r.proposal.refresh_from_db()
    assert r.proposal.status == S.IN_REVIEW
    assert not LedgerEntry.objects.filter(proposal=r.proposal).exists()


def test_adopted_rejection_needs_reasons_and_notifies_in_the_users_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    r = review_records(world)
    co = world.users["outsider_member"]
    CoApplicant.objects.create(proposal=r.proposal, user=co, right="view")
    Profile.objects.create(user=world.users["applicant"], language="en")
    with pytest.raises(ValidationError) as error:
        _on_agenda(world, r, motion="reject")
    assert "decision_reasons" in error.value.message_dict
    item = _on_agenda(world, r, motion="reject", reasons="Kein regionaler Bedarf belegt.")
    with django_capture_on_commit_callbacks(execute=True):
        _adopt(world, item)
    r.proposal.refresh_from_db()
    assert r.proposal.status == S.REJECTED
    english = world.users["applicant"].notifications.get()
    german = co.notifications.get()
    assert english.subject.startswith("Your proposal was rejected")
    assert german.subject.startswith("Ihr Antrag wurde abgelehnt")
    assert "Kein regionaler Bedarf belegt." in english.body
    assert len(mailoutbox) == sum(1 for u in (world.users["applicant"], co) if u.email)


def test_nothing_is_sent_when_the_decision_rolls_back(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    r = review_records(world, allocated="10.00")
    item = _on_agenda(world, r)
    decisions.vote_cast(actor=world.users["steering"], item=item, choice="consent")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        decisions.agenda_item_close(actor=world.users["steering"], item=item)
    assert mailoutbox == []
    assert not world.users["applicant"].notifications.exists()


def test_only_deciders_put_on_the_agenda_and_bad_amounts_are_refused(world):
    r = review_records(world)
    item = _item(world)
    for role in ("applicant", "member", "outsider"):
        with pytest.raises(PermissionDenied):
            proposal_decisions.proposal_put_on_agenda(
                actor=world.users[role],
                proposal=r.proposal,
                item=item,
                motion="approve",
                amount="1",
            )
    for amount, word in (
        ("100.005", "Nachkommastellen"),
        ("60000.01", "übersteigt den beantragten"),
    ):
        with pytest.raises(ValidationError) as error:
            proposal_decisions.proposal_put_on_agenda(
                actor=world.users["steering"],
                proposal=r.proposal,
                item=item,
                motion="approve",
                amount=amount,
            )
        assert word in str(error.value.message_dict["approved_amount"])
    r.proposal.refresh_from_db()
    assert r.proposal.agenda_item_id is None


def test_external_not_funded_releases_the_commitment(world, clients):
    r = review_records(world)
    _adopt(world, _on_agenda(world, r, amount="40000.00"))
    assert ledger.balances(r.budget).available == Decimal("60000.00")
    url = reverse("reviews:external", args=[r.proposal.pk])
    data = {
        "outcome": "not_funded",
        "external_decision_on": "2025-06-02",
        "external_reference": "SAB-2025-17",
    }
    assert clients["steering"].post(url, data).status_code == 403
    assert clients["outsider"].post(url, data).status_code == 404
    assert clients["coordination"].post(url, data).status_code == 302
    r.proposal.refresh_from_db()
    assert r.proposal.status == S.NOT_FUNDED and r.proposal.external_reference == "SAB-2025-17"
    assert ledger.balances(r.budget).available == Decimal("100000.00")
    release = LedgerEntry.objects.get(proposal=r.proposal, kind="release")
    assert release.amount == Decimal("40000.00") and release.reference == "SAB-2025-17"


def test_external_funded_through_the_api_keeps_the_commitment(world):
    r = review_records(world)
    _adopt(world, _on_agenda(world, r, amount="40000.00"))
    client = token_client(world.users["coordination"])
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    bad = client.post(
        f"/api/proposal-decisions/{r.proposal.pk}/external/",
        {"funded": True, "external_decision_on": future, "external_reference": "SAB-1"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "external_decision_on" in bad.json()
    ok = client.post(
        f"/api/proposal-decisions/{r.proposal.pk}/external/",
        {"funded": True, "external_decision_on": "2025-06-02", "external_reference": "SAB-1"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "funded"
    assert ledger.balances(r.budget).available == Decimal("60000.00")


def test_put_on_agenda_through_web_and_api(world, clients):
    r = review_records(world)
    item = _item(world)
    url = reverse("reviews:agenda", args=[r.proposal.pk])
    assert clients["applicant"].get(url).status_code == 403  # sees the proposal, may not decide
    assert clients["member"].get(url).status_code == 404  # a reviewer before the declaration
    assert clients["outsider"].get(url).status_code == 404
    page = clients["steering"].get(url)
    assert page.status_code == 200 and str(item) in page.content.decode()
    api = token_client(world.users["steering"])
    answer = api.post(
        f"/api/proposal-decisions/{r.proposal.pk}/agenda/",
        {"agenda_item": item.pk, "motion": "approve", "approved_amount": "12000.50", "rank": 2},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["approved_amount"] == "12000.50"
    denied = token_client(world.users["applicant"]).post(
        f"/api/proposal-decisions/{r.proposal.pk}/agenda/", {}, content_type="application/json"
    )
    assert denied.status_code == 403


def test_agenda_item_page_lists_its_proposals_to_deciders_only(world, clients):
    r = review_records(world)
    item = _on_agenda(world, r, amount="45000.00", rank=1)
    url = reverse("decisions:item", args=[world.a.slug, item.pk])
    steering = clients["steering"].get(url).content.decode()
    assert "Anträge zu diesem Punkt" in steering, steering[-3000:]
    assert r.proposal.title in steering
    assert "45.000,00" in steering or "45000,00" in steering
    member = clients["member"].get(url)
    assert member.status_code == 200 and r.proposal.title not in member.content.decode()


def test_adopted_revision_asks_the_applicant_with_the_reasons(world):
    r = review_records(world)
    item = _on_agenda(world, r, motion="revise", reasons="Bitte Kostenplan aufschlüsseln.")
    _adopt(world, item)
    r.proposal.refresh_from_db()
    assert r.proposal.status == S.REVISION
    assert r.proposal.revision_request == "Bitte Kostenplan aufschlüsseln."
    notice = world.users["applicant"].notifications.get()
    assert notice.subject.startswith("Überarbeitung erbeten")
    assert "Bitte Kostenplan aufschlüsseln." in notice.body
    assert not LedgerEntry.objects.filter(proposal=r.proposal).exists()
