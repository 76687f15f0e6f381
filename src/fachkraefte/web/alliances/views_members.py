"""Members (add by HTMX partial or plain POST, remove after confirmation) and persons' roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fachkraefte.web.alliances import services
from fachkraefte.web.alliances.access import internal_alliance, managed_alliance
from fachkraefte.web.alliances.forms import MembershipForm, RoleForm
from fachkraefte.web.alliances.models import AllianceRole, Membership
from fachkraefte.web.alliances.rules import can_manage
from fachkraefte.web.alliances.views import members_context, picker_filters, render_detail
from fachkraefte.web.core import tables


@login_required
@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = managed_alliance(request.user, slug, internal=False)
    form = MembershipForm(request.POST, alliance=alliance)
    added = None
    if form.is_valid():
        try:
            added = services.membership_create(
                actor=request.user,
                alliance=alliance,
                organisation=form.cleaned_data["organisation"],
                joined_on=form.cleaned_data["joined_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if request.headers.get("HX-Request"):
        context = members_context(request, alliance, None if added else form)
        context["added"] = added
        return render(request, "alliances/_members.html", context)
    if added:
        messages.success(
            request, _("%(org)s ist jetzt Mitglied.") % {"org": added.organisation.name}
        )
        return redirect("alliances:detail", alliance.slug)
    # Without JavaScript: the whole page again, with the form's errors in place.
    return render_detail(request, alliance, member_form=form, status=400)


@login_required
def member_picker(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation choice of "Mitglied hinzufügen", narrowed on the server by name, Land and
    partner category (HTMX swaps it in while the manager types; it works without a mouse)."""
    alliance = managed_alliance(request.user, slug, internal=False)
    form = MembershipForm(alliance=alliance, picker=picker_filters(request))
    return render(
        request, "alliances/_organisation_picker.html", {"member_form": form, "oob": True}
    )


@login_required
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    alliance = managed_alliance(request.user, slug, internal=False)
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"), pk=pk, alliance=alliance
    )
    if request.method == "POST":
        services.membership_delete(actor=request.user, membership=membership)
        messages.success(
            request,
            _("%(org)s ist nicht mehr Mitglied.") % {"org": membership.organisation.name},
        )
        return redirect("alliances:detail", alliance.slug)
    return render(
        request,
        "alliances/confirm_delete.html",
        {
            "alliance": alliance,
            "title": _("Mitglied entfernen"),
            "question": _("Soll %(org)s aus der Allianz %(alliance)s entfernt werden?")
            % {"org": membership.organisation.name, "alliance": alliance.name},
            "consequences": _(
                "Dabei werden auch %(commitments)d Selbstverpflichtung(en) und %(experts)d "
                "benannte Fachleute dieses Mitglieds gelöscht; Rollen von Personen bleiben "
                "bestehen, verlieren aber die Zuordnung zur Organisation."
            )
            % {
                "commitments": membership.commitments.count(),
                "experts": membership.experts.count(),
            },
            "button": _("Mitglied entfernen"),
            "cancel_url": alliance.get_absolute_url(),
        },
    )


ROLE_COLUMNS = [
    tables.Column(
        "user", gettext_lazy("Benutzername"), lambda r: r.user.get_username(), "user__username"
    ),
    tables.Column(
        "name", gettext_lazy("Name"), lambda r: r.user.get_full_name(), "user__last_name"
    ),
    tables.Column("kind", gettext_lazy("Rolle"), lambda r: r.get_kind_display(), "kind"),
    tables.Column(
        "organisation",
        gettext_lazy("für Mitgliedsorganisation"),
        lambda r: r.membership.organisation.name if r.membership else "",
        "membership__organisation__name",
    ),
]


@login_required
def role_list(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = internal_alliance(request.user, slug)
    manage = can_manage(request.user, alliance)
    form = None
    if manage:
        form = RoleForm(request.POST or None, alliance=alliance)
        if request.method == "POST" and form.is_valid():
            try:
                role = services.role_create(
                    actor=request.user,
                    alliance=alliance,
                    user=form.cleaned_data["username"],
                    kind=form.cleaned_data["kind"],
                    membership=form.cleaned_data["membership"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(user)s hat jetzt die Rolle „%(kind)s“.")
                    % {"user": role.user.get_username(), "kind": role.get_kind_display()},
                )
                return redirect("alliances:roles", alliance.slug)
    elif request.method == "POST":
        raise PermissionDenied
    kind = request.GET.get("rolle", "").strip()
    roles = alliance.roles.select_related("user", "membership__organisation")
    if kind in AllianceRole.Kind.values:
        roles = roles.filter(kind=kind)
    result = tables.table(
        request, ROLE_COLUMNS, roles, default="kind", filename=f"rollen-{alliance.slug}"
    )
    if isinstance(result, HttpResponse):
        return result
    context = {
        "alliance": alliance,
        "form": form,
        "can_manage": manage,
        "kind": kind,
        "kinds": AllianceRole.Kind.choices,
        **result,
    }
    return render(request, "alliances/role_list.html", context)


@login_required
def role_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    alliance = managed_alliance(request.user, slug, internal=True)
    role = get_object_or_404(AllianceRole.objects.select_related("user"), pk=pk, alliance=alliance)
    if request.method == "POST":
        services.role_delete(actor=request.user, role=role)
        messages.success(
            request, _("Die Rolle von %(user)s ist entfernt.") % {"user": role.user.get_username()}
        )
        return redirect("alliances:roles", alliance.slug)
    return render(
        request,
        "alliances/confirm_delete.html",
        {
            "alliance": alliance,
            "title": _("Rolle entfernen"),
            "question": _("Soll die Rolle „%(kind)s“ von %(user)s entfernt werden?")
            % {"kind": role.get_kind_display(), "user": role.user.get_username()},
            "consequences": _(
                "Die Person sieht danach die internen Seiten dieser Allianz nicht mehr."
            ),
            "button": _("Rolle entfernen"),
            "cancel_url": reverse("alliances:roles", args=[alliance.slug]),
        },
    )
