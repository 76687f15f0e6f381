"""Writes of meetings, agenda items, votes, conflicts and decisions, each with its audit entry.

Every function runs in one transaction and records what it changed (``audit.services``). The
permission rules are checked here too, so that the UI and the API cannot differ: a caller that
skipped its own check gets ``PermissionDenied``. Rules of the procedure (a conflicted member may
only abstain; nothing changes after the decision) raise ``ValidationError`` with a German message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.alliances.rules import can_vote
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, diff, snapshot
from fachkraefte.web.decisions import consensus, rules
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest, Meeting, Vote
from fachkraefte.web.decisions.selectors import item_consensus, person_name, steering_members
from fachkraefte.web.decisions.workflows import AGENDA_ITEM_WORKFLOW, DECIDED
from fachkraefte.web.proposals.decisions import proposals_carry_out_decision

MEETING_FIELDS = ("title", "date", "location")
ITEM_FIELDS = ("position", "title", "description", "consensus_rule")


def meeting_require_manager(*, actor: Any, alliance: Alliance) -> None:
    """The one refusal of everyone but the steering group and the coordination office."""
    if not rules.may_manage_meetings(actor, alliance):
        raise PermissionDenied(
            _("Nur die Steuerungsgruppe und die Koordinierungsstelle dürfen das ändern.")
        )


def vote_require_voter(*, actor: Any, item: AgendaItem) -> None:
    """Votes and own conflicts: steering-group members only (the state is checked later, 400)."""
    if not can_vote(actor, item.meeting.alliance):
        raise PermissionDenied(_("Nur Mitglieder der Steuerungsgruppe stimmen ab."))


def conflict_require_recorder(*, actor: Any, item: AgendaItem) -> None:
    if not rules.may_manage_meetings(actor, item.meeting.alliance):
        raise PermissionDenied(
            _(
                "Nur die Steuerungsgruppe und die Koordinierungsstelle stellen die Befangenheit "
                "anderer fest."
            )
        )


def _require_manager(actor: Any, alliance: Alliance) -> None:
    meeting_require_manager(actor=actor, alliance=alliance)


def _text(value: str | None, *, field: str, label: str, max_length: int, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("%(label)s fehlt.") % {"label": label}})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("%(label)s ist zu lang: höchstens %(max)d Zeichen, nicht %(n)d.")
                % {"label": label, "max": max_length, "n": len(text)}
            }
        )
    return text


def _locked_open_item(item: AgendaItem) -> AgendaItem:
    """The item's row, locked until the transaction ends; votes and closing queue up behind it."""
    # of=("self",): lock the item only, not the joined meeting and alliance rows (PostgreSQL).
    locked = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__alliance")
        .get(pk=item.pk)
    )
    if not locked.is_open:
        raise ValidationError(
            _(
                "Über „%(item)s“ wurde bereits entschieden; Voten, Befangenheiten und der "
                "Text können nicht mehr geändert werden."
            )
            % {"item": locked}
        )
    return locked


@transaction.atomic
def meeting_create(
    *, actor: Any, alliance: Alliance, title: str, date: dt.date, location: str = ""
) -> Meeting:
    _require_manager(actor, alliance)
    meeting = Meeting.objects.create(
        alliance=alliance,
        title=_text(title, field="title", label=_("Titel"), max_length=200, required=True),
        date=date,
        location=_text(location, field="location", label=_("Ort"), max_length=200, required=False),
    )
    audit_record(
        actor=actor,
        instance=meeting,
        action=AuditEntry.Action.CREATE,
        changes=snapshot(meeting, MEETING_FIELDS),
        alliance=alliance,
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, actor: Any, meeting: Meeting, title: str, date: dt.date, location: str = ""
) -> Meeting:
    _require_manager(actor, meeting.alliance)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = snapshot(meeting, MEETING_FIELDS)
    meeting.title = _text(title, field="title", label=_("Titel"), max_length=200, required=True)
    meeting.date = date
    meeting.location = _text(
        location, field="location", label=_("Ort"), max_length=200, required=False
    )
    changes = diff(before, snapshot(meeting, MEETING_FIELDS))
    if changes:
        meeting.save()
        audit_record(
            actor=actor,
            instance=meeting,
            action=AuditEntry.Action.UPDATE,
            changes=changes,
            alliance=meeting.alliance,
        )
    return meeting


@transaction.atomic
def agenda_item_create(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    description: str = "",
    position: int | None = None,
) -> AgendaItem:
    """A new open item; the consensus rule is copied from the alliance as it is today."""
    alliance = meeting.alliance
    _require_manager(actor, alliance)
    if position is None:
        highest = meeting.agenda_items.aggregate(highest=Max("position"))["highest"]
        position = (highest or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        title=_text(title, field="title", label=_("Titel"), max_length=200, required=True),
        description=_text(
            description,
            field="description",
            label=_("Beschlussvorlage"),
            max_length=20_000,
            required=False,
        ),
        consensus_rule=alliance.consensus_rule,
    )
    audit_record(
        actor=actor,
        instance=item,
        action=AuditEntry.Action.CREATE,
        changes=snapshot(item, ITEM_FIELDS),
        alliance=alliance,
    )
    return item


@transaction.atomic
def agenda_item_update(
    *, actor: Any, item: AgendaItem, title: str, description: str = "", position: int
) -> AgendaItem:
    _require_manager(actor, item.meeting.alliance)
    item = _locked_open_item(item)
    before = snapshot(item, ITEM_FIELDS)
    item.title = _text(title, field="title", label=_("Titel"), max_length=200, required=True)
    item.description = _text(
        description,
        field="description",
        label=_("Beschlussvorlage"),
        max_length=20_000,
        required=False,
    )
    item.position = position
    changes = diff(before, snapshot(item, ITEM_FIELDS))
    if changes:
        item.save()
        audit_record(
            actor=actor,
            instance=item,
            action=AuditEntry.Action.UPDATE,
            changes=changes,
            alliance=item.meeting.alliance,
        )
    return item


@transaction.atomic
def vote_cast(*, actor: Any, item: AgendaItem, choice: str, note: str = "") -> tuple[Vote, bool]:
    """Record or change the actor's own vote; returns (vote, created).

    A member who declared a conflict of interest may only abstain.
    """
    vote_require_voter(actor=actor, item=item)
    if choice not in Vote.Choice.values:
        raise ValidationError(
            {"choice": _("Bitte wählen Sie Zustimmung, Einwand oder Enthaltung.")}
        )
    note = _text(note, field="note", label=_("Begründung"), max_length=500, required=False)
    item = _locked_open_item(item)
    alliance = item.meeting.alliance
    if choice != Vote.Choice.ABSTENTION and not rules.may_vote(actor, item):
        raise ValidationError(
            {
                "choice": _(
                    "Sie haben für „%(item)s“ eine Befangenheit erklärt und können sich nur "
                    "enthalten."
                )
                % {"item": item}
            }
        )
    vote = Vote.objects.filter(agenda_item=item, user=actor).first()
    if vote is None:
        vote = Vote.objects.create(agenda_item=item, user=actor, choice=choice, note=note)
        audit_record(
            actor=actor,
            instance=vote,
            action=AuditEntry.Action.VOTE,
            changes={"choice": [None, choice], "note": [None, note]},
            alliance=alliance,
        )
        return vote, True
    before = snapshot(vote, ("choice", "note"))
    vote.choice, vote.note = choice, note
    changes = diff(before, snapshot(vote, ("choice", "note")))
    if changes:
        vote.save()
        audit_record(
            actor=actor,
            instance=vote,
            action=AuditEntry.Action.VOTE,
            changes=changes,
            alliance=alliance,
        )
    return vote, False


@transaction.atomic
def conflict_declare(*, actor: Any, item: AgendaItem, reason: str) -> ConflictOfInterest:
    """Declare the actor's conflict of interest; a consent or objection already cast becomes an
    abstention, and that change is logged as well."""
    vote_require_voter(actor=actor, item=item)
    return _conflict_create(actor=actor, item=item, member=actor, reason=reason)


@transaction.atomic
def conflict_record(
    *, actor: Any, item: AgendaItem, member: Any, reason: str
) -> ConflictOfInterest:
    """Record ("Befangenheit feststellen") the conflict of a voting member of the steering group,
    on behalf of the steering group or the coordination office. The member's consent or objection
    becomes an abstention exactly as with their own declaration; the audit entry names the actor
    and the person concerned. ``member`` None (unknown person) is refused like a non-member."""
    alliance = item.meeting.alliance
    conflict_require_recorder(actor=actor, item=item)
    if member is None or not can_vote(member, alliance):
        raise ValidationError(
            {
                "user": _(
                    "Befangenheit kann nur für Mitglieder der Steuerungsgruppe festgestellt werden."
                )
            }
        )
    if member.pk == getattr(actor, "pk", None):
        return conflict_declare(actor=actor, item=item, reason=reason)
    return _conflict_create(actor=actor, item=item, member=member, reason=reason)


def _conflict_create(
    *, actor: Any, item: AgendaItem, member: Any, reason: str
) -> ConflictOfInterest:
    """The conflict of ``member`` on ``item``, with its audit entries; called in a transaction."""
    own = member.pk == actor.pk
    reason = _text(reason, field="reason", label=_("Grund"), max_length=300, required=True)
    item = _locked_open_item(item)
    alliance = item.meeting.alliance
    if rules.has_conflict(member, item):
        if own:
            message = _("Sie haben für „%(item)s“ bereits eine Befangenheit erklärt.")
        else:
            message = _("Für %(person)s ist zu „%(item)s“ bereits eine Befangenheit vermerkt.")
        raise ValidationError(message % {"item": item, "person": person_name(member)})
    conflict = ConflictOfInterest.objects.create(
        agenda_item=item, user=member, reason=reason, recorded_by=actor
    )
    changes: dict[str, Any] = {"reason": reason}
    if not own:
        changes["person"] = member.get_username()
    audit_record(
        actor=actor,
        instance=conflict,
        action=AuditEntry.Action.DECLARE,
        changes=changes,
        alliance=alliance,
    )
    vote = Vote.objects.filter(agenda_item=item, user=member).first()
    if vote is not None and vote.choice != Vote.Choice.ABSTENTION:
        previous = vote.choice
        vote.choice = Vote.Choice.ABSTENTION
        vote.save()
        vote_changes: dict[str, Any] = {
            "choice": [previous, Vote.Choice.ABSTENTION.value],
            "grund": _("Befangenheit erklärt: Votum in Enthaltung umgewandelt")
            if own
            else _("Befangenheit festgestellt: Votum in Enthaltung umgewandelt"),
        }
        if not own:
            vote_changes["person"] = member.get_username()
        audit_record(
            actor=actor,
            instance=vote,
            action=AuditEntry.Action.UPDATE,
            changes=vote_changes,
            alliance=alliance,
        )
    return conflict


@transaction.atomic
def agenda_item_close(*, actor: Any, item: AgendaItem) -> consensus.ConsensusResult:
    """Compute the outcome by the item's rule, store and audit it; the item is frozen afterwards.

    Raises ``ValidationError`` naming who still has to vote where the rule does not allow closing.
    """
    _require_manager(actor, item.meeting.alliance)
    item = _locked_open_item(item)
    alliance = item.meeting.alliance
    result = item_consensus(item=item)
    if not result.can_close:
        raise ValidationError(result.reasons[0])
    item.outcome = result.outcome
    item.decided_at = timezone.now()
    item.decided_by = actor
    item.decision_record = {
        "rule": item.consensus_rule,
        "members": [
            {"username": user.get_username(), "name": person_name(user)}
            for user in steering_members(alliance=alliance)
        ],
        "tally": result.tally.as_dict(),
        "reasons": list(result.reasons),
    }
    AGENDA_ITEM_WORKFLOW.transition(
        actor,
        item,
        DECIDED,
        action=AuditEntry.Action.DECIDE,
        changes={
            "outcome": ["", result.outcome],
            "consensus_rule": item.consensus_rule,
            "tally": result.tally.as_dict(),
            "reasons": list(result.reasons),
        },
    )
    # Proposals on the item move (and their money is committed) in this same transaction: a
    # commitment the budget cannot cover fails the close, and the item stays open.
    proposals_carry_out_decision(actor=actor, item=item)
    return result


def agenda_item_transition(*, actor: Any, item: AgendaItem, to: str) -> AgendaItem:
    """Move an item along ``AGENDA_ITEM_WORKFLOW``; undeclared steps and unauthorised people are
    refused by the table before anything else is looked at."""
    steps = {DECIDED: agenda_item_close}
    transition = AGENDA_ITEM_WORKFLOW.check(actor, item, to)
    steps[transition.target](actor=actor, item=item)
    item.refresh_from_db()
    return item
