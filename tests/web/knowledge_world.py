"""Catalogue entries for the role matrix and the knowledge tests: made with the ORM in the role
world's alliance A (``role_world.py``), in the state asked for, once per test.

Entries that are not published carry ``SECRET`` in their title: they are internal to their
keepers, so the matrix's leak check finds them wherever an outsider of A would see them.
"""

from __future__ import annotations

import datetime as dt

from role_world import SECRET

from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge.models import Curation, GoodPractice, Measure


def _title(kind: str, state: str) -> str:
    return f"{kind} ({state})" if state == Curation.PUBLISHED else f"{SECRET} {kind} ({state})"


def matrix_measure(w, state: str = Curation.PUBLISHED) -> Measure:
    measure, _ = Measure.objects.get_or_create(
        slug=f"matrix-massnahme-{state.replace('_', '-')}",
        defaults={
            "title": _title("Maßnahme", state),
            "summary": "Pflegekräfte gewinnen",
            "state": state,
            "alliance": w.a,
            "land": Region.objects.get(ags="14"),
        },
    )
    return measure


def matrix_practice(w, state: str = Curation.PUBLISHED) -> GoodPractice:
    practice, _ = GoodPractice.objects.get_or_create(
        slug=f"matrix-praxis-{state.replace('_', '-')}",
        defaults={
            "title": _title("Betrieb", state),
            "employer": "Muster GmbH",
            "summary": "Ein Betrieb stellt sich vor",
            "district": Region.objects.get(ags="14626"),
            "published_month": dt.date(2020, 8, 1),
            "state": state,
            "alliance": w.a,
        },
    )
    return practice


def matrix_entry(w, kind: str, state: str):
    return matrix_measure(w, state) if kind == "measure" else matrix_practice(w, state)


def publish(office, entry):
    """Through the office's review, as the pages do it."""
    from fachkraefte.web.knowledge import services
    from fachkraefte.web.knowledge.workflows import IN_REVIEW, PUBLISHED

    entry = services.entry_transition(actor=office, entry=entry, to=IN_REVIEW)
    return services.entry_transition(actor=office, entry=entry, to=PUBLISHED)
