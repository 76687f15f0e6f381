"""Workshops of the role world's alliance A for the outcome tests, made with the ORM: a done one
(entry open until closed), a planned one and a future open one, and a registered participant."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fachkraefte.web.workshops.models import Registration, Workshop

NOW = timezone.now()


def workshop_in(world, status: str, *, days: int = -1, slug: str = "") -> Workshop:
    starts = NOW + dt.timedelta(days=days)
    workshop = Workshop.objects.create(
        slug=slug or f"ergebnis-{status}-{abs(days)}",
        alliance=world.a,
        title=f"Zukunftswerkstatt Görlitz ({status}, {days})",
        status=status,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6),
        venue="Landratsamt Görlitz",
        moderator="IWAK",
        capacity=30,
    )
    workshop.districts.set(world.a.districts.all())
    return workshop


def register(workshop: Workshop, user) -> Registration:
    return Registration.objects.create(
        workshop=workshop, user=user, status=Registration.Status.REGISTERED, created_at=NOW
    )
