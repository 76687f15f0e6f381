"""Programme pages: the public list and detail with the composition rules, and the editor of the
coordination office (programme and seats in one form, every change audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.core import tables
from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.programmes import services
from fachkraefte.web.programmes.forms import ProgrammeForm, RuleFormSet
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.rules import can_edit_programmes
from fachkraefte.web.programmes.workflow_diagram import programme_workflow, workflow_diagram

PROGRAMME_COLUMNS = [
    tables.Column("name", gettext_lazy("Programm"), lambda p: p.name, "name"),
    tables.Column(
        "land", gettext_lazy("Land"), lambda p: p.land.name if p.land else "", "land__name"
    ),
    tables.Column(
        "rules",
        gettext_lazy("Zusammensetzungsregeln"),
        lambda p: p.rule_count,
        "rule_count",
        True,
    ),
    tables.Column(
        "alliances", gettext_lazy("Allianzen"), lambda p: p.alliance_count, "alliance_count", True
    ),
]


def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.select_related("land").annotate(
        alliance_count=Count("alliances", distinct=True),
        rule_count=Count("composition_rules", distinct=True),
    )
    lands = Region.objects.filter(programmes__isnull=False).distinct().order_by("name")
    land = request.GET.get("land", "").strip()
    search = request.GET.get("q", "").strip()
    if land:
        programmes = programmes.filter(land_id=land)
    if search:
        programmes = programmes.filter(Q(name__icontains=search) | Q(description__icontains=search))
    result = tables.table(
        request, PROGRAMME_COLUMNS, programmes, default="name", filename="programme"
    )
    if isinstance(result, HttpResponse):
        return result
    context = {
        "lands": lands,
        "land": land,
        "search": search,
        "can_edit": can_edit_programmes(request.user),
        **result,
    }
    return render(request, "programmes/programme_list.html", context)


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(
        Programme.objects.select_related("land", "funding_terms"), slug=slug
    )
    terms, workflow = programme_workflow(programme)
    labels = dict(PartnerCategory.choices)
    rules = [
        {"rule": rule, "categories": [labels.get(c, c) for c in rule.categories]}
        for rule in programme.composition_rules.all()
    ]
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "rules": rules,
            "alliances": programme.alliances.order_by("name"),
            "can_edit": can_edit_programmes(request.user),
            "terms": terms,
            "diagram": workflow_diagram(workflow) if workflow else None,
        },
    )


def _save(request: HttpRequest, form: ProgrammeForm, formset, programme: Programme | None):
    """Programme and seats in one transaction through the services (each change audited)."""
    data = {name: form.cleaned_data[name] for name in ProgrammeForm.Meta.fields}
    with transaction.atomic():
        if programme is None:
            programme = services.programme_create(actor=request.user, **data)
        else:
            programme = services.programme_update(actor=request.user, programme=programme, **data)
        for rule_form in formset.forms:
            if not hasattr(rule_form, "cleaned_data") or not rule_form.cleaned_data:
                continue
            rule = rule_form.instance if rule_form.instance.pk else None
            values = {name: rule_form.cleaned_data[name] for name in services.RULE_FIELDS}
            if rule_form.cleaned_data.get("DELETE"):
                if rule is not None:
                    services.rule_delete(actor=request.user, rule=rule)
            elif rule is None:
                services.rule_create(actor=request.user, programme=programme, **values)
            elif rule_form.has_changed():
                services.rule_update(actor=request.user, rule=rule, **values)
    return programme


@login_required
def programme_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Create (``slug`` None) or edit a programme with its composition rules."""
    if not can_edit_programmes(request.user):
        raise PermissionDenied
    programme = get_object_or_404(Programme, slug=slug) if slug else None
    form = ProgrammeForm(request.POST or None, instance=programme)
    formset = RuleFormSet(request.POST or None, instance=programme or Programme(), prefix="sitz")
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                saved = _save(request, form, formset, programme)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Das Programm ist gespeichert."))
                return redirect("alliances:programme", saved.slug)
        status = 400
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "formset": formset, "programme": programme},
        status=status,
    )
