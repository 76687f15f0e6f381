"""``{% proposal_need proposal %}``: the fit to need in the checks panel beside a proposal;
``{% project_gap_effect project %}``: the effect of a project's outcomes (for the project page).

Each asks the rules first (``proposals.rules.may_see_checks``: office, steering group,
reviewers; ``outcomes.rules.may_view_project_outcomes``) and shows the stored result for the
current forecast run, or queues its computation.
"""

from __future__ import annotations

from typing import Any

from django import template

from fachkraefte.web.outcomes import services
from fachkraefte.web.outcomes.models import GapEffect
from fachkraefte.web.outcomes.presentation import effect_context
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.rules import may_see_checks

register = template.Library()


@register.inclusion_tag("outcomes/_need_panel.html", takes_context=True)
def proposal_need(context: template.Context, proposal: Proposal) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not may_see_checks(user, proposal):
        return {"shown": False}
    (state,) = services.gap_effects_requested(
        subject=GapEffect.Subject.PROPOSAL,
        subject_id=proposal.pk,
        kinds=(GapEffect.Kind.EXPECTED,),
    )
    return {
        "shown": True,
        "e": effect_context(state, lang=getattr(request, "LANGUAGE_CODE", "de")),
        "key": "need",
        "proposal": proposal,
    }


@register.inclusion_tag("outcomes/_gap_effect.html", takes_context=True)
def project_gap_effect(context: template.Context, project: Any) -> dict[str, Any]:
    from django.urls import reverse

    from fachkraefte.web.outcomes.rules import may_view_project_outcomes
    from fachkraefte.web.outcomes.views import effect_page_context

    request = context.get("request")
    if request is None or not may_view_project_outcomes(getattr(request, "user", None), project):
        return {"effects": []}
    shown = effect_page_context(request, GapEffect.Subject.PROJECT, project.pk)
    # the HTMX refresh asks the effect page's own fragment, wherever the partial is included
    shown["refresh_url"] = reverse("outcomes:effect", args=[project.pk]) + "?teil=1"
    return {**shown, "request": request}


@register.filter
def sees_alliance_effect(user: Any, alliance: Any) -> bool:
    """``{% if request.user|sees_alliance_effect:alliance %}``: the rule, asked by the nav."""
    from fachkraefte.web.outcomes.rules import may_view_alliance_effect

    return may_view_alliance_effect(user, alliance)
