"""The public record under /gefoerderte-projekte/: list, map and a page per funded project.

Public, no login; each view asks ``transparency.rules`` first. Only the public fields of a
project reach these pages (see ``public.py``); internal notes, people, reviews and payment
requests are never read here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.alliances.models import ActionField, Alliance
from fachkraefte.web.core import tables
from fachkraefte.web.core.models import Region
from fachkraefte.web.outcomes.models import ParticipantCount
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats.selectors import target_group_label
from fachkraefte.web.projects.models import Project
from fachkraefte.web.transparency import rules, selectors
from fachkraefte.web.transparency.district_map import district_map
from fachkraefte.web.transparency.public import PUBLIC_COLUMNS, filters_from

MEASURES = {
    "projekte": gettext_lazy("Anzahl Projekte"),
    "betrag": gettext_lazy("bewilligte Mittel (EUR)"),
}


def _allowed(request: HttpRequest) -> None:
    if not rules.can_view_public_record(request.user):
        raise PermissionDenied


def _choices() -> dict:
    return {
        "programmes": Programme.objects.filter(projects__isnull=False).distinct().order_by("name"),
        "alliances": Alliance.objects.filter(projects__isnull=False).distinct().order_by("name"),
        "districts": Region.objects.filter(projects__isnull=False).distinct().order_by("name"),
        "years": sorted(set(Project.objects.values_list("funding_year", flat=True)), reverse=True),
        "action_fields": ActionField.objects.filter(projects__isnull=False)
        .select_related("alliance")
        .distinct()
        .order_by("alliance__name", "position"),
        "statuses": Project.Status.choices,
    }


def project_list(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    filters = filters_from(request.GET)
    projects = selectors.public_projects(filters=filters)
    result = tables.table(
        request,
        PUBLIC_COLUMNS,
        projects,
        default="funding_year",
        default_descending=True,
        filename="gefoerderte-projekte",
    )
    if isinstance(result, HttpResponse):
        return result
    params = dict(request.GET.items())
    context = {
        "filters": filters,
        "map_query": tables.query(params, page=None, sort=None, format=None),
        **_choices(),
        **result,
    }
    return render(request, "transparency/project_list.html", context)


def project_map(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    filters = filters_from(request.GET)
    measure = request.GET.get("zeigen", "")
    if measure not in MEASURES:
        measure = "projekte"
    projects = selectors.public_projects(filters=filters)
    lands = selectors.project_lands(projects=projects) or selectors.project_lands(
        projects=selectors.public_projects()
    )
    totals = selectors.district_totals(projects=projects, lands=lands)
    params = {k: v for k, v in request.GET.items() if k not in {"zeigen", "kreis", "page"}}
    drawn = district_map(
        totals,
        by_amount=measure == "betrag",
        link=lambda ags: reverse("transparency:list") + tables.query(params, kreis=ags),
    )
    context = {
        "filters": filters,
        "measure": measure,
        "measure_label": MEASURES[measure],
        "measures": list(MEASURES.items()),
        "map": drawn,
        "totals": totals,
        **_choices(),
    }
    return render(request, "transparency/project_map.html", context)


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    project = selectors.public_project(pk=pk)
    if project is None or not rules.is_public_project(project):
        raise Http404(_("Kein solches Projekt"))
    participants = [
        {**row, "group_label": target_group_label(row["target_group"])}
        for row in selectors.participant_totals(project=project)
    ]
    sexes = dict(ParticipantCount.Sex.choices)
    for row in participants:
        row["sex_label"] = sexes.get(row["sex"], row["sex"])
    context = {
        "project": project,
        "districts": list(project.districts.all()),
        "target_groups": [target_group_label(code) for code in project.target_groups or []],
        "outcomes": selectors.outcome_rows(project=project),
        "participants": participants,
    }
    return render(request, "transparency/project_detail.html", context)
