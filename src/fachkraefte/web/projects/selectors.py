"""Reads of projects: the lists (mine, my alliances', the office's), budget and outcome tables;
each holds only what ``rules.may_view`` lets the user open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.rules import internal_alliances
from fachkraefte.web.outcomes.models import OutcomeResult
from fachkraefte.web.projects.models import Project

RELATED = ("programme", "alliance", "proposal")
SCOPES = ("mine", "alliance", "all")


def _own(user: Any) -> Q:
    return Q(proposal__applicant=user) | Q(people__user=user)


def projects_visible(*, user: Any) -> QuerySet[Project]:
    """Every project ``user`` may open, as one query."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    if is_coordination(user):
        return Project.objects.select_related(*RELATED)
    ids = Project.objects.filter(_own(user) | Q(alliance__in=internal_alliances(user))).values("pk")
    return Project.objects.filter(pk__in=ids).select_related(*RELATED)


def project_scopes(*, user: Any) -> list[str]:
    """The lists the user has: their own, their alliances' and (the office) all."""
    scopes = ["mine"]
    if internal_alliances(user).exists() and not is_coordination(user):
        scopes.append("alliance")
    if is_coordination(user):
        scopes.append("all")
    return scopes


def projects_list(
    *, user: Any, scope: str = "mine", status: str = "", year: int | None = None, alliance: str = ""
) -> QuerySet[Project]:
    items = projects_visible(user=user)
    if scope == "mine":
        own = Project.objects.filter(_own(user)).values("pk") if user.is_authenticated else []
        items = items.filter(pk__in=own)
    elif scope == "alliance":
        items = items.filter(alliance__in=internal_alliances(user))
    if status:
        items = items.filter(status=status)
    if year:
        items = items.filter(funding_year=year)
    if alliance:
        items = items.filter(alliance__slug=alliance)
    return items


@dataclass(frozen=True)
class OutcomeRow:
    what: str
    occupation: str
    district: str
    year: int
    planned: int
    achieved: int


def project_outcomes(*, project: Project) -> list[OutcomeRow]:
    """Planned against achieved results, one row per result, occupation, district and year."""
    sums = (
        OutcomeResult.objects.filter(project=project)
        .values("what", "occupation", "district__name", "year", "kind")
        .annotate(total=Sum("count"))
        .order_by("year", "occupation", "what")
    )
    rows: dict[tuple, dict[str, int]] = {}
    for entry in sums:
        key = (entry["what"], entry["occupation"], entry["district__name"] or "", entry["year"])
        rows.setdefault(key, {"planned": 0, "achieved": 0})[entry["kind"]] += entry["total"]
    return [
        OutcomeRow(*key, planned=value["planned"], achieved=value["achieved"])
        for key, value in rows.items()
    ]


def project_years(*, projects: QuerySet[Project]) -> list[int]:
    return sorted(set(projects.values_list("funding_year", flat=True)), reverse=True)
