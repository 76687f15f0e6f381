"""Demo workshops (idempotent): Hessen's 2023 Zukunftswerkstätten as past workshops, and a few
planned 2027 workshops and events with open registration.

The 2023 schedule is seed 002 (``alliances.demo.HESSEN_WORKSHOPS_2023``): the month and the
district(s) are real, the day is not known (``month_only``), the organiser is the demo alliance's
"Demo-Wirtschaftsförderung", the forecast presentation and moderation lie with the IWAK as the
seed says. The schedule lists 23 workshops in 24 of Hessen's 26 Kreise (Wiesbaden and the
Hochtaunuskreis are not in it); nothing is added for them. No outcomes are invented: outcomes by
phase are a later part of issue 15. The 2027 workshops are synthetic and say so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fachkraefte.web.alliances.demo import HESSEN_WORKSHOPS_2023
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.alliances.services import slug_base
from fachkraefte.web.core.models import Region
from fachkraefte.web.organisations.models import Organisation
from fachkraefte.web.workshops import services
from fachkraefte.web.workshops.models import Workshop

OFFICE = "koordination"
IWAK = "IWAK, Goethe-Universität Frankfurt"
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        start=1,
    )
}
# Seed 002: the three steps of a Zukunftswerkstatt day.
HESSEN_STEPS = [
    "Vorstellung der regionalen Berufsprognosen des IWAK, Diskussion und Verknüpfung mit den "
    "Erfahrungen aus der Praxis vor Ort",
    "Strategische Ansätze und Handlungsfelder der Fachkräftesicherung; konkrete "
    "Umsetzungsaktivitäten in der Region",
    "Neue Maßnahmen, Synergieeffekte und Optimierungsbedarfe bei bestehenden Maßnahmen",
]
PAST_NOTE = (
    "Zukunftswerkstatt laut Terminplan 2023 der Hessischen Fachkräfteinitiative (nur der Monat "
    "ist bekannt). Demodaten: Veranstalter und Platzzahl sind angenommen."
)
FUTURE_NOTE = "Demodaten (synthetisch): Termin, Ort und Platzzahl sind erfunden."
# Places are not in the seed; a full-day workshop with the regional actors seats about this many.
DEMO_CAPACITY = 40


def _office() -> Any:
    return get_user_model().objects.get(username=OFFICE)


def _month_start(text: str) -> dt.datetime:
    month_name, year = text.split()
    tz = timezone.get_current_timezone()
    return dt.datetime(int(year), MONTHS[month_name], 1, 9, 0, tzinfo=tz)


def _economic_development(label: str) -> Organisation | None:
    return Organisation.objects.filter(name=f"Demo-Wirtschaftsförderung {label}").first()


def _agenda(times: list[dt.time | None]) -> list[dict[str, Any]]:
    return [
        {"title": step, "starts_at": time, "speaker": IWAK if number == 0 else ""}
        for number, (step, time) in enumerate(zip(HESSEN_STEPS, times, strict=True))
    ]


def _past(office: Any) -> list[str]:
    created = []
    for label, _names, month in HESSEN_WORKSHOPS_2023:
        alliance = Alliance.objects.filter(slug=slug_base(f"Fachkräfteallianz {label}")).first()
        slug = f"zukunftswerkstatt-{slug_base(label)}-2023"
        if alliance is None or Workshop.objects.filter(slug=slug).exists():
            continue
        start = _month_start(month)
        services.workshop_create(
            actor=office,
            alliance=alliance,
            slug=slug,
            title=f"Zukunftswerkstatt {label}",
            description=PAST_NOTE,
            districts=list(alliance.districts.all()),
            starts_at=start,
            ends_at=start + dt.timedelta(hours=7),
            month_only=True,
            organiser=_economic_development(label),
            moderator=IWAK,
            forecast_presenter=IWAK,
            capacity=DEMO_CAPACITY,
            status=Workshop.Status.DONE,
            agenda=_agenda([None, None, None]),
        )
        created.append(slug)
    return created


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _future(office: Any) -> list[str]:
    created = []
    fulda = Alliance.objects.filter(slug=slug_base("Fachkräfteallianz Kreis Fulda")).first()
    kassel = Alliance.objects.filter(
        slug=slug_base("Fachkräfteallianz Kreis und Stadt Kassel")
    ).first()
    bezirk_kassel = Region.objects.filter(ags="066").first()
    plans = []
    for alliance, label, day in (
        (fulda, "Kreis Fulda", dt.date(2027, 3, 17)),
        (kassel, "Kreis und Stadt Kassel", dt.date(2027, 4, 21)),
    ):
        if alliance is None:
            continue
        plans.append(
            {
                "alliance": alliance,
                "slug": f"zukunftswerkstatt-{slug_base(label)}-2027",
                "title": f"Zukunftswerkstatt {label} 2027",
                "districts": list(alliance.districts.all()),
                "starts_at": _at(day, 9),
                "ends_at": _at(day, 16),
                "venue": f"Demo-Tagungsort {label}",
                "organiser": _economic_development(label),
                "moderator": IWAK,
                "forecast_presenter": IWAK,
                "capacity": DEMO_CAPACITY,
                "agenda": _agenda([dt.time(9, 30), dt.time(11, 15), dt.time(14, 0)]),
            }
        )
    if bezirk_kassel is not None:
        plans.append(
            {
                "alliance": None,
                "slug": "zukunftsdialog-regierungsbezirk-kassel-2027",
                "title": "Hessischer Zukunftsdialog Regierungsbezirk Kassel 2027",
                "kind": Workshop.Kind.DIALOG,
                "regierungsbezirk": bezirk_kassel,
                "starts_at": _at(dt.date(2027, 5, 12), 10),
                "ends_at": _at(dt.date(2027, 5, 12), 15),
                "venue": "Demo-Tagungsort Kassel",
                "capacity": 80,
            }
        )
    plans.append(
        {
            "alliance": None,
            "slug": "zukunftsdialog-hessen-zentral-2027",
            "title": "Hessischer Zukunftsdialog 2027 – zentrale Veranstaltung",
            "kind": Workshop.Kind.DIALOG,
            "starts_at": _at(dt.date(2027, 12, 6), 10),
            "ends_at": _at(dt.date(2027, 12, 6), 16),
            "venue": "Demo-Tagungsort Wiesbaden",
            "capacity": 150,
        }
    )
    plans.append(
        {
            "alliance": None,
            "slug": "online-werkstatt-personalverantwortliche-2027",
            "title": "Online-Werkstatt für Unternehmens- und Personalverantwortliche 2027",
            "kind": Workshop.Kind.ONLINE,
            "starts_at": _at(dt.date(2027, 2, 24), 14),
            "ends_at": _at(dt.date(2027, 2, 24), 16),
            "online_link": "https://konferenz.example.org/online-werkstatt-2027",
            "capacity": 30,
        }
    )
    for plan in plans:
        if Workshop.objects.filter(slug=plan["slug"]).exists():
            continue
        workshop = services.workshop_create(actor=office, description=FUTURE_NOTE, **plan)
        services.workshop_transition(actor=office, workshop=workshop, to=Workshop.Status.OPEN)
        created.append(plan["slug"])
    return created


@transaction.atomic
def ensure_demo_workshops() -> list[str]:
    """Create the demo workshops once; returns the slugs created now."""
    office = _office()
    return _past(office) + _future(office)
