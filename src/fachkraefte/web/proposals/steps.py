"""The steps of the proposal form, per stage: their keys, titles and order.

A one-stage project sketch and a full proposal ask everything (six steps); an expression of
interest in a two-stage call asks only what the steering group selects by (four steps: no
budget plan, no declaration), and
the full-proposal steps open once the proposal is invited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.proposals.models import Proposal


@dataclass(frozen=True)
class FormStep:
    key: str
    title: object  # a lazy text


CARRIER = FormStep("traeger", _("Träger und Projekt"))
GOALS = FormStep("ziele", _("Ziele und Zielgruppen"))
OCCUPATIONS = FormStep("berufe", _("Berufe und Region"))
FINANCE = FormStep("finanzplan", _("Finanzplan"))
DECLARATION = FormStep("erklaerung", _("Doppelförderung"))
REVIEW = FormStep("pruefen", _("Prüfen und Einreichen"))

FULL_STEPS = (CARRIER, GOALS, OCCUPATIONS, FINANCE, DECLARATION, REVIEW)
INTEREST_STEPS = (CARRIER, GOALS, OCCUPATIONS, REVIEW)
STEP_KEYS = {step.key for step in FULL_STEPS}


def is_interest(proposal: Proposal) -> bool:
    """Still the expression of interest (not yet invited to the full proposal)."""
    return proposal.stage == Proposal.Stage.INTEREST and proposal.status != Proposal.Status.INVITED


def steps_for(proposal: Proposal) -> tuple[FormStep, ...]:
    return INTEREST_STEPS if is_interest(proposal) else FULL_STEPS


def step_at(proposal: Proposal, number: int) -> FormStep | None:
    steps = steps_for(proposal)
    return steps[number - 1] if 1 <= number <= len(steps) else None


def number_of(proposal: Proposal, key: str) -> int:
    return next(i for i, step in enumerate(steps_for(proposal), start=1) if step.key == key)
