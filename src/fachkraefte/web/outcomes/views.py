"""Outcome pages: a report's participants and results (form, template, import) and the effect
of a project's and an alliance's outcomes on the projected gap.

Each view asks ``outcomes.rules`` before it reads any input. The effect is never computed here:
a page shows the stored result for the current forecast run, or queues its computation and
shows "wird berechnet" with the task's progress (refreshed by HTMX).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core.exports import export_response
from fachkraefte.web.outcomes import rules, selectors, services
from fachkraefte.web.outcomes.forms import (
    ImportForm,
    ParticipantFormSet,
    ResultFormSet,
    filled_rows,
)
from fachkraefte.web.outcomes.models import GapEffect
from fachkraefte.web.outcomes.presentation import effect_context
from fachkraefte.web.outcomes.template_file import COLUMNS, template_rows
from fachkraefte.web.projects.models import Project
from fachkraefte.web.reporting.models import Report

POLL_SECONDS = 3


def _report_for(request: HttpRequest, report_pk: int) -> Report:
    report = get_object_or_404(
        Report.objects.select_related("project__alliance", "project__proposal"), pk=report_pk
    )
    if not rules.may_view_report_outcomes(request.user, report):
        raise Http404
    return report


def _formsets(report: Report, data: Any = None) -> tuple[Any, Any]:
    rows = selectors.report_outcomes(report=report)
    participants = [
        {"target_group": p.target_group, "sex": p.sex, "count": p.count}
        for p in rows["participants"]
    ]
    results = [
        {
            "what": r.what,
            "count": r.count,
            "occupation": r.occupation,
            "district": r.district_id or "",
            "year": r.year,
        }
        for r in rows["results"]
    ]
    return (
        ParticipantFormSet(data, initial=participants, prefix="tn"),
        ResultFormSet(data, initial=results, prefix="er"),
    )


def _report_page(
    request: HttpRequest, report: Report, *, forms: tuple | None = None, upload=None, status=200
) -> HttpResponse:
    editable = rules.may_edit_report_outcomes(request.user, report)
    context: dict[str, Any] = {
        "report": report,
        "project": report.project,
        "editable": editable,
        **selectors.report_outcomes(report=report),
    }
    if editable:
        participant_forms, result_forms = forms or _formsets(report)
        context.update(
            {
                "participant_forms": participant_forms,
                "result_forms": result_forms,
                "import_form": upload or ImportForm(),
            }
        )
    return render(request, "outcomes/report.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_outcomes(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = _report_for(request, report_pk)
    if request.method == "GET":
        return _report_page(request, report)
    if not rules.may_edit_report_outcomes(request.user, report):
        raise PermissionDenied(_("Die Ergebnisse dieses Berichts sind nicht änderbar."))
    forms = _formsets(report, request.POST)
    if not all(f.is_valid() for f in forms):
        return _report_page(request, report, forms=forms, status=400)
    services.report_outcomes_replace(
        actor=request.user,
        report=report,
        participants=filled_rows(forms[0]),
        results=filled_rows(forms[1]),
    )
    messages.success(request, _("Die Ergebnisse wurden gespeichert."))
    return redirect("outcomes:report", report_pk=report.pk)


@login_required
def report_template(request: HttpRequest, report_pk: int, fmt: str) -> HttpResponse:
    """The template filled with the report's current rows (empty report: headers only)."""
    report = _report_for(request, report_pk)
    rows = selectors.report_outcomes(report=report)
    return export_response(
        fmt,
        COLUMNS,
        template_rows(rows["participants"], rows["results"]),
        filename=f"ergebnisse-bericht-{report.pk}",
        title="Ergebnisse",
    )


@login_required
@require_POST
def report_import(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = _report_for(request, report_pk)
    if not rules.may_edit_report_outcomes(request.user, report):
        raise PermissionDenied(_("Die Ergebnisse dieses Berichts sind nicht änderbar."))
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _report_page(request, report, upload=form, status=400)
    task = services.outcomes_import_submit(
        actor=request.user, report=report, uploaded=form.cleaned_data["file"]
    )
    return redirect("tasks:detail", task_id=task.pk)


PROJECT_KINDS = (GapEffect.Kind.PLANNED, GapEffect.Kind.ACHIEVED)


def effect_page_context(request: HttpRequest, subject: str, subject_id: int) -> dict[str, Any]:
    """What ``outcomes/_gap_effect.html`` needs (also for the project page's include)."""
    states = services.gap_effects_requested(
        subject=subject, subject_id=subject_id, kinds=PROJECT_KINDS
    )
    effects = [effect_context(state, lang=request.LANGUAGE_CODE) for state in states]
    return {
        "effects": effects,
        "pending": any(e["state"].status == "pending" for e in effects),
        "poll_seconds": POLL_SECONDS,
        "refresh_url": request.path + "?teil=1",
    }


def _effect_page(
    request: HttpRequest, template: str, context: dict[str, Any], subject: str, subject_id: int
) -> HttpResponse:
    context = {**context, **effect_page_context(request, subject, subject_id)}
    if request.GET.get("teil") == "1":
        response = render(request, "outcomes/_gap_effect.html", context)
        response["Cache-Control"] = "no-store"
        return response
    return render(request, template, context)


@login_required
def project_effect(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.select_related("alliance", "proposal"), pk=project_pk
    )
    if not rules.may_view_project_outcomes(request.user, project):
        raise Http404
    return _effect_page(
        request,
        "outcomes/effect.html",
        {"project": project, "totals": selectors.project_outcome_totals(project=project)},
        GapEffect.Subject.PROJECT,
        project.pk,
    )


@login_required
def alliance_effect(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = get_object_or_404(Alliance, slug=slug)
    if not rules.may_view_alliance_effect(request.user, alliance):
        raise Http404
    projects = alliance.projects.filter(status__in=selectors.COUNTED_PROJECTS)
    return _effect_page(
        request,
        "outcomes/alliance_effect.html",
        {"alliance": alliance, "projects": projects},
        GapEffect.Subject.ALLIANCE,
        alliance.pk,
    )
