"""Outcomes for the role matrix: a measure of A's done workshop (``workshops_matrix_world``),
entered by A's steering group; entry stays open (the workshop is done, its protocol not closed).
Made on demand, once per test (the test's savepoint undoes it)."""

from __future__ import annotations

from decimal import Decimal

from workshops_matrix_world import NOW, matrix_workshop

from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.workshop_outcomes.models import Outcome
from fachkraefte.web.workshops.models import Registration


def matrix_outcome(w) -> Outcome:
    workshop = matrix_workshop(w, "done")
    outcome, _ = Outcome.objects.get_or_create(
        workshop=workshop,
        text="Ausbildungsverbund Pflege",
        defaults={"phase": "massnahmen", "category": "neue_massnahme", "position": 1},
    )
    return outcome


def matrix_voter(w) -> Outcome:
    """The outcome, with the applicant registered for its workshop (participants vote)."""
    outcome = matrix_outcome(w)
    Registration.objects.get_or_create(
        workshop=outcome.workshop,
        user=w.users["applicant"],
        defaults={"status": Registration.Status.REGISTERED, "created_at": NOW},
    )
    return outcome


def matrix_measure_for_call(w) -> Outcome:
    """The outcome, with funding terms for A's programme (a call needs its grant rate cap)."""
    FundingTerms.objects.get_or_create(
        programme=w.a.programme, defaults={"max_grant_rate": Decimal("0.8")}
    )
    return matrix_outcome(w)
