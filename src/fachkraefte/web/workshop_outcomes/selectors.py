"""Reads of outcomes: by phase for the moderator view and the documentation, the follow-up
lists per district and alliance, a person's dots, and the previous workshop of a district."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from fachkraefte.web.workshop_outcomes.models import Outcome, OutcomeProtocol, OutcomeVote
from fachkraefte.web.workshop_outcomes.phases import PhaseTemplate, template_of
from fachkraefte.web.workshops.models import Workshop
from fachkraefte.web.workshops.selectors import workshops_visible


@dataclass
class PhaseOutcomes:
    key: str
    label: str
    question: str
    categories: list[tuple[str, str]]
    outcomes: list[Outcome]


def template_for(*, workshop: Workshop) -> PhaseTemplate:
    protocol = OutcomeProtocol.objects.filter(workshop=workshop).first()
    return template_of(protocol.template if protocol else "")


def with_points(queryset: QuerySet[Outcome]) -> QuerySet[Outcome]:
    """Each outcome's dots as ``points``; a subquery, so that later filters over many-valued
    relations (a workshop's districts) cannot multiply the sum."""
    dots = (
        OutcomeVote.objects.filter(outcome=OuterRef("pk"))
        .values("outcome")
        .annotate(total=Sum("dots"))
        .values("total")
    )
    return queryset.annotate(points=Coalesce(Subquery(dots), 0))


def outcomes_by_phase(*, workshop: Workshop) -> list[PhaseOutcomes]:
    """Every phase of the workshop's method with its outcomes, highest points first."""
    template = template_for(workshop=workshop)
    outcomes = list(
        with_points(workshop.outcomes.all())
        .select_related("owner_user", "owner_organisation", "call")
        .prefetch_related("action_fields")
        .order_by("-points", "position", "pk")
    )
    for outcome in outcomes:
        outcome.category_label = template.category_label(outcome.phase, outcome.category)
    return [
        PhaseOutcomes(
            key=phase.key,
            label=str(phase.label),
            question=str(phase.question),
            categories=[(c.key, str(c.label)) for c in template.categories[phase.key]],
            outcomes=[o for o in outcomes if o.phase == phase.key],
        )
        for phase in template.phases
    ]


def own_dots(*, workshop: Workshop, user: Any) -> dict[int, int]:
    if not getattr(user, "is_authenticated", False):
        return {}
    votes = OutcomeVote.objects.filter(outcome__workshop=workshop, voter=user)
    return dict(votes.values_list("outcome_id", "dots"))


def outcomes_visible(*, user: Any) -> QuerySet[Outcome]:
    """Outcomes of every workshop ``user`` may read (announced ones: not while planned)."""
    workshops = workshops_visible(user=user).exclude(status=Workshop.Status.PLANNED)
    return Outcome.objects.filter(workshop__in=workshops.values("pk"))


def followup_outcomes(
    *,
    user: Any,
    district: str | None = None,
    alliance: Any = None,
    status: str = "",
    search: str = "",
) -> QuerySet[Outcome]:
    """What became of the outcomes of a district's (by AGS) or an alliance's workshops."""
    outcomes = outcomes_visible(user=user)
    if district:
        outcomes = outcomes.filter(
            workshop__in=Workshop.objects.filter(districts__ags=district).values("pk")
        )
    if alliance is not None:
        outcomes = outcomes.filter(workshop__alliance=alliance)
    if status in Outcome.Status.values:
        outcomes = outcomes.filter(status=status)
    if search:
        outcomes = outcomes.filter(Q(text__icontains=search) | Q(workshop__title__icontains=search))
    return (
        with_points(outcomes)
        .select_related("workshop", "owner_user", "owner_organisation", "call")
        .prefetch_related("events")
    )


def previous_workshop(*, workshop: Workshop, user: Any) -> Workshop | None:
    """The last done workshop before this one in one of its districts that has outcomes."""
    districts = list(workshop.districts.values_list("pk", flat=True))
    if not districts:
        return None
    return (
        workshops_visible(user=user)
        .filter(
            districts__in=districts,
            status=Workshop.Status.DONE,
            starts_at__lt=workshop.starts_at,
            outcomes__isnull=False,
        )
        .exclude(pk=workshop.pk)
        .distinct()
        .order_by("-starts_at")
        .first()
    )
