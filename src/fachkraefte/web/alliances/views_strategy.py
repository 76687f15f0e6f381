"""The strategy / Handlungskonzept with its versions and comparison, and members' commitments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.alliances import rules, selectors, services
from fachkraefte.web.alliances.access import internal_alliance, managed_alliance
from fachkraefte.web.alliances.forms import (
    CommitmentForm,
    CommitmentStatusForm,
    StrategyVersionForm,
)
from fachkraefte.web.alliances.models import Commitment, StrategyVersion
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


COMMITMENT_COLUMNS = [
    tables.Column("title", gettext_lazy("Titel"), lambda c: c.title, "title"),
    tables.Column(
        "member",
        gettext_lazy("Mitglied"),
        lambda c: c.membership.organisation.name,
        "membership__organisation__name",
    ),
    tables.Column(
        "action_field",
        gettext_lazy("Handlungsfeld"),
        lambda c: c.action_field.title if c.action_field else "",
        "action_field__position",
    ),
    tables.Column("due", gettext_lazy("fällig am"), lambda c: c.due_on, "due_on"),
    tables.Column("status", gettext_lazy("Status"), lambda c: c.get_status_display(), "status"),
]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def commitment_list(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = internal_alliance(request.user, slug)
    status = request.GET.get("status") or None
    if status not in Commitment.Status.values:
        status = None
    member, field = _int(request.GET.get("mitglied")), _int(request.GET.get("handlungsfeld"))
    listed = tables.table(
        request,
        COMMITMENT_COLUMNS,
        selectors.commitment_list(
            alliance=alliance, status=status, membership=member, action_field=field
        ),
        default="due",
        filename=f"selbstverpflichtungen-{alliance.slug}",
    )
    if isinstance(listed, HttpResponse):
        return listed
    page = listed["page"]
    manage = rules.can_manage(request.user, alliance)
    own = set(rules.speaks_for(request.user, alliance).values_list("pk", flat=True))
    for commitment in page:
        commitment.may_update = manage or commitment.membership_id in own
    return render(
        request,
        "alliances/commitment_list.html",
        {
            "alliance": alliance,
            "statuses": Commitment.Status.choices,
            "members": selectors.member_list(alliance=alliance),
            "action_fields": alliance.action_fields.all(),
            "status": status or "",
            "member": member,
            "field": field,
            "can_manage": manage,
            "status_form": CommitmentStatusForm(),
            **listed,
        },
    )


@login_required
def commitment_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    alliance = managed_alliance(request.user, slug, internal=True)
    commitment = get_object_or_404(Commitment, pk=pk, alliance=alliance) if pk else None
    form = CommitmentForm(request.POST or None, instance=commitment, alliance=alliance)
    if request.method == "POST" and form.is_valid():
        try:
            if commitment is None:
                services.commitment_create(
                    actor=request.user, alliance=alliance, **form.cleaned_data
                )
            else:
                services.commitment_update(
                    actor=request.user, commitment=commitment, **form.cleaned_data
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Selbstverpflichtung ist gespeichert."))
            return redirect("alliances:commitments", alliance.slug)
    return render(
        request,
        "alliances/item_form.html",
        {
            "alliance": alliance,
            "form": form,
            "title": _("Selbstverpflichtung bearbeiten")
            if commitment
            else _("Neue Selbstverpflichtung"),
            "cancel_url": reverse("alliances:commitments", args=[alliance.slug]),
            "delete_url": reverse("alliances:commitment_delete", args=[alliance.slug, pk])
            if commitment
            else None,
        },
    )


@login_required
def commitment_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change a commitment's status. The list posts here by HTMX and gets the new status cell
    back, with the message for its live region; without JavaScript a POST redirects to the list.
    """
    alliance = internal_alliance(request.user, slug)
    commitment = get_object_or_404(
        Commitment.objects.select_related("membership__organisation"), pk=pk, alliance=alliance
    )
    if not rules.can_update_commitment_status(request.user, commitment):
        raise PermissionDenied
    form = CommitmentStatusForm(request.POST or None, initial={"status": commitment.status})
    htmx = bool(request.headers.get("HX-Request")) and request.method == "POST"
    if request.method == "POST" and form.is_valid():
        services.commitment_set_status(
            actor=request.user, commitment=commitment, status=form.cleaned_data["status"]
        )
        message = _("Status von „%(title)s“: %(status)s.") % {
            "title": commitment.title,
            "status": commitment.get_status_display(),
        }
        if htmx:
            return _status_fragment(request, alliance, commitment, message, ok=True)
        messages.success(request, message)
        return redirect("alliances:commitments", alliance.slug)
    if htmx:
        commitment.refresh_from_db()
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _status_fragment(request, alliance, commitment, message, ok=False)
    return render(
        request,
        "alliances/item_form.html",
        {
            "alliance": alliance,
            "form": form,
            "title": _("Status von „%(title)s“ ändern") % {"title": commitment.title},
            "cancel_url": reverse("alliances:commitments", args=[alliance.slug]),
        },
    )


def _status_fragment(
    request: HttpRequest, alliance, commitment: Commitment, message: str, *, ok: bool
) -> HttpResponse:
    """The commitment's status cell (HTMX swaps it in place) and the message for the live region.
    A refused status answers 200 too, because HTMX swaps only successful answers."""
    commitment.may_update = True  # checked by the caller
    return render(
        request,
        "alliances/_commitment_status_response.html",
        {
            "alliance": alliance,
            "commitment": commitment,
            "statuses": Commitment.Status.choices,
            "message": message,
            "ok": ok,
        },
    )


@login_required
def commitment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    alliance = managed_alliance(request.user, slug, internal=True)
    commitment = get_object_or_404(Commitment, pk=pk, alliance=alliance)
    if request.method == "POST":
        services.commitment_delete(actor=request.user, commitment=commitment)
        messages.success(request, _("Die Selbstverpflichtung ist gelöscht."))
        return redirect("alliances:commitments", alliance.slug)
    return render(
        request,
        "alliances/confirm_delete.html",
        {
            "alliance": alliance,
            "title": _("Selbstverpflichtung löschen"),
            "question": _("Soll „%(title)s“ gelöscht werden?") % {"title": commitment.title},
            "consequences": "",
            "button": _("Endgültig löschen"),
            "cancel_url": reverse("alliances:commitments", args=[alliance.slug]),
        },
    )
