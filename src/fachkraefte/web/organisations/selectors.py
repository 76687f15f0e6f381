"""Reads of organisations and representatives, scoped by what the reader may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import Organisation, PartnerCategory, Representative

PICKER_LIMIT = 50


def visible_representatives(*, user: Any) -> QuerySet[Representative]:
    """Representatives ``user`` may see (``rules.can_view_representatives``, for lists and counts)."""
    if is_coordination(user):
        return Representative.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Representative.objects.none()
    return Representative.objects.filter(
        Q(organisation__memberships__alliance__roles__user=user)
        | Q(organisation__representatives__user=user)
    ).distinct()


def organisation_search(
    *,
    query: str = "",
    land: str = "",
    category: str = "",
    exclude_alliance: Any = None,
    limit: int = PICKER_LIMIT,
) -> QuerySet[Organisation]:
    """Organisations for a picker: by name (or Kreis name), filtered by Land (AGS of the Land) and
    partner category; those already members of ``exclude_alliance`` left out."""
    organisations = Organisation.objects.select_related("region").order_by("name")
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(region__name__icontains=query)
        )
    if land:
        organisations = organisations.filter(region__land=land)
    if category in PartnerCategory.values:
        organisations = organisations.filter(category=category)
    if exclude_alliance is not None:
        organisations = organisations.exclude(memberships__alliance=exclude_alliance)
    return organisations[:limit]


def organisation_lands() -> QuerySet[Region]:
    """The Länder that have organisations (for the picker's Land filter)."""
    lands = Organisation.objects.exclude(region=None).values("region__land")
    return Region.objects.filter(level=Region.Level.LAND, ags__in=lands).order_by("name")
