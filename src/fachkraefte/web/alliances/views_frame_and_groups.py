"""Action fields and priorities (public records, managed by the steering group) and project
groups with their experts (internal records)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fachkraefte.web.alliances import rules, services
from fachkraefte.web.alliances.access import internal_alliance, managed_alliance
from fachkraefte.web.alliances.forms import (
    ActionFieldForm,
    ExpertForm,
    PriorityForm,
    ProjectGroupForm,
)
from fachkraefte.web.alliances.models import ActionField, Expert, Priority, ProjectGroup
from fachkraefte.web.core import tables
from fachkraefte.web.core.form_pages import form_page


@dataclass(frozen=True)
class Kind:
    """One kind of record the alliance keeps as an ordered or plain list."""

    model: type
    form: type
    fields: tuple[str, ...]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    keyword: str  # the services' keyword for the instance
    singular: Any
    with_alliance: bool  # the form needs the alliance (for its choices)


KINDS = {
    "handlungsfeld": Kind(
        ActionField,
        ActionFieldForm,
        ("title", "description"),
        services.action_field_create,
        services.action_field_update,
        services.action_field_delete,
        "action_field",
        gettext_lazy("Handlungsfeld"),
        False,
    ),
    "schwerpunkt": Kind(
        Priority,
        PriorityForm,
        ("title", "action_field", "description"),
        services.priority_create,
        services.priority_update,
        services.priority_delete,
        "priority",
        gettext_lazy("Schwerpunkt"),
        True,
    ),
    "projektgruppe": Kind(
        ProjectGroup,
        ProjectGroupForm,
        ("name", "action_field", "topic"),
        services.project_group_create,
        services.project_group_update,
        services.project_group_delete,
        "project_group",
        gettext_lazy("Projektgruppe"),
        True,
    ),
}
INTERNAL_KINDS = {"projektgruppe"}


def _form(kind: Kind, alliance: Any, data: Any = None, **kwargs: Any):
    if kind.with_alliance:
        kwargs["alliance"] = alliance
    return kind.form(data, prefix=kind.keyword, **kwargs)


def _back(kind_name: str, alliance: Any) -> str:
    name = "alliances:project_groups" if kind_name in INTERNAL_KINDS else "alliances:strategy_frame"
    return reverse(name, args=[alliance.slug])


@login_required
def strategy_frame(request: HttpRequest, slug: str) -> HttpResponse:
    """Managing the action fields and priorities (the public page shows them)."""
    alliance = managed_alliance(request.user, slug, internal=False)
    return _frame_page(request, alliance)


def _frame_page(request: HttpRequest, alliance: Any, forms: dict | None = None, status=200):
    forms = forms or {}
    context = {
        "alliance": alliance,
        "action_fields": alliance.action_fields.all(),
        "priorities": alliance.priorities.select_related("action_field"),
        "field_form": forms.get("handlungsfeld") or _form(KINDS["handlungsfeld"], alliance),
        "priority_form": forms.get("schwerpunkt") or _form(KINDS["schwerpunkt"], alliance),
    }
    return render(request, "alliances/strategy_frame.html", context, status=status)


def _check(request: HttpRequest, slug: str, kind_name: str):
    if kind_name not in KINDS:
        raise Http404
    return managed_alliance(request.user, slug, internal=kind_name in INTERNAL_KINDS)


@login_required
@require_POST
def item_create(request: HttpRequest, slug: str, kind_name: str) -> HttpResponse:
    alliance = _check(request, slug, kind_name)
    kind = KINDS[kind_name]
    form = _form(kind, alliance, request.POST)
    if form.is_valid():
        try:
            item = kind.create(
                actor=request.user,
                alliance=alliance,
                **{name: form.cleaned_data[name] for name in kind.fields},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(kind)s „%(item)s“ angelegt.") % {"kind": kind.singular, "item": item}
            )
            return redirect(_back(kind_name, alliance))
    if kind_name in INTERNAL_KINDS:
        return _groups_page(request, alliance, group_form=form, status=400)
    return _frame_page(request, alliance, {kind_name: form}, status=400)


@login_required
def item_edit(request: HttpRequest, slug: str, kind_name: str, pk: int) -> HttpResponse:
    alliance = _check(request, slug, kind_name)
    kind = KINDS[kind_name]
    item = get_object_or_404(kind.model, pk=pk, alliance=alliance)
    form = _form(kind, alliance, request.POST or None, instance=item)
    return form_page(
        request,
        form,
        "alliances/item_form.html",
        {
            "alliance": alliance,
            "form": form,
            "title": _("%(kind)s bearbeiten") % {"kind": kind.singular},
            "cancel_url": _back(kind_name, alliance),
        },
        save=lambda: kind.update(
            actor=request.user,
            **{kind.keyword: item},
            **{name: form.cleaned_data[name] for name in kind.fields},
        ),
        message=_("Die Änderungen sind gespeichert."),
        then=_back(kind_name, alliance),
    )


@login_required
def item_delete(request: HttpRequest, slug: str, kind_name: str, pk: int) -> HttpResponse:
    alliance = _check(request, slug, kind_name)
    kind = KINDS[kind_name]
    item = get_object_or_404(kind.model, pk=pk, alliance=alliance)
    if request.method == "POST":
        kind.delete(actor=request.user, **{kind.keyword: item})
        messages.success(
            request, _("%(kind)s „%(item)s“ gelöscht.") % {"kind": kind.singular, "item": item}
        )
        return redirect(_back(kind_name, alliance))
    return render(
        request,
        "alliances/confirm_delete.html",
        {
            "alliance": alliance,
            "title": _("%(kind)s löschen") % {"kind": kind.singular},
            "question": _("Soll „%(item)s“ gelöscht werden?") % {"item": item},
            "consequences": _("Verweise darauf (z. B. von Selbstverpflichtungen) werden geleert.")
            if kind_name != "projektgruppe"
            else _("Die benannten Fachleute der Gruppe werden mit gelöscht."),
            "button": _("Endgültig löschen"),
            "cancel_url": _back(kind_name, alliance),
        },
    )


@login_required
@require_POST
def item_move(request: HttpRequest, slug: str, kind_name: str, pk: int) -> HttpResponse:
    if kind_name not in {"handlungsfeld", "schwerpunkt"}:
        raise PermissionDenied
    alliance = _check(request, slug, kind_name)
    item = get_object_or_404(KINDS[kind_name].model, pk=pk, alliance=alliance)
    step = -1 if request.POST.get("richtung") == "hoch" else 1
    services.position_move(actor=request.user, item=item, step=step)
    return redirect(_back(kind_name, alliance) + f"#{kind_name}-{item.pk}")


EXPERT_COLUMNS = [
    tables.Column("name", gettext_lazy("Name"), lambda e: e.name, "name"),
    tables.Column("expertise", gettext_lazy("Fachgebiet"), lambda e: e.expertise, "expertise"),
    tables.Column(
        "group",
        gettext_lazy("Projektgruppe"),
        lambda e: e.project_group.name,
        "project_group__name",
    ),
    tables.Column(
        "organisation",
        gettext_lazy("benannt von"),
        lambda e: e.nominated_by.organisation.name,
        "nominated_by__organisation__name",
    ),
]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _groups_page(request: HttpRequest, alliance: Any, group_form=None, status=200):
    """Project groups, and all their named experts in one sortable, filterable table."""
    manage = rules.can_manage(request.user, alliance)
    groups = alliance.project_groups.select_related("action_field").annotate(
        expert_count=Count("experts")
    )
    group, membership = _int(request.GET.get("gruppe")), _int(request.GET.get("mitglied"))
    experts = Expert.objects.filter(project_group__alliance=alliance).select_related(
        "project_group", "nominated_by__organisation"
    )
    if group:
        experts = experts.filter(project_group_id=group)
    if membership:
        experts = experts.filter(nominated_by_id=membership)
    result = tables.table(
        request, EXPERT_COLUMNS, experts, default="group", filename=f"fachleute-{alliance.slug}"
    )
    if isinstance(result, HttpResponse):
        return result
    for expert in result["page"]:
        expert.may_withdraw = rules.can_nominate_expert(request.user, alliance, expert.nominated_by)
    context = {
        "alliance": alliance,
        "groups": groups,
        "memberships": alliance.memberships.select_related("organisation").order_by(
            "organisation__name"
        ),
        "group": group,
        "membership": membership,
        "can_manage": manage,
        "can_nominate": rules.can_nominate_expert(request.user, alliance, None),
        "group_form": group_form or (_form(KINDS["projektgruppe"], alliance) if manage else None),
        **result,
    }
    return render(request, "alliances/project_groups.html", context, status=status)


@login_required
def project_groups(request: HttpRequest, slug: str) -> HttpResponse:
    return _groups_page(request, internal_alliance(request.user, slug))


def _nominating_memberships(user: Any, alliance: Any):
    if rules.can_manage(user, alliance):
        return alliance.memberships.all()
    return rules.speaks_for(user, alliance)


@login_required
def expert_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    alliance = internal_alliance(request.user, slug)
    if not rules.can_nominate_expert(request.user, alliance, None):
        raise PermissionDenied
    group = get_object_or_404(ProjectGroup, pk=pk, alliance=alliance)
    form = ExpertForm(
        request.POST or None, memberships=_nominating_memberships(request.user, alliance)
    )
    return form_page(
        request,
        form,
        "alliances/item_form.html",
        {
            "alliance": alliance,
            "form": form,
            "title": _("Fachleute für „%(group)s“ benennen") % {"group": group.name},
            "cancel_url": reverse("alliances:project_groups", args=[alliance.slug]),
        },
        save=lambda: services.expert_create(
            actor=request.user, project_group=group, **form.cleaned_data
        ),
        message=lambda _saved: (
            _("%(name)s ist für %(group)s benannt.")
            % {"name": form.cleaned_data["name"], "group": group.name}
        ),
        then=reverse("alliances:project_groups", args=[alliance.slug]),
    )


@login_required
def expert_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    alliance = internal_alliance(request.user, slug)
    expert = get_object_or_404(
        Expert.objects.select_related("project_group"), pk=pk, project_group__alliance=alliance
    )
    if not rules.can_nominate_expert(request.user, alliance, expert.nominated_by):
        raise PermissionDenied
    if request.method == "POST":
        services.expert_delete(actor=request.user, expert=expert)
        messages.success(request, _("%(name)s ist nicht mehr benannt.") % {"name": expert.name})
        return redirect("alliances:project_groups", alliance.slug)
    return render(
        request,
        "alliances/confirm_delete.html",
        {
            "alliance": alliance,
            "title": _("Benennung zurückziehen"),
            "question": _("Soll %(name)s nicht mehr für „%(group)s“ benannt sein?")
            % {"name": expert.name, "group": expert.project_group.name},
            "consequences": "",
            "button": _("Benennung zurückziehen"),
            "cancel_url": reverse("alliances:project_groups", args=[alliance.slug]),
        },
    )
