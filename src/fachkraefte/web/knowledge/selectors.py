"""Reads of the catalogue: the public lists with their filters, an entry for its page, its
audit trail, and the measures elsewhere (in given districts, or for an occupation group)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge.models import Curation, GoodPractice, Measure

PUBLIC, MINE = "oeffentlich", "bearbeitung"


def _kept(model: type, user: Any) -> QuerySet:
    """Entries ``user`` keeps: all for the office, else those of the alliances they belong to."""
    if is_coordination(user):
        return model.objects.all()
    if not getattr(user, "is_authenticated", False):
        return model.objects.none()
    member_of = AllianceRole.objects.filter(user=user).values("alliance")
    return model.objects.filter(alliance__in=member_of)


def entries_visible(*, model: type, user: Any) -> QuerySet:
    """Every entry ``user`` may open: the published ones and those they keep."""
    return model.objects.filter(
        Q(state=Curation.PUBLISHED) | Q(pk__in=_kept(model, user).values("pk"))
    )


def has_kept_entries(*, model: type, user: Any) -> bool:
    return _kept(model, user).exclude(state=Curation.PUBLISHED).exists()


def _with_code(queryset: QuerySet, field: str, value: str, *, prefix: bool = False) -> QuerySet:
    """Entries whose JSON list ``field`` holds ``value`` (a code prefix with ``prefix``).
    JSON "contains" is not available on SQLite; the lists are short, so this filters here."""
    if not value:
        return queryset
    keep = [
        pk
        for pk, codes in queryset.values_list("pk", field)
        if any((str(c).startswith(value) if prefix else c == value) for c in codes or [])
    ]
    return queryset.filter(pk__in=keep)


def measure_list(
    *,
    user: Any,
    scope: str = PUBLIC,
    land: str = "",
    district: str = "",
    action_area: str = "",
    target_group: str = "",
    occupation: str = "",
    activity: str = "",
) -> QuerySet[Measure]:
    if scope == MINE:
        measures = _kept(Measure, user).exclude(state=Curation.PUBLISHED)
    else:
        measures = Measure.objects.filter(state=Curation.PUBLISHED)
    measures = measures.select_related("land", "origin_project")
    if land:
        measures = measures.filter(
            pk__in=Measure.objects.filter(Q(land_id=land) | Q(districts__land=land)).values("pk")
        )
    if district:
        measures = measures.filter(districts=district)
    if activity:
        measures = measures.filter(activity=activity)
    measures = _with_code(measures, "action_areas", action_area)
    measures = _with_code(measures, "target_groups", target_group)
    return _with_code(measures, "occupations", occupation, prefix=True)


def practice_list(
    *,
    user: Any,
    scope: str = PUBLIC,
    land: str = "",
    district: str = "",
    sector: str = "",
    action_area: str = "",
) -> QuerySet[GoodPractice]:
    if scope == MINE:
        practices = _kept(GoodPractice, user).exclude(state=Curation.PUBLISHED)
    else:
        practices = GoodPractice.objects.filter(state=Curation.PUBLISHED)
    practices = practices.select_related("district")
    if land:
        practices = practices.filter(district__land=land)
    if district:
        practices = practices.filter(district_id=district)
    if sector:
        practices = practices.filter(sector=sector)
    return _with_code(practices, "action_areas", action_area)


def measure_detail(*, slug: str, user: Any) -> Measure | None:
    return (
        entries_visible(model=Measure, user=user)
        .select_related("land", "alliance", "origin_project")
        .prefetch_related("districts")
        .filter(slug=slug)
        .first()
    )


def practice_detail(*, slug: str, user: Any) -> GoodPractice | None:
    return (
        entries_visible(model=GoodPractice, user=user)
        .select_related("district", "alliance")
        .filter(slug=slug)
        .first()
    )


def entry_trail(*, entry: Measure | GoodPractice) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(entry)), object_id=str(entry.pk)
    ).order_by("-created_at", "-id")


def catalogue_lands() -> QuerySet[Region]:
    """The Länder with a published measure or good practice, for the lists' filter."""
    published = Measure.objects.filter(state=Curation.PUBLISHED)
    codes = set(published.exclude(land=None).values_list("land_id", flat=True))
    codes |= set(published.values_list("districts__land", flat=True)) - {None}
    codes |= set(
        GoodPractice.objects.filter(state=Curation.PUBLISHED).values_list(
            "district__land", flat=True
        )
    )
    return Region.objects.filter(level=Region.Level.LAND, ags__in=codes).order_by("name")


def measures_in_districts(*, ags_list: list[str]) -> dict[str, list[Any]]:
    """What runs in the districts ``ags_list`` ("Voneinander lernen"): published measures
    (funded projects' entries among them) and good practices, each list by title."""
    measures = (
        Measure.objects.filter(state=Curation.PUBLISHED, districts__in=ags_list)
        .select_related("land", "origin_project")
        .prefetch_related("districts")
        .distinct()
        .order_by("title", "pk")
    )
    practices = GoodPractice.objects.filter(
        state=Curation.PUBLISHED, district__in=ags_list
    ).select_related("district")
    return {"measures": list(measures), "practices": list(practices)}


def measures_for_occupation(*, kldb3: str, limit: int = 20) -> list[Measure]:
    """Published measures that address the occupation group ``kldb3`` (or a finer code in it)."""
    measures = Measure.objects.filter(state=Curation.PUBLISHED).prefetch_related("districts")
    return list(_with_code(measures, "occupations", kldb3, prefix=True).order_by("title")[:limit])
