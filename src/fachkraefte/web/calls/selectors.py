"""Reads of calls: the public list (open, upcoming or past), the drafts a user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance, AllianceRole
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.models import Region

S = Call.Status
# The list's status filter: what a visitor means, not the stored status alone.
OPEN, PAST, DRAFTS = "offen", "beendet", "entwuerfe"


def drafts_visible(*, user: Any) -> QuerySet[Call]:
    """Drafts of the office (all) or of the alliances the user steers."""
    drafts = Call.objects.filter(status=S.DRAFT)
    if is_coordination(user):
        return drafts
    if not getattr(user, "is_authenticated", False):
        return drafts.none()
    steered = AllianceRole.objects.filter(user=user, kind=AllianceRole.Kind.STEERING)
    return drafts.filter(alliance__in=steered.values("alliance"))


def drafting_alliances(*, user: Any) -> QuerySet[Alliance]:
    """The alliances ``user`` may draft calls for: all for the office, else those they steer."""
    if not getattr(user, "is_authenticated", False):
        return Alliance.objects.none()
    alliances = Alliance.objects.select_related("programme").order_by("name")
    if is_coordination(user):
        return alliances
    steered = AllianceRole.objects.filter(user=user, kind=AllianceRole.Kind.STEERING)
    return alliances.filter(pk__in=steered.values("alliance"))


def calls_visible(*, user: Any) -> QuerySet[Call]:
    """Every call ``user`` may open: the published and closed ones and their drafts."""
    return Call.objects.filter(
        Q(status__in=[S.PUBLISHED, S.CLOSED]) | Q(pk__in=drafts_visible(user=user).values("pk"))
    )


def call_list(
    *,
    user: Any,
    status: str = OPEN,
    land: str = "",
    programme: str = "",
    target_group: str = "",
    today: dt.date | None = None,
) -> QuerySet[Call]:
    """Calls for the list page: open (published, not yet past their closing date, also those
    that open soon), past (closed or past their date), or the user's drafts."""
    today = today or dt.date.today()
    calls = Call.objects.select_related("programme__land", "alliance")
    if status == DRAFTS:
        calls = calls.filter(pk__in=drafts_visible(user=user).values("pk"))
    elif status == PAST:
        calls = calls.filter(Q(status=S.CLOSED) | Q(status=S.PUBLISHED, closes_on__lt=today))
    else:
        calls = calls.filter(status=S.PUBLISHED).filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=today)
        )
    if land:
        # The programme's Land, or where the alliance works (programmes without a Land).
        in_land = Q(programme__land_id=land) | Q(alliance__districts__land=land)
        calls = calls.filter(pk__in=Call.objects.filter(in_land).values("pk"))
    if programme:
        calls = calls.filter(programme__slug=programme)
    if target_group:
        # JSON "contains" is not available on SQLite: the lists are short, filter here.
        calls = calls.filter(
            pk__in=[
                pk
                for pk, groups in calls.values_list("pk", "target_groups")
                if target_group in groups
            ]
        )
    return calls


def call_detail(*, slug: str, user: Any) -> Call | None:
    return (
        calls_visible(user=user)
        .select_related("programme__land", "alliance", "earmark", "programme__funding_terms")
        .prefetch_related("action_fields", "priorities", "districts", "documents", "criteria")
        .filter(slug=slug)
        .first()
    )


def call_lands(*, calls: QuerySet[Call]) -> QuerySet:
    """The Länder of ``calls``, for the list's filter."""
    codes = set(calls.exclude(programme__land=None).values_list("programme__land_id", flat=True))
    codes |= set(calls.values_list("alliance__districts__land", flat=True)) - {None}
    return Region.objects.filter(level=Region.Level.LAND, ags__in=codes).order_by("name")
