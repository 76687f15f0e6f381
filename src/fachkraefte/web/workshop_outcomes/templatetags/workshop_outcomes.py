"""The outcomes section of a workshop's page: links to the board and the moderator view, and
"Was aus der letzten Werkstatt wurde": the previous workshop of the district and what became
of its outcomes (the method is a cycle)."""

from __future__ import annotations

from typing import Any

from django import template

from fachkraefte.web.workshop_outcomes import rules, selectors
from fachkraefte.web.workshops.models import Workshop

register = template.Library()


@register.inclusion_tag("workshop_outcomes/_workshop_section.html", takes_context=True)
def workshop_outcomes_section(context: dict[str, Any], workshop: Workshop) -> dict[str, Any]:
    user = context["request"].user
    previous = selectors.previous_workshop(workshop=workshop, user=user)
    earlier = []
    if previous is not None:
        earlier = list(
            selectors.with_points(previous.outcomes.all())
            .select_related("call", "owner_user", "owner_organisation")
            .order_by("-points", "position")
        )
    districts = list(workshop.districts.all())
    return {
        "workshop": workshop,
        "may_view": rules.may_view_outcomes(user, workshop),
        "count": workshop.outcomes.count(),
        "may_moderate": rules.may_open_moderation(user, workshop),
        "previous": previous,
        "earlier": earlier,
        "districts": districts,
    }
