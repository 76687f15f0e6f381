"""Reads of workshops: what a person may see, the list and calendar, the feeds, own places."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance, AllianceRole
from fachkraefte.web.workshops.models import Registration, Workshop, WorkshopInvitation
from fachkraefte.web.workshops.rules import ACTIVE, ANNOUNCED

UPCOMING, PAST = "kommende", "vergangene"


def organised_alliances(*, user: Any) -> QuerySet[Alliance]:
    """The alliances whose workshops ``user`` organises: all for the office, else those steered."""
    if not getattr(user, "is_authenticated", False):
        return Alliance.objects.none()
    alliances = Alliance.objects.order_by("name")
    if is_coordination(user):
        return alliances
    steered = AllianceRole.objects.filter(user=user, kind=AllianceRole.Kind.STEERING)
    return alliances.filter(pk__in=steered.values("alliance"))


def workshops_visible(*, user: Any) -> QuerySet[Workshop]:
    """Every workshop ``user`` may open (the same answer as ``rules.may_view_workshop``)."""
    if is_coordination(user):
        return Workshop.objects.all()
    announced = Q(status__in=ANNOUNCED)
    if not getattr(user, "is_authenticated", False):
        return Workshop.objects.filter(announced & Q(public=True))
    roles = AllianceRole.objects.filter(user=user)
    steered = roles.filter(kind=AllianceRole.Kind.STEERING).values("alliance")
    insider = (
        Q(alliance__in=roles.values("alliance"))
        | Q(invitations__user=user)
        | Q(registrations__user=user)
    )
    visible = Q(alliance__in=steered) | (announced & (Q(public=True) | insider))
    ids = Workshop.objects.filter(visible).values("pk")
    return Workshop.objects.filter(pk__in=ids)


def workshop_detail(*, slug: str, user: Any) -> Workshop | None:
    return (
        workshops_visible(user=user)
        .select_related("alliance", "organiser", "regierungsbezirk")
        .prefetch_related("districts", "agenda", "files")
        .filter(slug=slug)
        .first()
    )


def workshop_list(
    *,
    user: Any,
    when: str = UPCOMING,
    kind: str = "",
    land: str = "",
    now: dt.datetime | None = None,
) -> QuerySet[Workshop]:
    now = now or timezone.now()
    workshops = workshops_visible(user=user).select_related("alliance", "regierungsbezirk")
    if when == PAST:
        workshops = workshops.filter(ends_at__lt=now).order_by("-starts_at", "title")
    else:
        workshops = workshops.filter(ends_at__gte=now).order_by("starts_at", "title")
    if kind:
        workshops = workshops.filter(kind=kind)
    if land:
        in_land = Q(districts__land=land) | Q(regierungsbezirk__land=land)
        workshops = workshops.filter(pk__in=Workshop.objects.filter(in_land).values("pk"))
    return workshops.prefetch_related("districts")


@dataclass
class Day:
    date: dt.date | None  # None: a cell before the 1st or after the last of the month
    workshops: list[Workshop] = field(default_factory=list)


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]
    undated: list[Workshop]  # known only by their month (the 2023 schedule)
    previous: tuple[int, int]
    following: tuple[int, int]


def calendar_month(*, user: Any, year: int, month: int) -> Month:
    """The month as weeks of days (Monday first) with the visible workshops of each day."""
    tz = timezone.get_current_timezone()
    first = dt.datetime(year, month, 1, tzinfo=tz)
    last_day = calendar.monthrange(year, month)[1]
    end = first + dt.timedelta(days=last_day)
    workshops = list(
        workshops_visible(user=user)
        .filter(starts_at__gte=first, starts_at__lt=end)
        .order_by("starts_at", "title")
    )
    by_day: dict[int, list[Workshop]] = {}
    undated = []
    for workshop in workshops:
        if workshop.month_only:
            undated.append(workshop)
        else:
            by_day.setdefault(timezone.localtime(workshop.starts_at).day, []).append(workshop)
    weeks = [
        [Day(dt.date(year, month, d), by_day.get(d, [])) if d else Day(None) for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    ]
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return Month(year, month, weeks, undated, previous, following)


def feed_workshops(*, alliance: Alliance | None = None, district: str = "") -> QuerySet[Workshop]:
    """What a subscribed calendar shows: announced public workshops with a known date (a feed
    is read without signing in)."""
    workshops = Workshop.objects.filter(status__in=ANNOUNCED, public=True, month_only=False)
    if alliance is not None:
        workshops = workshops.filter(alliance=alliance)
    if district:
        workshops = workshops.filter(districts__ags=district)
    return workshops.select_related("organiser").order_by("starts_at")


def own_registrations(*, user: Any) -> QuerySet[Registration]:
    if not getattr(user, "is_authenticated", False):
        return Registration.objects.none()
    return (
        Registration.objects.filter(user=user)
        .select_related("workshop")
        .order_by("-workshop__starts_at")
    )


def own_upcoming_registrations(*, user: Any) -> QuerySet[Registration]:
    """My places and queue positions at workshops that have not ended, soonest first."""
    return (
        own_registrations(user=user)
        .filter(status__in=ACTIVE, workshop__ends_at__gte=timezone.now())
        .order_by("workshop__starts_at")
    )


def own_invitations(*, user: Any) -> QuerySet[WorkshopInvitation]:
    """Invitations to announced, upcoming workshops that ``user`` has not taken up yet."""
    if not getattr(user, "is_authenticated", False):
        return WorkshopInvitation.objects.none()
    taken = Registration.objects.filter(user=user).values("workshop")
    return (
        WorkshopInvitation.objects.filter(
            user=user, workshop__status__in=ANNOUNCED, workshop__ends_at__gte=timezone.now()
        )
        .exclude(workshop__in=taken)
        .select_related("workshop")
        .order_by("workshop__starts_at")
    )


def attendance(*, workshop: Workshop) -> QuerySet[Registration]:
    """The registered participants, by name (the attendance list)."""
    return (
        workshop.registrations.filter(status=Registration.Status.REGISTERED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def registrations_of(*, workshop: Workshop) -> QuerySet[Registration]:
    """Everyone with a place, an offer or a queue position, for the organisers."""
    return workshop.registrations.select_related("user").order_by("status", "queued_at", "id")


# Places taken are the registered and the offered registrations (an offer holds its place).
TAKING = (Registration.Status.REGISTERED, Registration.Status.OFFERED)


def places_taken(*, workshop: Workshop) -> int:
    return workshop.registrations.filter(status__in=TAKING).count()


def places_free(*, workshop: Workshop) -> int:
    return max(0, workshop.capacity - places_taken(workshop=workshop))


def waiting_queue(*, workshop: Workshop) -> QuerySet[Registration]:
    """The waiting list in its order: who joined first, then the older record."""
    return workshop.registrations.filter(status=Registration.Status.WAITING).order_by(
        "queued_at", "id"
    )


def queue_position(*, registration: Registration) -> int | None:
    """1 for the first in the queue; None when not waiting."""
    if registration.status != Registration.Status.WAITING:
        return None
    mine = registration.queued_at
    ahead = (
        waiting_queue(workshop=registration.workshop)
        .filter(Q(queued_at__lt=mine) | Q(queued_at=mine, id__lt=registration.pk))
        .count()
    )
    return ahead + 1
