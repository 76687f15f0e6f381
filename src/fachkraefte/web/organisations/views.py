"""Organisation list and pages, create/edit, and their representatives."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.core import tables
from fachkraefte.web.core.form_pages import form_page
from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations import rules, services
from fachkraefte.web.organisations.forms import OrganisationForm, RepresentativeForm
from fachkraefte.web.organisations.models import Organisation, PartnerCategory, Representative

COLUMNS = [
    tables.Column("name", gettext_lazy("Name"), lambda o: o.name, "name"),
    tables.Column(
        "category", gettext_lazy("Partnerkategorie"), lambda o: o.get_category_display(), "category"
    ),
    tables.Column(
        "district",
        gettext_lazy("Kreis"),
        lambda o: f"{o.region.name} ({o.region.ags})" if o.region else "",
        "region__name",
    ),
    tables.Column(
        "inhabitants", gettext_lazy("Einwohner"), lambda o: o.inhabitants, "inhabitants", True
    ),
    tables.Column(
        "alliances", gettext_lazy("Allianzen"), lambda o: o.alliance_count, "alliance_count", True
    ),
]


def organisation_list(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("kategorie", "")
    district = request.GET.get("kreis", "")
    search = request.GET.get("q", "").strip()
    organisations = Organisation.objects.select_related("region").annotate(
        alliance_count=Count("memberships", distinct=True)
    )
    if category in PartnerCategory.values:
        organisations = organisations.filter(category=category)
    if district:
        organisations = organisations.filter(region_id=district)
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(region__name__icontains=search)
        )
    listed = tables.table(
        request, COLUMNS, organisations, default="name", filename="organisationen"
    )
    if isinstance(listed, HttpResponse):
        return listed
    context = {
        "categories": PartnerCategory.choices,
        "districts": Region.objects.filter(organisations__isnull=False).distinct().order_by("name"),
        "category": category,
        "district": district,
        "search": search,
        "can_create": rules.can_create_organisation(request.user),
        **listed,
    }
    return render(request, "organisations/organisation_list.html", context)


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("region"), pk=pk)
    show_people = rules.can_view_representatives(request.user, organisation)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("alliance"),
            "representatives": organisation.representatives.all() if show_people else None,
            "can_edit": rules.can_edit_organisation(request.user, organisation),
        },
    )


@login_required
def organisation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    allowed = (
        rules.can_edit_organisation(request.user, organisation)
        if organisation
        else rules.can_create_organisation(request.user)
    )
    if not allowed:
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)

    def save() -> Organisation:
        if organisation is None:
            return services.organisation_create(actor=request.user, **form.cleaned_data)
        return services.organisation_update(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )

    return form_page(
        request,
        form,
        "alliances/item_form.html",
        {
            "form": form,
            "title": _("Organisation bearbeiten") if pk else _("Neue Organisation"),
            "cancel_url": reverse("alliances:organisation", args=[pk])
            if pk
            else reverse("alliances:organisations"),
        },
        save=save,
        message=_("Die Organisation ist gespeichert."),
        then=lambda saved: reverse("alliances:organisation", args=[saved.pk]),
    )


@login_required
def representative_form(
    request: HttpRequest, pk: int | None = None, organisation_pk: int | None = None
) -> HttpResponse:
    representative = (
        get_object_or_404(Representative.objects.select_related("organisation"), pk=pk)
        if pk
        else None
    )
    organisation = (
        representative.organisation
        if representative
        else get_object_or_404(Organisation, pk=organisation_pk)
    )
    if not rules.can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    form = RepresentativeForm(request.POST or None, instance=representative)

    def save() -> Representative:
        if representative is None:
            return services.representative_create(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        return services.representative_update(
            actor=request.user, representative=representative, **form.cleaned_data
        )

    return form_page(
        request,
        form,
        "alliances/item_form.html",
        {
            "form": form,
            "title": (_("Vertretung bearbeiten") if pk else _("Vertretung hinzufügen"))
            + f" – {organisation.name}",
            "cancel_url": reverse("alliances:organisation", args=[organisation.pk]),
        },
        save=save,
        message=_("Die Vertretung ist gespeichert."),
        then=reverse("alliances:organisation", args=[organisation.pk]),
    )


@login_required
def representative_remove(request: HttpRequest, pk: int) -> HttpResponse:
    representative = get_object_or_404(Representative.objects.select_related("organisation"), pk=pk)
    organisation = representative.organisation
    if not rules.can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    if request.method == "POST":
        services.representative_delete(actor=request.user, representative=representative)
        messages.success(request, _("%(name)s ist entfernt.") % {"name": representative.name})
        return redirect("alliances:organisation", organisation.pk)
    return render(
        request,
        "alliances/confirm_delete.html",
        {
            "title": _("Vertretung entfernen"),
            "question": _("Soll %(name)s nicht mehr als Vertretung von %(org)s geführt werden?")
            % {"name": representative.name, "org": organisation.name},
            "consequences": "",
            "button": _("Vertretung entfernen"),
            "cancel_url": reverse("alliances:organisation", args=[organisation.pk]),
        },
    )
