"""Reads of meetings, agenda items, votes and their audit trail (writes are in ``services``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from fachkraefte.web.alliances.models import Alliance, AllianceRole
from fachkraefte.web.alliances.rules import internal_alliances
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.decisions import consensus
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest, Meeting, Vote


def person_name(user: Any) -> str:
    """The name shown in tallies and minutes: the full name where there is one."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def steering_members(*, alliance: Alliance) -> list[Any]:
    """The alliance's steering-group members (users), ordered by username."""
    return list(
        get_user_model()
        .objects.filter(
            alliance_roles__alliance=alliance, alliance_roles__kind=AllianceRole.Kind.STEERING
        )
        .order_by("username")
    )


def voting_member(*, alliance: Alliance, username: str) -> Any | None:
    """The steering-group member of ``alliance`` with this username, or None."""
    return (
        get_user_model()
        .objects.filter(
            username=username,
            alliance_roles__alliance=alliance,
            alliance_roles__kind=AllianceRole.Kind.STEERING,
        )
        .first()
    )


def meeting_list(
    *, alliance: Alliance, period: str = "all", today: dt.date | None = None, order: str = "-date"
) -> QuerySet[Meeting]:
    """The alliance's meetings with item counts; ``period`` is "all", "upcoming" or "past"."""
    today = today or dt.date.today()
    meetings = Meeting.objects.filter(alliance=alliance).annotate(
        item_count=Count("agenda_items", distinct=True),
        open_count=Count(
            "agenda_items",
            filter=Q(agenda_items__status=AgendaItem.Status.OPEN),
            distinct=True,
        ),
    )
    if period == "upcoming":
        meetings = meetings.filter(date__gte=today)
    elif period == "past":
        meetings = meetings.filter(date__lt=today)
    return meetings.order_by(order, "id")


def visible_meetings(*, user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(alliance__in=internal_alliances(user)).select_related("alliance")


def visible_agenda_items(*, user: Any) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting__alliance__in=internal_alliances(user)).select_related(
        "meeting__alliance", "decided_by"
    )


def visible_votes(*, user: Any) -> QuerySet[Vote]:
    return Vote.objects.filter(
        agenda_item__meeting__alliance__in=internal_alliances(user)
    ).select_related("agenda_item", "user")


def visible_conflicts(*, user: Any) -> QuerySet[ConflictOfInterest]:
    return ConflictOfInterest.objects.filter(
        agenda_item__meeting__alliance__in=internal_alliances(user)
    ).select_related("agenda_item", "user")


def item_consensus(*, item: AgendaItem) -> consensus.ConsensusResult:
    """The rule applied to the item's current votes, conflicts and steering group."""
    alliance = item.meeting.alliance
    members = [
        consensus.Member(key=user.pk, name=person_name(user))
        for user in steering_members(alliance=alliance)
    ]
    votes = dict(Vote.objects.filter(agenda_item=item).values_list("user_id", "choice"))
    conflicts = set(
        ConflictOfInterest.objects.filter(agenda_item=item).values_list("user_id", flat=True)
    )
    return consensus.decide(
        rule=item.consensus_rule, members=members, votes=votes, conflicts=conflicts
    )


@dataclass(frozen=True)
class VoteRow:
    """One line of an item's vote table: a steering member (or a former one who voted)."""

    username: str
    name: str
    choice: str  # "" where the person has not voted
    choice_label: str
    note: str
    conflicted: bool
    conflict_reason: str
    cast_at: dt.datetime | None
    # who recorded the conflict where that was someone else (steering group, coordination office)
    conflict_recorded_by: str = ""


def item_vote_rows(*, item: AgendaItem) -> list[VoteRow]:
    """Every steering member's vote on ``item``; for a decided item the members of that day."""
    votes = {vote.user.get_username(): vote for vote in item.votes.select_related("user")}
    conflicts = {
        conflict.user.get_username(): conflict
        for conflict in item.conflicts.select_related("user", "recorded_by")
    }
    if not item.is_open and item.decision_record.get("members"):
        people = [(m["username"], m["name"]) for m in item.decision_record["members"]]
    else:
        people = [
            (user.get_username(), person_name(user))
            for user in steering_members(alliance=item.meeting.alliance)
        ]
    known = {username for username, _ in people}
    # People who voted and have since left the group still appear, so that nothing is hidden.
    people += [
        (username, person_name(vote.user))
        for username, vote in sorted(votes.items())
        if username not in known
    ]
    rows = []
    for username, name in people:
        vote = votes.get(username)
        conflict = conflicts.get(username)
        rows.append(
            VoteRow(
                username=username,
                name=name,
                choice=vote.choice if vote else "",
                choice_label=vote.get_choice_display() if vote else "",
                note=vote.note if vote else "",
                conflicted=conflict is not None,
                conflict_reason=conflict.reason if conflict else "",
                cast_at=vote.cast_at if vote else None,
                conflict_recorded_by=(
                    person_name(conflict.recorded_by)
                    if conflict and conflict.recorded_by_id not in (None, conflict.user_id)
                    else ""
                ),
            )
        )
    return rows


def item_trail(*, item: AgendaItem) -> QuerySet[AuditEntry]:
    """Audit entries of the item, its votes and its conflicts, newest first."""
    types = ContentType.objects.get_for_models(AgendaItem, Vote, ConflictOfInterest)
    vote_ids = [str(pk) for pk in item.votes.values_list("pk", flat=True)]
    conflict_ids = [str(pk) for pk in item.conflicts.values_list("pk", flat=True)]
    return AuditEntry.objects.filter(
        Q(content_type=types[AgendaItem], object_id=str(item.pk))
        | Q(content_type=types[Vote], object_id__in=vote_ids)
        | Q(content_type=types[ConflictOfInterest], object_id__in=conflict_ids)
    ).select_related("actor")


def decision_entry(*, item: AgendaItem) -> AuditEntry | None:
    """The audit entry that recorded the item's decision (cited in the minutes)."""
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(AgendaItem),
            object_id=str(item.pk),
            action=AuditEntry.Action.DECIDE,
        )
        .order_by("-id")
        .first()
    )


def vote_export_rows(*, items: QuerySet[AgendaItem]) -> list[dict[str, Any]]:
    """One row per person and item (including those who have not voted) for CSV/XLSX."""
    rows = []
    for item in items.select_related("meeting").order_by("meeting__date", "position", "id"):
        for row in item_vote_rows(item=item):
            rows.append(
                {
                    "meeting_date": item.meeting.date,
                    "meeting": item.meeting.title,
                    "position": item.position,
                    "item": item.title,
                    "rule": item.get_consensus_rule_display(),
                    "username": row.username,
                    "name": row.name,
                    "vote": row.choice_label,
                    "note": row.note,
                    "conflict": row.conflict_reason,
                    "cast_at": row.cast_at,
                    "status": item.get_status_display(),
                    "outcome": item.get_outcome_display() if item.outcome else "",
                }
            )
    return rows


def open_items_of_user(*, user: Any) -> QuerySet[AgendaItem]:
    """Open agenda items of the alliances where ``user`` holds a role, with ``my_vote`` (the
    person's recorded choice or None), ``my_conflict`` and ``i_vote`` (steering group seat)."""
    from django.db.models import Exists, OuterRef, Subquery

    mine = Vote.objects.filter(agenda_item=OuterRef("pk"), user=user)
    return (
        AgendaItem.objects.filter(
            status=AgendaItem.Status.OPEN, meeting__alliance__roles__user=user
        )
        .annotate(
            my_vote=Subquery(mine.values("choice")[:1]),
            my_conflict=Exists(
                ConflictOfInterest.objects.filter(agenda_item=OuterRef("pk"), user=user)
            ),
            i_vote=Exists(
                AllianceRole.objects.filter(
                    alliance=OuterRef("meeting__alliance"),
                    user=user,
                    kind=AllianceRole.Kind.STEERING,
                )
            ),
        )
        .select_related("meeting__alliance")
        .order_by("meeting__date", "meeting_id", "position", "id")
    )
