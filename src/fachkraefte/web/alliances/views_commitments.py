"""Members' commitments in the alliance plan: the list, the manager's form, and the status steps
of ``workflows.COMMITMENT_WORKFLOW``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.alliances import commitment_services, rules, selectors
from fachkraefte.web.alliances.access import internal_alliance, managed_alliance
from fachkraefte.web.alliances.forms import CommitmentForm, CommitmentStatusForm
from fachkraefte.web.alliances.models import Commitment
from fachkraefte.web.alliances.workflows import COMMITMENT_WORKFLOW
from fachkraefte.web.core import tables
from fachkraefte.web.core.form_pages import form_page

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


def _add_steps(user, commitment: Commitment) -> None:
    """What ``user`` may do next with ``commitment`` (``COMMITMENT_WORKFLOW``): the status form
    offers only these, the others are named with who may take them."""
    steps = COMMITMENT_WORKFLOW.next_steps(user, commitment)
    commitment.may_update = any(step.allowed for step in steps)
    commitment.status_options = [(commitment.status, commitment.get_status_display())] + [
        (step.target, COMMITMENT_WORKFLOW.label_of(step.target)) for step in steps if step.allowed
    ]
    others: dict[str, list[str]] = {}
    for step in steps:
        if not step.allowed:
            others.setdefault(str(step.who), []).append(str(step.label))
    commitment.other_steps = [(", ".join(labels), who) for who, labels in others.items()]


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
    for commitment in page:
        _add_steps(request.user, commitment)
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

    def save() -> Commitment:
        if commitment is None:
            return commitment_services.commitment_create(
                actor=request.user, alliance=alliance, **form.cleaned_data
            )
        return commitment_services.commitment_update(
            actor=request.user, commitment=commitment, **form.cleaned_data
        )

    return form_page(
        request,
        form,
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
        save=save,
        message=_("Die Selbstverpflichtung ist gespeichert."),
        then=reverse("alliances:commitments", args=[alliance.slug]),
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
    if not COMMITMENT_WORKFLOW.allowed(request.user, commitment):
        raise PermissionDenied(commitment_services.COMMITMENT_REFUSAL)
    form = CommitmentStatusForm(request.POST or None, initial={"status": commitment.status})
    htmx = bool(request.headers.get("HX-Request")) and request.method == "POST"
    if request.method == "POST" and form.is_valid():
        try:
            commitment_services.commitment_set_status(
                actor=request.user, commitment=commitment, status=form.cleaned_data["status"]
            )
        except ValidationError as error:  # a step the workflow does not declare
            form.add_error("status", error)
        else:
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
        status=400 if form.errors else 200,
    )


def _status_fragment(
    request: HttpRequest, alliance, commitment: Commitment, message: str, *, ok: bool
) -> HttpResponse:
    """The commitment's status cell (HTMX swaps it in place) and the message for the live region.
    A refused status answers 200 too, because HTMX swaps only successful answers."""
    _add_steps(request.user, commitment)
    return render(
        request,
        "alliances/_commitment_status_response.html",
        {
            "alliance": alliance,
            "commitment": commitment,
            "message": message,
            "ok": ok,
        },
    )


@login_required
def commitment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    alliance = managed_alliance(request.user, slug, internal=True)
    commitment = get_object_or_404(Commitment, pk=pk, alliance=alliance)
    if request.method == "POST":
        commitment_services.commitment_delete(actor=request.user, commitment=commitment)
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
