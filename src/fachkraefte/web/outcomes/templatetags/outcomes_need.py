"""``{% proposal_need proposal %}``: the fit to need in the checks panel beside a proposal.

Shown only to whom ``proposals.rules.may_see_checks`` admits (office, steering group,
reviewers); the stored assessment for the current forecast run, or its computation queued.
"""

from __future__ import annotations

from typing import Any

from django import template

from fachkraefte.web.outcomes import selectors, services
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
    where = {
        "subject": GapEffect.Subject.PROPOSAL,
        "subject_id": proposal.pk,
        "kind": GapEffect.Kind.EXPECTED,
    }
    state = selectors.gap_effect_state(**where)
    if services.gap_effect_request(state=state) is not None:
        state = selectors.gap_effect_state(**where)
    return {
        "shown": True,
        "e": effect_context(state, lang=getattr(request, "LANGUAGE_CODE", "de")),
        "key": "need",
        "proposal": proposal,
    }
