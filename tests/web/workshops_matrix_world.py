"""Workshops for the role matrix: made on demand with the ORM in the role world's alliance A
(``role_world.py``), once per test (the test's savepoint undoes them).

The planned workshop's title carries ``SECRET``: while planned, a workshop is its organisers'
draft, so the matrix's leak check finds it wherever an outsider of A would see it.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from pdf_samples import PNG
from role_world import SECRET

from fachkraefte.web.workshops.models import AgendaEntry, Registration, Workshop, WorkshopFile

NOW = timezone.now()


def matrix_workshop(w, status: str = Workshop.Status.OPEN, kind: str = "werkstatt") -> Workshop:
    planned = status == Workshop.Status.PLANNED
    title = f"{SECRET} Werkstatt in Planung" if planned else f"Werkstatt A ({status}, {kind})"
    starts = NOW + dt.timedelta(days=-30 if status == Workshop.Status.DONE else 30)
    workshop, created = Workshop.objects.get_or_create(
        slug=f"matrix-{status}-{kind}",
        defaults={
            "alliance": w.a,
            "title": title,
            "kind": kind,
            "status": status,
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=6),
            "venue": "Landratsamt Görlitz",
            "online_link": "https://konferenz.example.org/a" if kind == "online" else "",
            "capacity": 20,
        },
    )
    if created and kind == "werkstatt":
        workshop.districts.set(w.a.districts.all())
    return workshop


def matrix_agenda_entry(w) -> AgendaEntry:
    workshop = matrix_workshop(w)
    entry, _ = AgendaEntry.objects.get_or_create(workshop=workshop, title="Begrüßung")
    return entry


def matrix_photo(w) -> WorkshopFile:
    workshop = matrix_workshop(w, Workshop.Status.DONE)
    path = "workshops/matrix/photo.png"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(PNG))
    photo, _ = WorkshopFile.objects.get_or_create(
        workshop=workshop,
        title="Eindruck",
        defaults={
            "kind": WorkshopFile.Kind.PHOTO,
            "alt_text": "Menschen an Stellwänden",
            "file": path,
            "content_type": "image/png",
            "size": 100,
        },
    )
    return photo


def matrix_registration(w) -> Registration:
    """The applicant's place at the open workshop of A."""
    workshop = matrix_workshop(w)
    registration, _ = Registration.objects.get_or_create(
        workshop=workshop,
        user=w.users["applicant"],
        defaults={"status": Registration.Status.REGISTERED, "created_at": NOW},
    )
    return registration


def matrix_offer(w) -> Registration:
    """A place offered to the applicant at A's open online workshop."""
    workshop = matrix_workshop(w, Workshop.Status.OPEN, "online")
    registration, _ = Registration.objects.get_or_create(
        workshop=workshop,
        user=w.users["applicant"],
        defaults={
            "status": Registration.Status.OFFERED,
            "created_at": NOW,
            "queued_at": NOW,
            "offered_at": NOW,
            "offer_expires_at": NOW + dt.timedelta(hours=48),
        },
    )
    return registration


def matrix_foreign_registration(w) -> Registration:
    """The member of A's place at A's open workshop (not the applicant's)."""
    registration, _ = Registration.objects.get_or_create(
        workshop=matrix_workshop(w),
        user=w.users["member"],
        defaults={"status": Registration.Status.REGISTERED, "created_at": NOW},
    )
    return registration
