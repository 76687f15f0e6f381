"""The strategy / Handlungskonzept: its saved versions, one version, and the comparison of two."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.alliances import rules, services
from fachkraefte.web.alliances.access import internal_alliance, managed_alliance
from fachkraefte.web.alliances.forms import StrategyVersionForm
from fachkraefte.web.alliances.models import StrategyVersion
from fachkraefte.web.alliances.strategy_diff import compare
from fachkraefte.web.core import tables

VERSION_COLUMNS = [
    tables.Column("number", gettext_lazy("Version"), lambda v: v.number, "number", True),
    tables.Column("title", gettext_lazy("Titel"), lambda v: v.title, "title"),
    tables.Column("note", gettext_lazy("Änderungsvermerk"), lambda v: v.note, "note"),
    tables.Column("saved", gettext_lazy("gespeichert"), lambda v: v.created_at, "created_at"),
    tables.Column(
        "author",
        gettext_lazy("von"),
        lambda v: v.created_by.get_username() if v.created_by else "",
        "created_by__username",
    ),
]


@login_required
def strategy_versions(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = internal_alliance(request.user, slug)
    versions = alliance.strategy_versions.select_related("created_by")
    search = request.GET.get("q", "").strip()
    listed = versions
    if search:
        listed = versions.filter(Q(title__icontains=search) | Q(note__icontains=search))
    result = tables.table(
        request,
        VERSION_COLUMNS,
        listed,
        default="number",
        default_descending=True,
        filename=f"handlungskonzept-{alliance.slug}",
    )
    if isinstance(result, HttpResponse):
        return result
    context = {
        "alliance": alliance,
        "versions": versions.order_by("-number"),
        "search": search,
        "can_manage": rules.can_manage(request.user, alliance),
        **result,
    }
    return render(request, "alliances/strategy_versions.html", context)


@login_required
def strategy_version_new(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = managed_alliance(request.user, slug, internal=True)
    latest = alliance.strategy_versions.first()
    initial = {"title": latest.title, "text": latest.text} if latest else {}
    form = StrategyVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.strategy_version_create(
                actor=request.user, alliance=alliance, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(number)d ist gespeichert.") % {"number": version.number}
            )
            return redirect("alliances:strategy_version", alliance.slug, version.number)
    return render(
        request,
        "alliances/item_form.html",
        {
            "alliance": alliance,
            "form": form,
            "title": _("Neue Version des Handlungskonzepts"),
            "intro": _(
                "Gespeicherte Versionen bleiben unverändert; hier entsteht eine neue Version, "
                "vorausgefüllt mit der letzten."
            ),
            "cancel_url": reverse("alliances:strategy", args=[alliance.slug]),
        },
    )


@login_required
def strategy_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    alliance = internal_alliance(request.user, slug)
    version = get_object_or_404(StrategyVersion, alliance=alliance, number=number)
    return render(
        request,
        "alliances/strategy_version.html",
        {
            "alliance": alliance,
            "version": version,
            "previous": alliance.strategy_versions.filter(number__lt=number).first(),
        },
    )


@login_required
def strategy_compare(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = internal_alliance(request.user, slug)
    versions = list(alliance.strategy_versions.all())
    numbers = {version.number: version for version in versions}
    error = None
    old = new = None
    try:
        old = numbers[int(request.GET.get("von", ""))]
        new = numbers[int(request.GET.get("zu", ""))]
    except (KeyError, ValueError):
        if versions:
            error = _("Bitte zwei vorhandene Versionen zum Vergleich wählen.")
    rows = compare(old.text, new.text) if old and new else []
    return render(
        request,
        "alliances/strategy_compare.html",
        {
            "alliance": alliance,
            "versions": versions,
            "old": old,
            "new": new,
            "rows": rows,
            "changes": sum(row.kind != "equal" for row in rows),
            "error": error if "von" in request.GET else None,
        },
        status=400 if error and "von" in request.GET else 200,
    )
