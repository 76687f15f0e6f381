"""Demo calls (idempotent), written through the services as the office would: drafted,
given criteria, published.

- ``goerlitz-2025``: Saxony's one-stage call of the Görlitz demo alliance (and one per further
  Saxony demo alliance), project sketches all year for the 2025 budget, with Saxony's
  exclusions (no investments, no flat rates, no travel outside the EU) and the earmark
  "Gewinnung und Integration internationaler Fachkräfte" where the funding demo created it;
- ``ems-achse-qualifizierung-2025``: the Ems-Achse two-stage call to training providers
  (qualification of unemployed people, further training of employees), an expression of
  interest of at most 6,000 characters (about two pages) first.
The texts are synthetic and say so; the programme rules behind them are real.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls import services
from fachkraefte.web.calls.models import Call, CostType, TargetGroup
from fachkraefte.web.funding.models import Earmark
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.programmes.models import Programme

SYNTHETIC = "(Demodaten – synthetischer Aufruf)"
SAXONY = "sachsen-fachkraefteallianzen"
GOERLITZ = "fachkraefteallianz-landkreis-goerlitz"
EMS = "fachkraeftebuendnis-ems-achse"
OFFICE = "koordination"  # the demo coordination office (``demo_logins.DEMO_USERS``)
SAXONY_COSTS = [
    CostType.PERSONNEL,
    CostType.MATERIAL,
    CostType.SERVICES,
    CostType.TRAVEL,
    CostType.PARTICIPANTS,
    CostType.PUBLICITY,
]
SAXONY_CRITERIA = [
    ("Beitrag zur Fachkräftestrategie der Allianz", "Welches Handlungsfeld, welcher Engpass?"),
    ("Regionaler Bedarf belegt", "Zahlen zum Engpass im Kreis, z. B. aus dem Monitor."),
    ("Nachhaltigkeit", "Was bleibt nach dem Ende der Förderung?"),
    ("Wirtschaftlichkeit des Finanzplans", "Angemessene Ausgaben je Teilnehmenden."),
    ("Keine Doppelförderung", "Nicht aus einem anderen Programm förderbar."),
]
EMS_CRITERIA = [
    ("Bedarf der Betriebe in der Region", "Belegt durch Kammern, Agentur oder Betriebe."),
    ("Erreichbarkeit der Zielgruppe", "Wie werden Arbeitslose und Beschäftigte gewonnen?"),
    ("Anschluss an Beschäftigung", "Übergänge in Arbeit oder höhere Qualifikation."),
    ("Kooperation mit Bündnispartnern", "Beteiligte Betriebe und Partner."),
]


def _office() -> Any:
    return get_user_model().objects.get(username=OFFICE)


def _saxony_call(office: Any, alliance: Alliance, slug: str) -> Call:
    programme = alliance.programme
    earmark = Earmark.objects.filter(programme=programme, slug="international").first()
    return services.call_create(
        actor=office,
        programme=programme,
        alliance=alliance,
        slug=slug,
        title=f"Projektaufruf 2025 der {alliance.name.removesuffix(' (Demo)')}",
        summary=(
            "Projektskizzen zur Fachkräftesicherung im Landkreis: Gewinnung, Qualifizierung und "
            f"Bindung von Fachkräften, auch internationaler Fachkräfte. {SYNTHETIC}"
        ),
        description=(
            "Projektskizzen werden laufend angenommen. Die Allianz priorisiert die Skizzen im "
            "Januar und Februar; über die Förderung entscheidet die Sächsische Aufbaubank "
            "(SAB) nach der Fachkräfterichtlinie. Nicht förderfähig sind Investitionen, "
            "Pauschalen und Reisen außerhalb der EU. Ein Projekt darf nicht aus einem anderen "
            f"Programm förderbar sein (keine Doppelförderung). {SYNTHETIC}"
        ),
        opens_on=dt.date(2025, 1, 1),
        closes_on=None,
        rolling=True,
        budget_year=2025,
        earmark=earmark,
        target_groups=[
            TargetGroup.UNEMPLOYED,
            TargetGroup.EMPLOYEES,
            TargetGroup.TRAINEES,
            TargetGroup.SCHOOL_LEAVERS,
            TargetGroup.RETURNERS,
            TargetGroup.INTERNATIONAL,
            TargetGroup.EMPLOYERS,
        ],
        max_grant_rate=Decimal("0.9"),
        min_amount=Decimal("5000"),
        max_amount=Decimal("200000"),
        min_months=6,
        max_months=24,
        eligible_cost_types=SAXONY_COSTS,
        districts=list(alliance.districts.all()),
    )


def _ems_call(office: Any, alliance: Alliance, today: dt.date) -> Call:
    fields = alliance.action_fields.filter(
        title__in=[
            "Alle Fachkräftepotenziale nutzen",
            "Qualifizierungsangebote entwickeln und lebenslanges Lernen unterstützen",
        ]
    )
    priorities = alliance.priorities.filter(
        title__in=["Stärkung digitaler Kompetenzen und Arbeit 4.0"]
    )
    return services.call_create(
        actor=office,
        programme=alliance.programme,
        alliance=alliance,
        slug="ems-achse-qualifizierung-2025",
        title="Qualifizierung und Weiterbildung 2025 an der Ems-Achse",
        summary=(
            "Weiter- und Bildungsträger bewerben sich mit Konzepten zur Qualifizierung von "
            f"Arbeitslosen und zur Weiterbildung von Beschäftigten. {SYNTHETIC}"
        ),
        description=(
            "Zweistufiges Verfahren: Zuerst eine Interessenbekundung von höchstens etwa zwei "
            "Seiten. Die Steuerungsgruppe wählt im Konsens aus und fordert zum Vollantrag auf; "
            "jedem Vollantrag liegt die Stellungnahme des Bündnisses bei. Gefördert werden "
            f"bis zu 70 % der förderfähigen Ausgaben. {SYNTHETIC}"
        ),
        opens_on=dt.date(2025, 1, 15),
        # Placed relative to the first run, so the demo call is open; not moved afterwards.
        closes_on=max(dt.date(2025, 10, 31), today + dt.timedelta(days=120)),
        budget_year=2025,
        target_groups=[TargetGroup.UNEMPLOYED, TargetGroup.EMPLOYEES],
        interest_max_chars=6000,
        applicant_categories=[PartnerCategory.OTHER, PartnerCategory.UNIVERSITY],
        max_grant_rate=Decimal("0.7"),
        min_amount=Decimal("10000"),
        max_amount=Decimal("250000"),
        max_months=36,
        eligible_cost_types=[
            CostType.PERSONNEL,
            CostType.MATERIAL,
            CostType.SERVICES,
            CostType.TRAVEL,
            CostType.PARTICIPANTS,
        ],
        action_fields=list(fields),
        priorities=list(priorities),
        districts=list(alliance.districts.all()),
    )


def _finish(office: Any, call: Call, criteria: list[tuple[str, str]]) -> None:
    for label, description in criteria:
        services.criterion_create(actor=office, call=call, label=label, description=description)
    services.call_publish(actor=office, call=call)


def _saxony_slug(alliance: Alliance) -> str:
    if alliance.slug == GOERLITZ:
        return "goerlitz-2025"
    return f"{alliance.slug.removeprefix('fachkraefteallianz-')}-2025"[:80]


@transaction.atomic
def ensure_demo_calls(*, today: dt.date | None = None) -> list[str]:
    """Create and publish the demo calls once; returns the slugs created now."""
    today = today or dt.date.today()
    office = _office()
    created = []
    saxony = Programme.objects.filter(slug=SAXONY).first()
    alliances = Alliance.objects.filter(programme=saxony, name__endswith="(Demo)").order_by("slug")
    for alliance in alliances:
        slug = _saxony_slug(alliance)
        if not Call.objects.filter(slug=slug).exists():
            _finish(office, _saxony_call(office, alliance, slug), SAXONY_CRITERIA)
            created.append(slug)
    ems = Alliance.objects.filter(slug=EMS).first()
    if ems is not None and not Call.objects.filter(slug="ems-achse-qualifizierung-2025").exists():
        _finish(office, _ems_call(office, ems, today), EMS_CRITERIA)
        created.append("ems-achse-qualifizierung-2025")
    return created
