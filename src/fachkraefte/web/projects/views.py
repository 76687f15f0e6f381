"""Project pages: the lists (mine, my alliances', the office's all), each project's page with its
next steps, and the office's "Projekt anlegen" on an approved proposal.

Who may not see a project gets 404 (its existence does not leak); who sees it but may not take
a step gets 403. Every page asks the rules before it reads the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fachkraefte.tabular import Column
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core import tables
from fachkraefte.web.core.form_pages import add_errors
from fachkraefte.web.payments import rules as payment_rules
from fachkraefte.web.projects import rules, selectors, services
from fachkraefte.web.projects.forms import BudgetForm
from fachkraefte.web.projects.models import Project
from fachkraefte.web.projects.workflows import PROJECT
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.rules import may_view as may_view_proposal
from fachkraefte.web.reporting.models import Report


def project_for(request: HttpRequest, pk: int) -> Project:
    project = get_object_or_404(Project.objects.select_related(*selectors.RELATED), pk=pk)
    if not rules.may_view(request.user, project):
        raise Http404
    return project


COLUMNS = [
    Column("title", gettext_lazy("Projekttitel"), lambda p: p.title, order_by="title"),
    Column(
        "recipient",
        gettext_lazy("Zuwendungsempfänger"),
        lambda p: p.recipient,
        order_by="recipient",
    ),
    Column(
        "alliance",
        gettext_lazy("Allianz"),
        lambda p: p.alliance.name if p.alliance_id else "",
        order_by="alliance__name",
    ),
    Column(
        "year",
        gettext_lazy("Förderjahr"),
        lambda p: p.funding_year,
        order_by="funding_year",
        numeric=True,
    ),
    Column(
        "amount",
        gettext_lazy("bewilligter Zuschuss (EUR)"),
        lambda p: p.approved_amount,
        order_by="approved_amount",
        numeric=True,
    ),
    Column("starts_on", gettext_lazy("Beginn"), lambda p: p.starts_on, order_by="starts_on"),
    Column("ends_on", gettext_lazy("Ende"), lambda p: p.ends_on, order_by="ends_on"),
    Column("status", gettext_lazy("Status"), lambda p: p.get_status_display(), order_by="status"),
]
SCOPE_LABELS = {
    "mine": gettext_lazy("Meine Projekte"),
    "alliance": gettext_lazy("Projekte meiner Allianzen"),
    "all": gettext_lazy("Alle Projekte"),
}


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) == 4 else None


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    scopes = selectors.project_scopes(user=request.user)
    scope = request.GET.get("scope", "")
    scope = scope if scope in scopes else scopes[-1]
    filters = {
        "status": request.GET.get("status", "").strip()[:20],
        "year": request.GET.get("year", "").strip()[:4],
        "alliance": request.GET.get("alliance", "").strip()[:80],
    }
    if filters["status"] not in Project.Status.values:
        filters["status"] = ""
    items = selectors.projects_list(
        user=request.user,
        scope=scope,
        status=filters["status"],
        year=_year(filters["year"]),
        alliance=filters["alliance"],
    )
    result = tables.table(
        request, COLUMNS, items, default="year", default_descending=True, filename="projekte"
    )
    if isinstance(result, HttpResponse):
        return result
    visible = selectors.projects_visible(user=request.user)
    context = {
        **result,
        "scope": scope,
        "scopes": [(key, SCOPE_LABELS[key]) for key in scopes],
        "filters": filters,
        "statuses": Project.Status.choices,
        "years": selectors.project_years(projects=visible),
        "alliances": Alliance.objects.filter(pk__in=visible.values("alliance")).order_by("name"),
        "may_see_overdue": rules.is_office(request.user) or len(scopes) > 1,
    }
    return render(request, "projects/list.html", context)


def detail_context(request: HttpRequest, project: Project) -> dict:
    user = request.user
    lines = list(project.budget_lines.all())
    return {
        "project": project,
        "next_steps": PROJECT.next_steps(user, project),
        "milestones": project.milestones.all(),
        "people": project.people.select_related("user"),
        "budget_lines": lines,
        "budget_total": sum((line.amount for line in lines), 0),
        "reports": Report.objects.filter(project=project).order_by("due_on"),
        "outcomes": selectors.project_outcomes(project=project),
        "districts": project.districts.order_by("name"),
        "may_edit_budget": rules.may_edit_budget(user, project),
        "may_edit_milestones": rules.may_edit_milestones(user, project),
        "may_edit_people": rules.may_edit_people(user, project),
        "may_see_note": rules.may_see_internal_note(user, project),
        "may_view_money": payment_rules.may_view_money(user, project),
    }


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    return render(request, "projects/detail.html", detail_context(request, project))


@login_required
@require_POST
def project_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """A status step (field ``status``). Who may take no step gets 403, an undeclared step 400."""
    project = project_for(request, pk)
    if not PROJECT.allowed(request.user, project):
        raise PermissionDenied(_("Den Status eines Projekts ändert die Koordinierungsstelle."))
    try:
        services.project_transition(
            project=project, actor=request.user, to=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        project.refresh_from_db()
        return render(request, "projects/detail.html", detail_context(request, project), status=400)
    project.refresh_from_db()
    messages.success(
        request,
        _("%(title)s: %(status)s.")
        % {"title": project.title, "status": project.get_status_display()},
    )
    return redirect(project)


@login_required
@require_POST
def project_create(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    """The office's "Projekt anlegen" on an approved proposal; a second click opens the project."""
    proposal = get_object_or_404(Proposal.objects.select_related("call"), pk=proposal_pk)
    if not may_view_proposal(request.user, proposal):
        raise Http404
    existing = Project.objects.filter(proposal=proposal).first()
    if existing is not None and rules.may_view(request.user, existing):
        return redirect(existing)
    if not rules.may_create_from(request.user, proposal):
        raise PermissionDenied(
            _("Projekte legt die Koordinierungsstelle aus befürworteten Anträgen an.")
        )
    try:
        project = services.project_create_from_proposal(proposal=proposal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(proposal)
    messages.success(request, _("Das Projekt ist angelegt."))
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def project_budget(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    if not rules.may_edit_budget(request.user, project):
        raise PermissionDenied(
            _(
                "Den Finanzplan ändert die Koordinierungsstelle, solange das Projekt in Vorbereitung ist."
            )
        )
    current = {line.cost_type: line.amount for line in project.budget_lines.all()}
    form = BudgetForm(request.POST or None, initial_amounts=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_budget_set(project=project, actor=request.user, amounts=form.amounts())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Der Finanzplan ist gespeichert."))
            return redirect(project)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "projects/budget.html", {"project": project, "form": form}, status=status
    )
