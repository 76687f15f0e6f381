"""The public record under /gefoerderte-projekte/: list, map and a page per funded project.

Public, no login; each view asks ``transparency.rules`` first. Only the public fields of a
project reach these pages (see ``public.py``); internal notes, people, reviews and payment
requests are never read here.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.reports import maps
from fachkraefte.web.alliances.models import ActionField, Alliance
from fachkraefte.web.core import tables
from fachkraefte.web.core.models import Region
from fachkraefte.web.monitor.svgmap import shapes_for
from fachkraefte.web.outcomes.models import ParticipantCount
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats.selectors import target_group_label
from fachkraefte.web.projects.models import Project
from fachkraefte.web.transparency import rules, selectors
from fachkraefte.web.transparency.public import PUBLIC_COLUMNS, filters_from

# Fixed class limits, so a map reads the same from one year to the next.
MEASURES = {
    "projekte": (
        gettext_lazy("Anzahl Projekte"),
        maps.Breaks((1, 5, 10, 25), ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")),
    ),
    "betrag": (
        gettext_lazy("bewilligte Mittel (EUR)"),
        maps.Breaks(
            (1, 250_000, 1_000_000, 2_500_000),
            ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"),
        ),
    ),
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


def _euro(value: Decimal) -> str:
    return number_format(value, 0, force_grouping=True) + " €"


def project_map(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    filters = filters_from(request.GET)
    measure = request.GET.get("zeigen", "")
    if measure not in MEASURES:
        measure = "projekte"
    label, breaks = MEASURES[measure]
    projects = selectors.public_projects(filters=filters)
    lands = selectors.project_lands(projects=projects) or selectors.project_lands(
        projects=selectors.public_projects()
    )
    totals = selectors.district_totals(projects=projects, lands=lands)
    params = {k: v for k, v in request.GET.items() if k not in {"zeigen", "kreis", "page"}}
    districts = []
    if totals:
        by_ags = {total.ags: total for total in totals}
        for shape in shapes_for(sorted(by_ags)).shapes:
            total = by_ags[shape.ags]
            value = total.projects if measure == "projekte" else float(total.amount)
            klass = maps.classify(value, breaks)
            fill = breaks.colours[klass] if klass is not None else maps.MISSING_COLOUR
            figures = [
                (_("Projekte"), number_format(total.projects, 0, force_grouping=True)),
                (_("bewilligt"), _euro(total.amount)),
            ]
            districts.append(
                {
                    "ags": shape.ags,
                    "name": total.name,
                    "d": shape.d,
                    "fill": fill,
                    "figures": figures,
                    "aria_label": f"{total.name}: " + "; ".join(f"{k} {v}" for k, v in figures),
                    "url": reverse("transparency:list") + tables.query(params, kreis=shape.ags),
                }
            )
        view_box = shapes_for(sorted(by_ags)).view_box
    else:
        view_box = "0 0 10 10"
    legend = []
    for index, colour in enumerate(breaks.colours):
        low = breaks.bounds[index - 1] if index else 0
        high = breaks.bounds[index] if index < len(breaks.bounds) else None
        text = (
            _("%(low)s und mehr") % {"low": number_format(low, 0, force_grouping=True)}
            if high is None
            else _("%(low)s bis unter %(high)s")
            % {
                "low": number_format(low, 0, force_grouping=True),
                "high": number_format(high, 0, force_grouping=True),
            }
        )
        legend.append({"colour": colour, "label": text})
    context = {
        "filters": filters,
        "measure": measure,
        "measure_label": label,
        "measures": [(key, value[0]) for key, value in MEASURES.items()],
        "map_districts": districts,
        "totals": totals,
        "view_box": view_box,
        "legend": legend,
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
