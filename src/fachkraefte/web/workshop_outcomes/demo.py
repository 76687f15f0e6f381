"""Demo outcomes (idempotent, synthetic and labelled): the 2023 Zukunftswerkstätten of the demo
(``workshops.demo``) get a few outcomes in Hessen's three steps, owned by the district's
Demo-Wirtschaftsförderung, with a follow-up in 2024; one measure becomes a draft call.

Nothing here is taken from real workshops: the seeds name the steps, not their results. Every
text starts with "Demo:"; the same short list is used for every workshop in turn (by its place
in the schedule), not chosen per district. No dot votes are invented (they need participants).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fachkraefte.web.workshop_outcomes import services
from fachkraefte.web.workshop_outcomes.models import Outcome
from fachkraefte.web.workshops.models import Workshop

OFFICE = "koordination"
# (phase, category, text, KldB codes, target groups)
OUTCOMES = [
    (
        "bild",
        "anmerkung",
        "Demo: Der Engpass in der Pflege ist vor Ort schon heute spürbar.",
        [],
        [],
    ),
    (
        "strategie",
        "ziel",
        "Demo: Mehr Schulabgängerinnen und -abgänger für eine duale Ausbildung im Kreis gewinnen.",
        [],
        ["school_leavers"],
    ),
    (
        "massnahmen",
        "neue_massnahme",
        "Demo: Ausbildungsverbund Pflege mit den Kliniken und Pflegediensten des Kreises",
        ["813", "821"],
        ["trainees", "school_leavers"],
    ),
    (
        "massnahmen",
        "optimierung",
        "Demo: Willkommenslotsen für internationale Fachkräfte mit der Ausländerbehörde abstimmen",
        [],
        ["international"],
    ),
]
# The follow-up of the two measures, by the workshop's place in the schedule (cycled):
# (status path, due date) – some done, some in progress, some still open.
FOLLOW_UPS = [
    (["in_progress", "done"], dt.date(2024, 6, 30)),
    (["in_progress"], dt.date(2024, 12, 31)),
    ([], dt.date(2025, 6, 30)),
]


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def _record(office: Any, workshop: Workshop, index: int) -> list[Outcome]:
    made = []
    for number, (phase, category, text, codes, groups) in enumerate(OUTCOMES):
        measure = phase == "massnahmen"
        path, due = FOLLOW_UPS[(index + number) % len(FOLLOW_UPS)]
        outcome = services.outcome_create(
            actor=office,
            workshop=workshop,
            phase=phase,
            category=category,
            text=text,
            occupations=codes,
            target_groups=groups,
            owner_organisation=workshop.organiser if measure else None,
            due_on=due if measure else None,
        )
        if measure:
            for step, to in enumerate(path):
                note = "Demo: Stand aus der Nachverfolgung" if to == "done" else ""
                day = dt.date(2024, 3 + 3 * step, 15)
                services.outcome_transition(
                    actor=office, outcome=outcome, to=to, note=note, now=_at(day)
                )
        made.append(outcome)
    return made


@transaction.atomic
def ensure_demo_outcomes() -> int:
    """Outcomes for every past demo Zukunftswerkstatt that has none; returns how many made."""
    office = get_user_model().objects.filter(username=OFFICE).first()
    if office is None:
        return 0
    past = Workshop.objects.filter(
        kind=Workshop.Kind.WERKSTATT,
        status=Workshop.Status.DONE,
        slug__startswith="zukunftswerkstatt-",
        slug__endswith="-2023",
    ).order_by("starts_at", "slug")
    made: list[Outcome] = []
    for index, workshop in enumerate(past):
        if workshop.outcomes.exists():
            continue
        outcomes = _record(office, workshop, index)
        services.protocol_close(actor=office, workshop=workshop, now=workshop.ends_at)
        made += outcomes
    if made and not Outcome.objects.filter(call__isnull=False).exists():
        measure = next(o for o in made if o.category == "neue_massnahme" and o.status != "done")
        services.outcome_make_call(actor=office, outcome=measure, today=dt.date(2024, 2, 1))
    return len(made)
