"""Reads of the public record: the funded projects with only their public fields, filtered.

Every project is past its funding decision, so every project is listed (``rules``). The
achieved outcomes come as a subquery per project, so filtering by district (a join over the
districts) never multiplies the sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from fachkraefte.web.core.models import Region
from fachkraefte.web.outcomes.models import OutcomeResult, ParticipantCount
from fachkraefte.web.projects.models import Project

ZERO = Decimal("0.00")


def _achieved() -> Subquery:
    sums = (
        OutcomeResult.objects.filter(project=OuterRef("pk"), kind=OutcomeResult.Kind.ACHIEVED)
        .values("project")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(sums, output_field=IntegerField()), Value(0))


@dataclass(frozen=True)
class PublicFilters:
    programme: str = ""
    alliance: str = ""
    district: str = ""
    year: int | None = None
    action_field: int | None = None
    status: str = ""
    text: str = ""


def public_projects(*, filters: PublicFilters | None = None) -> QuerySet[Project]:
    """The public list, with ``outcomes_achieved`` per project; ``filters`` narrow it."""
    filters = filters or PublicFilters()
    projects = (
        Project.objects.select_related("programme", "alliance", "action_field", "priority")
        .prefetch_related("districts")
        .annotate(outcomes_achieved=_achieved())
    )
    if filters.programme:
        projects = projects.filter(programme__slug=filters.programme)
    if filters.alliance:
        projects = projects.filter(alliance__slug=filters.alliance)
    if filters.district:
        projects = projects.filter(districts__ags=filters.district)
    if filters.year is not None:
        projects = projects.filter(funding_year=filters.year)
    if filters.action_field is not None:
        projects = projects.filter(action_field_id=filters.action_field)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.text:
        projects = projects.filter(
            Q(title__icontains=filters.text) | Q(recipient__icontains=filters.text)
        )
    return projects.distinct()


def public_project(*, pk: int) -> Project | None:
    return public_projects().filter(pk=pk).first()


@dataclass
class DistrictTotal:
    ags: str
    name: str
    projects: int = 0
    amount: Decimal = ZERO


def district_totals(*, projects: QuerySet[Project], lands: list[str]) -> list[DistrictTotal]:
    """Projects and approved amounts per district of ``lands`` (a project counts in each of its
    districts with its full amount); districts without projects are listed with zero."""
    totals = {
        region.ags: DistrictTotal(region.ags, region.name)
        for region in Region.objects.filter(level=Region.Level.KREIS, land__in=lands)
    }
    rows = (
        Project.districts.through.objects.filter(project__in=projects.values("pk"))
        .values_list("region_id")
        .annotate(count=Sum(Value(1)), amount=Sum("project__approved_amount"))
        .values_list("region_id", "count", "amount")
    )
    for ags, count, amount in rows:
        if ags in totals:
            totals[ags].projects = count
            totals[ags].amount = amount or ZERO
    return sorted(totals.values(), key=lambda total: total.ags)


def project_lands(*, projects: QuerySet[Project]) -> list[str]:
    return sorted(
        set(
            Region.objects.filter(projects__in=projects.values("pk")).values_list("land", flat=True)
        )
    )


def participant_totals(*, project: Project) -> list[dict]:
    """Participants per target group and sex: counts only, never persons."""
    return list(
        ParticipantCount.objects.filter(project=project)
        .values("target_group", "sex")
        .annotate(total=Sum("count"))
        .order_by("target_group", "sex")
    )


def outcome_rows(*, project: Project) -> QuerySet[OutcomeResult]:
    return OutcomeResult.objects.filter(project=project).select_related("district")
