"""Taking part: register, cancel, accept an offered place, one's own places; the calendar
files; the attendance list; the documentation (summary, slides, photos)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core.exports import XLSX_TYPE, download, xlsx_bytes
from fachkraefte.web.core.form_pages import form_page
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.uploads import max_upload_bytes, size_text
from fachkraefte.web.workshops import registration_services, rules, selectors, services
from fachkraefte.web.workshops.attendance import ATTENDANCE_COLUMNS, attendance_pdf, when_text
from fachkraefte.web.workshops.calendar_files import CALENDAR_TYPE, calendar_bytes
from fachkraefte.web.workshops.forms import FileForm, RegistrationForm, SummaryForm
from fachkraefte.web.workshops.models import Registration, Workshop, WorkshopFile
from fachkraefte.web.workshops.views import RENAME, workshop_or_404


def _own(request: HttpRequest, workshop: Workshop) -> Registration:
    registration = workshop.registrations.filter(user=request.user).first()
    if registration is None:
        raise Http404
    return registration


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.may_register(request.user, workshop):
        raise PermissionDenied
    form = RegistrationForm(request.POST)
    organisation = form.cleaned_data["organisation_name"] if form.is_valid() else ""
    registration = registration_services.registration_create(
        actor=request.user, workshop=workshop, organisation_name=organisation
    )
    if registration.status == Registration.Status.REGISTERED:
        messages.success(request, _("Sie sind angemeldet."))
    else:
        messages.info(
            request,
            _("Die Werkstatt ist ausgebucht: Sie stehen auf der Warteliste (Platz %(n)s).")
            % {"n": selectors.queue_position(registration=registration)},
        )
    return redirect("workshops:detail", workshop.slug)


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    registration = _own(request, workshop)
    if not rules.may_cancel_registration(request.user, registration):
        raise PermissionDenied
    registration_services.registration_cancel(actor=request.user, registration=registration)
    messages.success(request, _("Ihre Anmeldung ist zurückgenommen."))
    return redirect("workshops:detail", workshop.slug)


@login_required
@require_POST
def accept(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    registration = _own(request, workshop)
    if not rules.may_accept_offer(request.user, registration):
        raise PermissionDenied
    try:
        registration_services.registration_accept(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sie haben den Platz angenommen und sind angemeldet."))
    return redirect("workshops:detail", workshop.slug)


@login_required
def own_registrations(request: HttpRequest) -> HttpResponse:
    registrations = list(selectors.own_registrations(user=request.user))
    for registration in registrations:
        registration.when = when_text(registration.workshop)
        registration.position = selectors.queue_position(registration=registration)
    invitations = list(selectors.own_invitations(user=request.user))
    for invitation in invitations:
        invitation.when = when_text(invitation.workshop)
    return render(
        request,
        "workshops/own_registrations.html",
        {"registrations": registrations, "invitations": invitations},
    )


def _calendar_response(request: HttpRequest, workshops, *, name: str, filename: str):
    body = calendar_bytes(
        workshops,
        name=name,
        url_of=lambda w: request.build_absolute_uri(w.get_absolute_url()),
        domain=request.get_host().split(":")[0],
    )
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


def workshop_ical(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if workshop.month_only:
        raise Http404  # no day known
    return _calendar_response(request, [workshop], name=workshop.title, filename=workshop.slug)


def alliance_feed(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    alliance = get_object_or_404(Alliance, slug=alliance_slug)
    return _calendar_response(
        request,
        selectors.feed_workshops(alliance=alliance),
        name=alliance.name,
        filename=f"werkstaetten-{alliance.slug}",
    )


def district_feed(request: HttpRequest, ags: str) -> HttpResponse:
    district = get_object_or_404(Region, ags=ags, level=Region.Level.KREIS)
    return _calendar_response(
        request,
        selectors.feed_workshops(district=district.ags),
        name=district.name,
        filename=f"werkstaetten-{district.ags}",
    )


@login_required
def attendance_list(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.may_view_attendance(request.user, workshop):
        raise PermissionDenied
    if fmt not in {"pdf", "xlsx"}:
        raise Http404
    registrations = list(selectors.attendance(workshop=workshop))
    filename = f"teilnehmende-{workshop.slug}"
    if fmt == "xlsx":
        body = xlsx_bytes(
            ATTENDANCE_COLUMNS, registrations, title=_("Teilnehmende"), notes=[workshop.title]
        )
        return download(body, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)
    pdf = attendance_pdf(workshop, registrations)
    return download(pdf, filename=f"{filename}.pdf", content_type="application/pdf")


@login_required
def documentation(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisers write the summary and upload slides and photos."""
    workshop = workshop_or_404(request, slug)
    if not rules.may_document(request.user, workshop):
        raise PermissionDenied
    summary_posted = "summary" in request.POST
    summary_form = SummaryForm(
        request.POST if summary_posted else None, initial={"summary": workshop.summary}
    )
    file_posted = request.method == "POST" and not summary_posted
    file_form = FileForm(request.POST, request.FILES) if file_posted else FileForm()
    file_form.fields["file"].help_text = _(
        "Folien als PDF, Fotos als JPEG oder PNG (der Inhalt wird geprüft), höchstens %(max)s."
    ) % {"max": size_text(max_upload_bytes())}

    def save_summary() -> Any:
        summary = summary_form.cleaned_data["summary"]
        return services.workshop_summary_save(
            actor=request.user, workshop=workshop, summary=summary
        )

    def add_file() -> Any:
        data = file_form.cleaned_data
        return services.workshop_file_add(
            actor=request.user,
            workshop=workshop,
            kind=data["kind"],
            title=data["title"],
            alt_text=data["alt_text"],
            upload=data["file"],
        )

    # the page holds two forms; the one posted is checked and saved
    form, save, message = (
        (summary_form, save_summary, _("Die Zusammenfassung ist gespeichert."))
        if summary_posted
        else (file_form, add_file, _("Die Datei ist hochgeladen."))
    )
    return form_page(
        request,
        form,
        "workshops/workshop_documentation.html",
        {
            "workshop": workshop,
            "summary_form": summary_form,
            "file_form": file_form,
            "files": workshop.files.all(),
        },
        save=save,
        message=message,
        then=reverse("workshops:documentation", args=[workshop.slug]),
        rename=RENAME,
    )


def file_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Slides as a download, photos shown in the page (both under a name we choose)."""
    workshop = workshop_or_404(request, slug)
    record = get_object_or_404(WorkshopFile, pk=pk, workshop=workshop)
    if not rules.may_view_file(request.user, workshop):
        raise Http404
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    suffix = ".pdf" if record.kind == WorkshopFile.Kind.SLIDES else record.file.name[-4:]
    return FileResponse(
        handle,
        as_attachment=record.kind == WorkshopFile.Kind.SLIDES,
        filename=f"{workshop.slug}-{record.pk}{suffix}",
        content_type=record.content_type,
    )


@login_required
@require_POST
def file_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.may_document(request.user, workshop):
        raise PermissionDenied
    record = get_object_or_404(WorkshopFile, pk=pk, workshop=workshop)
    services.workshop_file_delete(actor=request.user, record=record)
    messages.success(request, _("Die Datei ist gelöscht."))
    return redirect("workshops:documentation", workshop.slug)
