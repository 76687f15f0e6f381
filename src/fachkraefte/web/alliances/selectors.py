"""Reads for the alliance pages and API (writes are in ``services``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext, ngettext

from fachkraefte.geo.region import CITY_KINDS
from fachkraefte.web.alliances.models import Alliance, Commitment, Membership
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.core.models import Region
from fachkraefte.web.programmes.composition import (
    Candidate,
    CompositionStatus,
    SeatRule,
    composition_status,
)


def alliance_list(
    *, land: str | None = None, programme: str | None = None, search: str | None = None
) -> QuerySet[Alliance]:
    """Alliances with their member count; ``land`` is a Land AGS, ``programme`` a slug."""
    alliances = Alliance.objects.select_related("programme").annotate(
        member_count=Count("memberships", distinct=True)
    )
    if land:
        alliances = alliances.filter(districts__land=land)
    if programme:
        alliances = alliances.filter(programme__slug=programme)
    if search:
        alliances = alliances.filter(
            Q(name__icontains=search) | Q(districts__name__icontains=search)
        )
    return alliances.distinct()


def alliance_lands(alliance: Alliance) -> list[Region]:
    codes = sorted({district.land for district in alliance.districts.all()})
    return list(Region.objects.filter(ags__in=codes))


def lands_with_alliances() -> QuerySet[Region]:
    codes = Region.objects.filter(alliances__isnull=False).values("land")
    return Region.objects.filter(level=Region.Level.LAND, ags__in=codes).order_by("name")


def seat_rules(programme: Any) -> list[SeatRule]:
    return [
        SeatRule(
            key=rule.pk,
            label=rule.label,
            categories=tuple(rule.categories),
            min_count=rule.min_count,
            min_inhabitants=rule.min_inhabitants,
            required=rule.required,
            district_towns=rule.district_towns,
        )
        for rule in programme.composition_rules.all()
    ]


def rural_districts(alliance: Alliance) -> set[str]:
    """AGS of the alliance's districts that have kreisangehörige towns (not kreisfreie Städte)."""
    return {
        district.ags
        for district in alliance.districts.all()
        if district.level == Region.Level.KREIS and district.kind not in CITY_KINDS
    }


def alliance_composition(*, alliance: Alliance) -> CompositionStatus | None:
    """The composition status under the alliance's programme; None without rules."""
    if alliance.programme is None:
        return None
    rules = seat_rules(alliance.programme)
    if not rules:
        return None
    members = [
        Candidate(
            key=membership.pk,
            name=membership.organisation.name,
            category=membership.organisation.category,
            inhabitants=membership.organisation.inhabitants,
            region=membership.organisation.region_id,
        )
        for membership in alliance.memberships.select_related("organisation")
    ]
    return composition_status(rules, members, districts=rural_districts(alliance))


def composition_summary(*, alliance: Alliance) -> str:
    """One line for lists and exports: "vollständig", "2 Pflichtsitze fehlen", or "" without
    composition rules."""
    status = alliance_composition(alliance=alliance)
    if status is None:
        return ""
    if status.complete:
        return gettext("vollständig")
    return ngettext(
        "%(count)d Pflichtsitz fehlt", "%(count)d Pflichtsitze fehlen", status.missing_required
    ) % {"count": status.missing_required}


def member_list(*, alliance: Alliance) -> QuerySet[Membership]:
    return alliance.memberships.select_related("organisation", "organisation__region").order_by(
        "organisation__name"
    )


def commitment_list(
    *,
    alliance: Alliance,
    status: str | None = None,
    membership: int | None = None,
    action_field: int | None = None,
) -> QuerySet[Commitment]:
    commitments = alliance.commitments.select_related("membership__organisation", "action_field")
    if status:
        commitments = commitments.filter(status=status)
    if membership:
        commitments = commitments.filter(membership_id=membership)
    if action_field:
        commitments = commitments.filter(action_field_id=action_field)
    return commitments


def alliance_audit_trail(*, alliance: Alliance) -> QuerySet[AuditEntry]:
    """Entries recorded for the alliance (its bodies, strategy, commitments, decisions)."""
    return AuditEntry.objects.filter(alliance=alliance).select_related("content_type")


def roles_of_user(*, user: Any) -> QuerySet[Any]:
    """The person's roles, one per alliance, with the organisation they speak for."""
    from fachkraefte.web.alliances.models import AllianceRole

    return (
        AllianceRole.objects.filter(user=user)
        .select_related("alliance", "membership__organisation")
        .order_by("alliance__name")
    )


def commitments_of_speaker(*, user: Any) -> QuerySet[Commitment]:
    """Commitments still to be met (planned, in progress) of the organisations ``user`` speaks
    for (role seat or representative) in alliances where the person holds a role; the
    earliest due date first, undated ones last."""
    from django.db.models import F

    spoken_for = Q(membership__roles__user=user) | Q(
        membership__organisation__representatives__user=user
    )
    return (
        Commitment.objects.filter(spoken_for, alliance__roles__user=user)
        .filter(status__in=[Commitment.Status.PLANNED, Commitment.Status.IN_PROGRESS])
        .select_related("alliance", "membership__organisation")
        .distinct()
        .order_by(F("due_on").asc(nulls_last=True), "title", "id")
    )
