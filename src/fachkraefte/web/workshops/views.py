"""Workshop pages: the list and the month calendar of all workshops and events, the event page,
and the organisers' pages to plan, set the agenda, invite and move the status.

A planned workshop answers 404 to everyone but its organisers (its existence does not leak);
who sees a workshop but may not change it gets 403. Every page asks the rules before it reads
the form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fachkraefte.tabular import Column
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core import tables
from fachkraefte.web.core.form_pages import form_page
from fachkraefte.web.core.models import Region
from fachkraefte.web.workshops import rules, selectors, services
from fachkraefte.web.workshops.attendance import when_text
from fachkraefte.web.workshops.forms import (
    AgendaEntryForm,
    InvitationForm,
    WorkshopCreateForm,
    WorkshopForm,
)
from fachkraefte.web.workshops.models import AgendaEntry, Workshop
from fachkraefte.web.workshops.workflows import WORKSHOP_WORKFLOW

WORKSHOP_COLUMNS = [
    Column("title", gettext_lazy("Werkstatt / Veranstaltung"), lambda w: w.title, "title"),
    Column("kind", gettext_lazy("Art"), lambda w: w.get_kind_display(), "kind"),
    Column("starts_at", gettext_lazy("Termin"), when_text, "starts_at"),
    Column(
        "where",
        gettext_lazy("Ort"),
        lambda w: w.venue or (gettext_lazy("online") if w.online_link else ""),
        "venue",
    ),
    Column(
        "region",
        gettext_lazy("Region"),
        lambda w: (
            ", ".join(d.name for d in w.districts.all())
            or (w.regierungsbezirk.name if w.regierungsbezirk else gettext_lazy("Hessen (zentral)"))
        ),
    ),
    Column("status", gettext_lazy("Status"), lambda w: w.get_status_display(), "status"),
]
WEEKDAYS = [
    (gettext_lazy("Mo"), gettext_lazy("Montag")),
    (gettext_lazy("Di"), gettext_lazy("Dienstag")),
    (gettext_lazy("Mi"), gettext_lazy("Mittwoch")),
    (gettext_lazy("Do"), gettext_lazy("Donnerstag")),
    (gettext_lazy("Fr"), gettext_lazy("Freitag")),
    (gettext_lazy("Sa"), gettext_lazy("Samstag")),
    (gettext_lazy("So"), gettext_lazy("Sonntag")),
]
WHEN_CHOICES = [
    (selectors.UPCOMING, gettext_lazy("kommende")),
    (selectors.PAST, gettext_lazy("vergangene")),
]


def workshop_list(request: HttpRequest) -> HttpResponse:
    when = request.GET.get("wann", selectors.UPCOMING)
    if when not in dict(WHEN_CHOICES):
        when = selectors.UPCOMING
    kind = request.GET.get("art", "")
    if kind not in Workshop.Kind.values:
        kind = ""
    land = request.GET.get("land", "").strip()
    workshops = selectors.workshop_list(user=request.user, when=when, kind=kind, land=land)
    result = tables.table(
        request,
        WORKSHOP_COLUMNS,
        workshops,
        default="starts_at",
        default_descending=when == selectors.PAST,
        filename="werkstaetten",
    )
    if isinstance(result, HttpResponse):
        return result
    context = {
        "when": when,
        "when_choices": WHEN_CHOICES,
        "kind": kind,
        "kinds": Workshop.Kind.choices,
        "land": land,
        "lands": Region.objects.filter(level=Region.Level.LAND).order_by("name"),
        "may_create": selectors.organised_alliances(user=request.user).exists(),
        **result,
    }
    return render(request, "workshops/workshop_list.html", context)


def _month_of(request: HttpRequest) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("jahr", today.year))
        month = int(request.GET.get("monat", today.month))
    except ValueError:
        return today.year, today.month
    if not (1990 <= year <= 2100 and 1 <= month <= 12):
        return today.year, today.month
    return year, month


def workshop_calendar(request: HttpRequest) -> HttpResponse:
    year, month = _month_of(request)
    shown = selectors.calendar_month(user=request.user, year=year, month=month)
    return render(
        request,
        "workshops/workshop_calendar.html",
        {"month": shown, "first": dt.date(year, month, 1), "weekdays": WEEKDAYS},
    )


def workshop_or_404(request: HttpRequest, slug: str) -> Workshop:
    workshop = selectors.workshop_detail(slug=slug, user=request.user)
    if workshop is None:
        raise Http404
    return workshop


def _briefing_url(user: Any, workshop: Workshop) -> str:
    """The briefing pack of the workshop's first district, for those who may read it."""
    district = next(iter(workshop.districts.all()), None)
    if district is None or not rules.may_open_briefing(user, workshop, district.ags):
        return ""
    return reverse("briefings:district", args=[district.ags])


def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    user = request.user
    own = None
    if user.is_authenticated:
        own = workshop.registrations.filter(user=user).first()
    organiser = rules.is_organiser(user, workshop)
    files = list(workshop.files.all())
    context = {
        "workshop": workshop,
        "when": when_text(workshop),
        "own": own,
        "queue_position": selectors.queue_position(registration=own) if own else None,
        "may_register": rules.may_register(user, workshop),
        "may_cancel": own is not None and rules.may_cancel_registration(user, own),
        "may_accept": own is not None and rules.may_accept_offer(user, own),
        "places_free": selectors.places_free(workshop=workshop),
        "waiting": selectors.waiting_queue(workshop=workshop).count(),
        "is_organiser": organiser,
        "may_edit": rules.may_edit_workshop(user, workshop),
        "may_invite": rules.may_invite(user, workshop),
        "may_document": rules.may_document(user, workshop),
        "may_view_attendance": rules.may_view_attendance(user, workshop),
        "next_steps": WORKSHOP_WORKFLOW.next_steps(user, workshop) if organiser else [],
        "slides": [f for f in files if f.kind == "slides"],
        "photos": [f for f in files if f.kind == "photo"],
        "briefing_url": _briefing_url(user, workshop),
    }
    return render(request, "workshops/workshop_detail.html", context)


@login_required
def workshop_create_choose(request: HttpRequest) -> HttpResponse:
    alliances = selectors.organised_alliances(user=request.user)
    if not alliances.exists():
        raise PermissionDenied
    return render(
        request,
        "workshops/workshop_create_choose.html",
        {"alliances": alliances, "may_create_central": rules.may_create_workshop(request.user)},
    )


# The form takes the day and the times apart; the service names the moments.
RENAME = {"starts_at": "date", "ends_at": "date"}


def _alliance_land(alliance: Alliance | None) -> str | None:
    if alliance is None:
        return None
    return alliance.districts.values_list("land", flat=True).first()


@login_required
def workshop_create(request: HttpRequest, alliance_slug: str = "") -> HttpResponse:
    alliance = None
    if alliance_slug:
        alliance = get_object_or_404(Alliance, slug=alliance_slug)
    if not rules.may_create_workshop(request.user, alliance):
        raise PermissionDenied
    initial = {}
    if alliance is not None and request.method != "POST":
        initial["districts"] = list(alliance.districts.all())
    form = WorkshopCreateForm(request.POST or None, initial=initial, land=_alliance_land(alliance))
    return form_page(
        request,
        form,
        "workshops/workshop_form.html",
        {"form": form, "alliance": alliance},
        save=lambda: services.workshop_create(
            actor=request.user,
            alliance=alliance,
            slug=form.cleaned_data["slug"],
            districts=list(form.cleaned_data["districts"]),
            **form.values(),
        ),
        message=_("Die Werkstatt ist angelegt (in Planung)."),
        then=lambda workshop: reverse("workshops:detail", args=[workshop.slug]),
        rename=RENAME,
    )


@login_required
def workshop_edit(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.may_edit_workshop(request.user, workshop):
        raise PermissionDenied
    form = WorkshopForm(
        request.POST or None, instance=workshop, land=_alliance_land(workshop.alliance)
    )
    return form_page(
        request,
        form,
        "workshops/workshop_form.html",
        lambda: {"form": form, "workshop": workshop, "alliance": workshop.alliance},
        save=lambda: services.workshop_update(
            actor=request.user,
            workshop=workshop,
            districts=list(form.cleaned_data["districts"]),
            **form.values(),
        ),
        message=_("Die Werkstatt ist gespeichert."),
        then=reverse("workshops:detail", args=[workshop.slug]),
        rename=RENAME,
    )


@login_required
@require_POST
def workshop_transition(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.is_organiser(request.user, workshop):
        raise PermissionDenied
    try:
        services.workshop_transition(
            actor=request.user, workshop=workshop, to=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        response = workshop_detail(request, slug)
        response.status_code = 400
        return response
    workshop.refresh_from_db()
    messages.success(
        request,
        _("%(title)s: %(status)s.") % {"title": workshop, "status": workshop.get_status_display()},
    )
    return redirect("workshops:detail", workshop.slug)


@login_required
def workshop_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.may_edit_workshop(request.user, workshop):
        raise PermissionDenied
    form = AgendaEntryForm(request.POST or None)
    return form_page(
        request,
        form,
        "workshops/workshop_agenda.html",
        {"workshop": workshop, "form": form, "agenda": workshop.agenda.all()},
        save=lambda: services.agenda_entry_add(
            actor=request.user, workshop=workshop, **form.cleaned_data
        ),
        message=_("Der Programmpunkt ist hinzugefügt."),
        then=reverse("workshops:agenda", args=[workshop.slug]),
    )


@login_required
@require_POST
def agenda_entry_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.may_edit_workshop(request.user, workshop):
        raise PermissionDenied
    entry = get_object_or_404(AgendaEntry, pk=pk, workshop=workshop)
    services.agenda_entry_delete(actor=request.user, entry=entry)
    messages.success(request, _("Der Programmpunkt ist gelöscht."))
    return redirect("workshops:agenda", workshop.slug)


@login_required
def workshop_invitations(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.is_organiser(request.user, workshop):
        raise PermissionDenied
    may_invite = rules.may_invite(request.user, workshop)
    if request.method == "POST" and not may_invite:
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    return form_page(
        request,
        form,
        "workshops/workshop_invitations.html",
        {
            "workshop": workshop,
            "form": form,
            "may_invite": may_invite,
            "invitations": workshop.invitations.select_related("organisation"),
        },
        save=lambda: services.invitations_send(
            actor=request.user,
            workshop=workshop,
            group=form.cleaned_data["group"],
            organisations=form.cleaned_data["organisations"],
            emails=form.cleaned_data["emails"],
            site_url=request.build_absolute_uri("/"),
        ),
        message=lambda made: _("%(count)s Einladungen versandt.") % {"count": len(made)},
        then=reverse("workshops:invitations", args=[workshop.slug]),
        rename=RENAME,
    )


@login_required
def workshop_registrations(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisers' view of places, offers and the queue."""
    workshop = workshop_or_404(request, slug)
    if not rules.may_view_attendance(request.user, workshop):
        raise PermissionDenied
    return render(
        request,
        "workshops/workshop_registrations.html",
        {
            "workshop": workshop,
            "registrations": selectors.registrations_of(workshop=workshop),
            "taken": selectors.places_taken(workshop=workshop),
        },
    )
