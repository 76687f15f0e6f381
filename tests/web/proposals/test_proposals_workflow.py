"""The proposal workflows as declared (``proposals.workflows``): every transition of the
applicant and the office is reachable by its role, in the service, on the page and in the API;
the steering group's decisions are not reachable from here without an adopted agenda item (the
decisions app takes them); every undeclared pair is refused and changes nothing."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from proposal_world import ensure_call, fill, new_proposal

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.proposals import services
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.workflows import (
    APPLICANT,
    OFFICE,
    OFFICE_OR_STEERING,
    ONE_STAGE,
    STEERING,
    TWO_STAGE,
)

pytestmark = pytest.mark.django_db

S = Proposal.Status
WORKFLOWS = {"one_stage": ONE_STAGE, "two_stage": TWO_STAGE}
CHANNELS = ["service", "page", "api"]
# The funder's notice (approved → funded / not funded) is recorded with date and reference by the
# decisions side (issue 12, point 7), like the steering group's decisions.
ELSEWHERE = {(S.APPROVED, S.FUNDED), (S.APPROVED, S.NOT_FUNDED)}


def _declared(kind: str, who) -> list[tuple[str, str, str]]:
    return [
        (kind, t.source, t.target)
        for t in WORKFLOWS[kind].transitions
        if t.who == who and (t.source, t.target) not in ELSEWHERE
    ]


APPLICANT_STEPS = _declared("one_stage", APPLICANT) + _declared("two_stage", APPLICANT)
OFFICE_STEPS = [
    *_declared("one_stage", OFFICE),
    *_declared("one_stage", OFFICE_OR_STEERING),
    *_declared("two_stage", OFFICE),
    *_declared("two_stage", OFFICE_OR_STEERING),
]
STEERING_STEPS = _declared("one_stage", STEERING) + _declared("two_stage", STEERING)
UNDECLARED = [
    (kind, source, target)
    for kind, workflow in WORKFLOWS.items()
    for source, target in itertools.product(S.values, S.values)
    if source != target and workflow.declared(source, target) is None
]


def _proposal(world, kind: str, state: str, target: str = "") -> Proposal:
    """A complete proposal (both stages answered) put into ``state`` (a revision of the full
    proposal where ``target`` is its resubmission)."""
    call = ensure_call(world.a, slug=f"aufruf-{kind}", two_stage=kind == "two_stage")
    applicant = world.users["applicant"]
    proposal = new_proposal(call, applicant)
    Proposal.objects.filter(pk=proposal.pk).update(status=S.INVITED)
    proposal.refresh_from_db()
    fill(proposal, applicant)
    stage = {"one_stage": Proposal.Stage.SKETCH, "two_stage": Proposal.Stage.INTEREST}[kind]
    full = {S.FULL_SUBMITTED, S.APPROVED, S.FUNDED, S.NOT_FUNDED}
    if kind == "two_stage" and (state in full or target == S.FULL_SUBMITTED):
        stage = Proposal.Stage.FULL
    Proposal.objects.filter(pk=proposal.pk).update(status=state, stage=stage)
    return Proposal.objects.select_related("call__programme").get(pk=proposal.pk)


def _service(user, proposal: Proposal, to: str, generic: bool) -> None:
    if generic:
        services.proposal_transition(actor=user, proposal=proposal, to=to)
    elif to in {S.SUBMITTED, S.FULL_SUBMITTED}:
        services.proposal_submit(actor=user, proposal=proposal)
    elif to == S.REVISION:
        services.proposal_request_revision(actor=user, proposal=proposal, text="Bitte ergänzen.")
    else:
        services.proposal_transition(actor=user, proposal=proposal, to=to)


def _move(channel: str, user, proposal: Proposal, to: str, *, generic: bool = False) -> int:
    """The answer of one channel (the state after it tells whether the step was taken);
    ``generic``: through the one transition endpoint, which names its target."""
    if channel == "service":
        try:
            _service(user, proposal, to, generic)
        except PermissionDenied:
            return 403
        except ValidationError:
            return 400
        return 200
    client = Client()
    client.force_login(user)
    if channel == "page":
        base = f"/antraege/{proposal.pk}/"
        if generic:
            return client.post(base + "status/", {"status": to}).status_code
        if to in {S.SUBMITTED, S.FULL_SUBMITTED}:
            return client.post(base + "einreichen/").status_code
        if to == S.REVISION:
            return client.post(base + "ueberarbeitung/", {"text": "Bitte ergänzen."}).status_code
        return client.post(base + "status/", {"status": to}).status_code
    base = f"/api/proposals/{proposal.pk}/"
    if to in {S.SUBMITTED, S.FULL_SUBMITTED} and not generic:
        return client.post(base + "submit/").status_code
    if to == S.REVISION and not generic:
        data = {"text": "Bitte ergänzen."}
        return client.post(base + "revision/", data, content_type="application/json").status_code
    return client.post(
        base + "transition/", {"status": to}, content_type="application/json"
    ).status_code


def test_the_tables_hold_the_steps_of_both_procedures():
    assert ("two_stage", S.INVITED, S.FULL_SUBMITTED) in APPLICANT_STEPS
    assert ("one_stage", S.SUBMITTED, S.IN_REVIEW) in OFFICE_STEPS
    assert ("two_stage", S.IN_REVIEW, S.INVITED) in STEERING_STEPS
    assert ("one_stage", S.DRAFT, S.APPROVED) in UNDECLARED


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("kind", "source", "target"), APPLICANT_STEPS)
def test_every_applicant_step_is_reachable_by_the_applicant(world, channel, kind, source, target):
    proposal = _proposal(world, kind, source, target)
    # nobody else may take it
    assert _move(channel, world.users["coordination"], proposal, target) in {400, 403, 404}
    assert Proposal.objects.get(pk=proposal.pk).status == source
    assert _move(channel, world.users["applicant"], proposal, target) in {200, 302}
    proposal.refresh_from_db()
    assert proposal.status == target
    entry = AuditEntry.objects.filter(object_id=str(proposal.pk)).latest("pk")
    assert entry.changes["status"] == [source, target]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("kind", "source", "target"), OFFICE_STEPS)
def test_every_office_step_is_reachable_by_the_office(world, channel, kind, source, target):
    proposal = _proposal(world, kind, source)
    for refused in ("applicant", "steering", "member"):
        assert _move(channel, world.users[refused], proposal, target) in {400, 403, 404}
        assert Proposal.objects.get(pk=proposal.pk).status == source, refused
    assert _move(channel, world.users["coordination"], proposal, target) in {200, 302}
    assert Proposal.objects.get(pk=proposal.pk).status == target


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("kind", "source", "target"), STEERING_STEPS)
def test_decisions_are_not_taken_without_an_adopted_agenda_item(
    world, channel, kind, source, target
):
    proposal = _proposal(world, kind, source)
    for role in ("steering", "coordination", "applicant"):
        assert _move(channel, world.users[role], proposal, target) in {400, 403}
        assert Proposal.objects.get(pk=proposal.pk).status == source


# every undeclared pair in the service, the page and API (which call it) for the states in which
# applicants and the office act; the suite's time stays within bounds
UNDECLARED_CASES = [
    pytest.param(channel, *case, id=f"{channel}-{'-'.join(case)}")
    for case in UNDECLARED
    for channel in CHANNELS
    if channel == "service" or case[1] in {S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.REVISION}
]


@pytest.mark.parametrize(("channel", "kind", "source", "target"), UNDECLARED_CASES)
def test_every_undeclared_transition_is_refused(world, channel, kind, source, target):
    proposal = _proposal(world, kind, source)
    for role in ("applicant", "coordination"):
        answer = _move(channel, world.users[role], proposal, target, generic=True)
        assert answer in {400, 403, 404}
        assert Proposal.objects.get(pk=proposal.pk).status == source
