"""A project's milestones and responsible people: add, edit, mark reached, remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fachkraefte.web.core.form_pages import add_errors
from fachkraefte.web.projects import rules, services
from fachkraefte.web.projects.forms import MilestoneForm, PersonForm
from fachkraefte.web.projects.models import Milestone, ProjectPerson
from fachkraefte.web.projects.views import project_for


def _may_edit_milestones(request: HttpRequest, project) -> None:
    if not rules.may_edit_milestones(request.user, project):
        raise PermissionDenied(services.MILESTONE_DENIED)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_form(request: HttpRequest, pk: int, milestone_pk: int | None = None) -> HttpResponse:
    project = project_for(request, pk)
    _may_edit_milestones(request, project)
    milestone = (
        get_object_or_404(Milestone, pk=milestone_pk, project=project) if milestone_pk else None
    )
    initial = (
        {"title": milestone.title, "due_on": milestone.due_on, "note": milestone.note}
        if milestone
        else None
    )
    form = MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if milestone is None:
                services.milestone_add(project=project, actor=request.user, **form.cleaned_data)
            else:
                services.milestone_edit(
                    milestone=milestone, actor=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Der Meilenstein ist gespeichert."))
            return redirect(project)
    status = 400 if request.method == "POST" else 200
    context = {"project": project, "form": form, "milestone": milestone}
    return render(request, "projects/milestone_form.html", context, status=status)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """Mark reached today (``reopen`` in the body: not reached after all)."""
    project = project_for(request, pk)
    _may_edit_milestones(request, project)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, project=project)
    done_on = None if request.POST.get("reopen") else timezone.localdate()
    services.milestone_done(milestone=milestone, actor=request.user, done_on=done_on)
    messages.success(request, _("Der Meilenstein ist aktualisiert."))
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    if not rules.may_edit_people(request.user, project):
        raise PermissionDenied(services.PEOPLE_DENIED)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_add(project=project, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Die Person ist eingetragen."))
            return redirect("projects:people", project.pk)
    status = 400 if request.method == "POST" else 200
    context = {"project": project, "form": form, "people": project.people.select_related("user")}
    return render(request, "projects/people.html", context, status=status)


@login_required
@require_POST
def person_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    project = project_for(request, pk)
    if not rules.may_edit_people(request.user, project):
        raise PermissionDenied(services.PEOPLE_DENIED)
    person = get_object_or_404(ProjectPerson, pk=person_pk, project=project)
    try:
        services.person_remove(person=person, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Person ist ausgetragen."))
    return redirect("projects:people", project.pk)
