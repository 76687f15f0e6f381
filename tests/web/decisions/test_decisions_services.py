"""Services: conflict rules, freezing after the decision, audit entries in the same transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_entries_for
from fachkraefte.web.decisions import services
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest, Vote
from fachkraefte.web.decisions.selectors import item_trail
from fachkraefte.web.programmes.models import ConsensusRule

pytestmark = pytest.mark.django_db


def test_item_copies_the_alliance_rule_and_numbers_itself(world):
    assert world.proposal.consensus_rule == ConsensusRule.NO_OBJECTION
    assert world.proposal.position == 1
    world.a.consensus_rule = ConsensusRule.UNANIMITY
    world.a.save()
    second = services.agenda_item_create(
        actor=world.voters[0], meeting=world.spring_meeting, title="Zweiter"
    )
    assert (second.position, second.consensus_rule) == (2, ConsensusRule.UNANIMITY)
    world.proposal.refresh_from_db()
    assert world.proposal.consensus_rule == ConsensusRule.NO_OBJECTION  # history is not rewritten


def test_vote_cast_and_change_are_audited(world):
    vote, created = services.vote_cast(actor=world.voters[1], item=world.proposal, choice="consent")
    assert created
    vote, created = services.vote_cast(
        actor=world.voters[1], item=world.proposal, choice="objection", note="Doppelförderung"
    )
    assert not created and Vote.objects.get(agenda_item=world.proposal).choice == "objection"
    entries = list(audit_entries_for(vote).order_by("id"))
    assert [e.action for e in entries] == [AuditEntry.Action.VOTE, AuditEntry.Action.VOTE]
    assert entries[0].changes["choice"] == [None, "consent"]
    assert entries[1].changes == {
        "choice": ["consent", "objection"],
        "note": ["", "Doppelförderung"],
    }
    assert entries[1].actor == world.voters[1] and entries[1].alliance == world.a
    # the same vote again changes nothing and logs nothing
    services.vote_cast(
        actor=world.voters[1], item=world.proposal, choice="objection", note="Doppelförderung"
    )
    assert audit_entries_for(vote).count() == 2


def test_conflicted_member_can_only_abstain(world):
    services.conflict_declare(
        actor=world.voters[1], item=world.proposal, reason="Mein Arbeitgeber beantragt"
    )
    for choice in ("consent", "objection"):
        with pytest.raises(ValidationError) as error:
            services.vote_cast(actor=world.voters[1], item=world.proposal, choice=choice)
        assert "Befangenheit" in error.value.message_dict["choice"][0]
    assert not Vote.objects.filter(agenda_item=world.proposal).exists()
    vote, _ = services.vote_cast(actor=world.voters[1], item=world.proposal, choice="abstention")
    assert vote.choice == "abstention"


def test_declaring_a_conflict_after_voting_turns_the_vote_into_abstention(world):
    vote, _ = services.vote_cast(actor=world.voters[1], item=world.proposal, choice="consent")
    conflict = services.conflict_declare(
        actor=world.voters[1], item=world.proposal, reason="Vorstand"
    )
    vote.refresh_from_db()
    assert vote.choice == "abstention"
    update = audit_entries_for(vote).filter(action=AuditEntry.Action.UPDATE).get()
    assert update.changes["choice"] == ["consent", "abstention"]
    declare = audit_entries_for(conflict).get()
    assert declare.action == AuditEntry.Action.DECLARE and declare.changes == {"reason": "Vorstand"}
    with pytest.raises(ValidationError, match="bereits eine Befangenheit"):
        services.conflict_declare(actor=world.voters[1], item=world.proposal, reason="nochmal")


def test_conflict_needs_a_reason(world):
    with pytest.raises(ValidationError) as error:
        services.conflict_declare(actor=world.voters[1], item=world.proposal, reason="   ")
    assert error.value.message_dict == {"reason": ["Grund fehlt."]}
    assert not ConflictOfInterest.objects.filter(agenda_item=world.proposal).exists()


def test_only_steering_members_vote_and_declare(world):
    for user in (
        world.users["member"],
        world.users["coordination"],
        world.users["admin"],
        world.users["outsider"],
        world.users["applicant"],
    ):
        with pytest.raises(PermissionDenied):
            services.vote_cast(actor=user, item=world.proposal, choice="consent")
        with pytest.raises(PermissionDenied):
            services.conflict_declare(actor=user, item=world.proposal, reason="x")
    assert not Vote.objects.filter(agenda_item=world.proposal).exists()


def test_only_managers_create_edit_and_close(world):
    for user in (world.users["member"], world.users["outsider"], world.users["applicant"]):
        with pytest.raises(PermissionDenied):
            services.meeting_create(
                actor=user, alliance=world.a, title="X", date=dt.date(2025, 1, 1)
            )
        with pytest.raises(PermissionDenied):
            services.agenda_item_create(actor=user, meeting=world.spring_meeting, title="X")
        with pytest.raises(PermissionDenied):
            services.agenda_item_close(actor=user, item=world.proposal)
    # the coordination office manages without voting
    services.agenda_item_update(
        actor=world.users["coordination"],
        item=world.proposal,
        title="Neu",
        description="",
        position=3,
    )
    assert AgendaItem.objects.get(pk=world.proposal.pk).position == 3


def test_close_stores_outcome_audits_and_freezes(world):
    services.vote_cast(actor=world.voters[0], item=world.proposal, choice="consent")
    services.vote_cast(actor=world.voters[1], item=world.proposal, choice="abstention")
    result = services.agenda_item_close(actor=world.users["coordination"], item=world.proposal)
    item = AgendaItem.objects.get(pk=world.proposal.pk)
    assert result.outcome == item.outcome == "adopted"
    assert item.status == "decided" and item.decided_by == world.users["coordination"]
    assert item.decided_at is not None
    assert [m["username"] for m in item.decision_record["members"]] == [
        "steuerung-a",
        "steuerung-a2",
        "steuerung-a3",
    ]
    assert item.decision_record["tally"]["consent"] == 1
    assert item.decision_record["tally"]["not_voted"] == ["Carla Weiß"]
    decide = audit_entries_for(item).get(action=AuditEntry.Action.DECIDE)
    assert decide.changes["outcome"] == ["", "adopted"]
    assert decide.changes["consensus_rule"] == "no_objection"
    # frozen: no vote, change, conflict, edit or second close
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.vote_cast(actor=world.voters[2], item=item, choice="objection")
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.vote_cast(actor=world.voters[0], item=item, choice="objection")
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.conflict_declare(actor=world.voters[0], item=item, reason="zu spät")
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.agenda_item_update(
            actor=world.voters[0], item=item, title="x", description="", position=1
        )
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.agenda_item_close(actor=world.voters[0], item=item)
    assert Vote.objects.filter(agenda_item=item).count() == 2
    assert audit_entries_for(item).filter(action=AuditEntry.Action.DECIDE).count() == 1


def test_stale_object_cannot_slip_past_the_freeze(world):
    """A caller holding an old copy (status still "open") is checked against the locked row."""
    stale = AgendaItem.objects.get(pk=world.proposal.pk)
    services.vote_cast(actor=world.voters[0], item=world.proposal, choice="consent")
    services.agenda_item_close(actor=world.voters[0], item=world.proposal)
    assert stale.status == "open"
    with pytest.raises(ValidationError):
        services.vote_cast(actor=world.voters[1], item=stale, choice="objection")


def test_unanimity_close_names_missing_members(world):
    world.a.consensus_rule = ConsensusRule.UNANIMITY
    world.a.save()
    item = services.agenda_item_create(
        actor=world.voters[0], meeting=world.spring_meeting, title="Streng"
    )
    services.vote_cast(actor=world.voters[0], item=item, choice="consent")
    with pytest.raises(ValidationError) as error:
        services.agenda_item_close(actor=world.voters[0], item=item)
    assert "Es fehlt das Votum von: Bernd Öztürk, Carla Weiß." in error.value.messages[0]
    assert AgendaItem.objects.get(pk=item.pk).is_open
    assert not audit_entries_for(item).filter(action=AuditEntry.Action.DECIDE).exists()
    services.vote_cast(actor=world.voters[1], item=item, choice="consent")
    services.conflict_declare(actor=world.voters[2], item=item, reason="befangen")
    assert services.agenda_item_close(actor=world.voters[0], item=item).outcome == "adopted"


def test_invalid_input_writes_neither_record_nor_audit(world):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.meeting_create(
            actor=world.voters[0], alliance=world.a, title="x" * 201, date=dt.date(2025, 1, 1)
        )
    with pytest.raises(ValidationError, match="Titel fehlt"):
        services.agenda_item_create(actor=world.voters[0], meeting=world.spring_meeting, title=" ")
    assert AuditEntry.objects.count() == before


def test_item_trail_gathers_item_votes_and_conflicts(world):
    services.vote_cast(actor=world.voters[0], item=world.proposal, choice="consent")
    services.vote_cast(actor=world.voters[1], item=world.proposal, choice="objection")
    services.conflict_declare(actor=world.voters[1], item=world.proposal, reason="Vorstand")
    services.agenda_item_close(actor=world.voters[0], item=world.proposal)
    actions = [entry.action for entry in item_trail(item=world.proposal)]
    # newest first: decide, vote→abstention, declaration, two votes, creation
    assert actions == ["decide", "update", "declare", "vote", "vote", "create"]
    assert not item_trail(item=world.item_b).filter(actor=world.voters[0]).exists()


def test_meeting_update_audits_only_changes(world):
    services.meeting_update(
        actor=world.voters[1],
        meeting=world.spring_meeting,
        title="Frühjahrssitzung",
        date=dt.date(2025, 4, 2),
    )
    entry = audit_entries_for(world.spring_meeting).get(action=AuditEntry.Action.UPDATE)
    assert entry.changes == {"date": ["2025-03-31", "2025-04-02"], "location": ["Aurich", ""]}
