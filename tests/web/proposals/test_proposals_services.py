"""The proposal services: the form's steps, the budget rules, submission, revision, co-applicants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from proposal_world import CARRIER, ensure_call, fill, new_proposal, proposal_in_state

from fachkraefte.web.calls.models import Call
from fachkraefte.web.proposals import services
from fachkraefte.web.proposals.eligibility import checks_for
from fachkraefte.web.proposals.models import BudgetLine, CoApplicant, Proposal
from fachkraefte.web.proposals.versions import version_diff

S = Proposal.Status


@pytest.fixture()
def call(world):
    return ensure_call(world.a)


@pytest.fixture()
def applicant(world):
    return world.users["applicant"]


def _finance(**changes):
    values = {
        "amount_personnel": Decimal("8000"),
        "amount_material": Decimal("2000"),
        "own_contribution": Decimal("1000"),
        "other_funding": Decimal("0"),
    }
    return {**values, **changes}


def test_one_stage_proposal_is_filled_submitted_and_versioned(call, applicant):
    proposal = fill(new_proposal(call, applicant), applicant)
    assert proposal.form_step == 6
    assert all(check.status == "pass" for check in checks_for(proposal)), checks_for(proposal)
    proposal = services.proposal_submit(actor=applicant, proposal=proposal)
    assert proposal.status == S.SUBMITTED and proposal.stage == Proposal.Stage.SKETCH
    version = proposal.versions.get()
    assert version.number == 1 and version.content["grant_rate"] == "90.0 %"
    assert proposal.submitted_at is not None


def test_amounts_with_more_than_two_decimals_are_refused_and_nothing_stored(call, applicant):
    proposal = new_proposal(call, applicant)
    with pytest.raises(ValidationError) as error:
        services.proposal_update_step(
            actor=applicant,
            proposal=proposal,
            step="finanzplan",
            values=_finance(amount_personnel=Decimal("8000.005")),
        )
    assert "amount_personnel" in error.value.message_dict
    assert "zwei Nachkommastellen" in error.value.message_dict["amount_personnel"][0]
    assert not BudgetLine.objects.filter(proposal=proposal).exists()


def test_grant_rate_above_the_programme_is_refused(world, applicant):
    # the call would allow 95 %, the programme (Saxony) only 90 %
    call = ensure_call(world.a, slug="aufruf-95", max_grant_rate=Decimal("0.95"))
    proposal = new_proposal(call, applicant)
    with pytest.raises(ValidationError) as error:
        services.proposal_update_step(
            actor=applicant,
            proposal=proposal,
            step="finanzplan",
            values=_finance(own_contribution=Decimal("600")),
        )
    message = error.value.message_dict["own_contribution"][0]
    assert "94,0 %" in message and "90,0 %" in message
    proposal.refresh_from_db()
    assert proposal.own_contribution == 0 and not proposal.budget_lines.exists()


def test_cost_type_not_eligible_is_refused_naming_the_line(call, applicant):
    proposal = new_proposal(call, applicant)
    with pytest.raises(ValidationError) as error:
        services.proposal_update_step(
            actor=applicant,
            proposal=proposal,
            step="finanzplan",
            values=_finance(amount_investment=Decimal("500")),
        )
    assert "Investitionen" in error.value.message_dict["amount_investment"][0]


def test_own_contribution_above_total_is_refused(call, applicant):
    proposal = new_proposal(call, applicant)
    with pytest.raises(ValidationError) as error:
        services.proposal_update_step(
            actor=applicant,
            proposal=proposal,
            step="finanzplan",
            values=_finance(own_contribution=Decimal("20000")),
        )
    assert "own_contribution" in error.value.message_dict


def test_a_closed_call_takes_no_proposal(world, applicant):
    closed = ensure_call(
        world.a, slug="aufruf-zu", status=Call.Status.CLOSED, closes_on=dt.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        new_proposal(closed, applicant)
    assert "nimmt keine Anträge an" in error.value.message_dict["call"][0]
    assert not Proposal.objects.filter(call=closed).exists()


def test_a_draft_is_not_submitted_after_the_call_closed(call, applicant):
    proposal = fill(new_proposal(call, applicant), applicant)
    Call.objects.filter(pk=call.pk).update(closes_on=dt.date.today() - dt.timedelta(days=1))
    proposal.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(actor=applicant, proposal=proposal)
    assert "nimmt keine Anträge an" in error.value.messages[0]
    assert Proposal.objects.get(pk=proposal.pk).status == S.DRAFT


def test_incomplete_proposal_is_not_submitted_and_says_what_is_missing(call, applicant):
    proposal = new_proposal(call, applicant)
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(actor=applicant, proposal=proposal)
    assert "Finanzplan" in error.value.messages[0] and "Kreise" in error.value.messages[0]
    assert not proposal.versions.exists()


def test_step_validation_names_the_field(call, applicant):
    proposal = new_proposal(call, applicant)
    with pytest.raises(ValidationError) as error:
        services.proposal_update_step(
            actor=applicant,
            proposal=proposal,
            step="traeger",
            values={**CARRIER, "ends_on": dt.date(2025, 1, 1)},
        )
    assert "ends_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.proposal_update_step(
            actor=applicant,
            proposal=proposal,
            step="ziele",
            values={"target_groups": ["unemployed"], "outcome_what_1": "Pflegekräfte"},
        )
    assert "outcome_count_1" in error.value.message_dict


def test_expression_of_interest_asks_less_and_keeps_to_its_length(world, applicant):
    call = ensure_call(world.a, slug="zweistufig", two_stage=True)
    proposal = new_proposal(call, applicant)
    assert proposal.stage == Proposal.Stage.INTEREST
    with pytest.raises(ValidationError) as error:
        services.proposal_update_step(
            actor=applicant,
            proposal=proposal,
            step="traeger",
            values={**CARRIER, "description": "x" * 500},
        )
    assert "400" in error.value.message_dict["description"][0]
    with pytest.raises(ValidationError):
        services.proposal_update_step(
            actor=applicant, proposal=proposal, step="finanzplan", values=_finance()
        )
    proposal = fill(proposal, applicant)
    proposal = services.proposal_submit(actor=applicant, proposal=proposal)
    assert proposal.status == S.SUBMITTED


def test_invited_proposal_opens_the_full_steps_and_is_submitted_as_full(world, applicant):
    call = ensure_call(world.a, slug="zweistufig", two_stage=True)
    proposal = fill(new_proposal(call, applicant), applicant)
    Proposal.objects.filter(pk=proposal.pk).update(status=S.INVITED)  # g4's decision stands in
    proposal.refresh_from_db()
    proposal = fill(proposal, applicant)
    proposal = services.proposal_submit(actor=applicant, proposal=proposal)
    assert proposal.status == S.FULL_SUBMITTED and proposal.stage == Proposal.Stage.FULL


def test_revision_requested_then_resubmitted_shows_what_changed(world, call, applicant):
    office = world.users["coordination"]
    proposal = proposal_in_state(call, applicant, office, "revision")
    assert proposal.status == S.REVISION and "Zielgruppe" in proposal.revision_request
    services.proposal_update_step(
        actor=applicant,
        proposal=proposal,
        step="traeger",
        values={**CARRIER, "title": "Pflege gemeinsam – überarbeitet"},
    )
    proposal = services.proposal_submit(actor=applicant, proposal=proposal)
    first, second = proposal.versions.order_by("number")
    changes = version_diff(first.content, second.content)
    assert [c.key for c in changes] == ["title"]
    assert changes[0].after == "Pflege gemeinsam – überarbeitet"


def test_revision_request_needs_a_text_and_the_office(world, call, applicant):
    proposal = proposal_in_state(call, applicant, world.users["coordination"], "submitted")
    with pytest.raises(ValidationError):
        services.proposal_request_revision(
            actor=world.users["coordination"], proposal=proposal, text=" "
        )
    with pytest.raises(PermissionDenied):
        services.proposal_request_revision(
            actor=world.users["steering"], proposal=proposal, text="Bitte ändern"
        )


def test_co_applicants_with_view_or_edit_right(world, call, applicant):
    proposal = new_proposal(call, applicant)
    member, other = world.users["member"], world.users["outsider"]
    services.co_applicant_add(
        actor=applicant, proposal=proposal, identifier=member.username, right="edit"
    )
    services.co_applicant_add(
        actor=applicant, proposal=proposal, identifier=other.email or other.username, right="view"
    )
    fill(proposal, member)  # the editing co-applicant fills it in
    with pytest.raises(PermissionDenied):
        services.proposal_update_step(
            actor=other, proposal=proposal, step="ziele", values={"target_groups": ["unemployed"]}
        )
    with pytest.raises(PermissionDenied):
        services.co_applicant_add(actor=member, proposal=proposal, identifier="admin", right="view")
    with pytest.raises(ValidationError) as error:
        services.co_applicant_add(
            actor=applicant, proposal=proposal, identifier="niemand", right="view"
        )
    assert "identifier" in error.value.message_dict
    services.co_applicant_remove(
        actor=applicant, co_applicant=CoApplicant.objects.get(proposal=proposal, user=other)
    )
    assert list(proposal.co_applicants.values_list("user__username", flat=True)) == [
        member.username
    ]


def test_checks_say_why_a_rule_fails(world, call, applicant):
    proposal = fill(new_proposal(call, applicant), applicant)
    outside = world.b.districts.first()
    proposal.districts.add(outside)
    Proposal.objects.filter(pk=proposal.pk).update(ends_on=dt.date(2029, 1, 1))
    proposal.refresh_from_db()
    checks = {check.key: check for check in checks_for(proposal)}
    assert checks["districts"].status == "fail" and outside.name in checks["districts"].reason
    assert checks["duration"].status == "fail" and "höchstens 36" in checks["duration"].reason
    assert checks["grant_rate"].status == "pass"
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(actor=applicant, proposal=proposal)
    assert any("Projektgebiet" in message for message in error.value.messages)


def test_open_checks_before_anything_is_answered(call, applicant):
    proposal = new_proposal(call, applicant)
    statuses = {check.key: check.status for check in checks_for(proposal)}
    assert statuses["grant_rate"] == "open" and statuses["other_funding"] == "open"
    assert statuses["applicant"] == "pass"
