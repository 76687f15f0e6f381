"""``{% overlap_panel proposal %}``: the overlap half of the checks beside a proposal.

Office, reviewers and the steering group see the candidates with their scores side by side,
the structured overlaps named and the matching passages highlighted (every piece of text is
escaped by the template; only the ``<mark>`` around a matching word is markup). Applicants see
similar funded projects elsewhere, as inspiration. Nothing here blocks anyone: the panel only
reads what the background task stored.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from fachkraefte import geo, occupations
from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.overlaps import rules, selectors
from fachkraefte.web.overlaps.forms import OverlapLabelForm
from fachkraefte.web.overlaps.models import OverlapCandidate
from fachkraefte.web.proposals import rules as proposal_rules
from fachkraefte.web.proposals.models import Proposal

register = template.Library()


def segments(text: str, spans: list[list[int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_match) at the matching words' spans."""
    pieces, at = [], 0
    for start, end in sorted(spans):
        if start < at or end > len(text):
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def _district(ags: str) -> str:
    try:
        return geo.region(ags).name
    except LookupError:
        return ags


def _occupation(code: str) -> str:
    try:
        return f"{code} {occupations.occupation(code).title}"
    except LookupError:
        return code


def _target_group(value: str) -> str:
    return str(TargetGroup(value).label) if value in TargetGroup.values else value


def structure_named(structure: dict[str, Any]) -> list[str]:
    named = []
    if structure.get("same_districts"):
        names = ", ".join(_district(a) for a in structure["same_districts"])
        named.append(_("gleicher Kreis: %(names)s") % {"names": names})
    if structure.get("neighbouring_districts"):
        pairs = ", ".join(
            f"{_district(a)} – {_district(b)}" for a, b in structure["neighbouring_districts"]
        )
        named.append(_("benachbarte Kreise: %(pairs)s") % {"pairs": pairs})
    if structure.get("shared_occupations"):
        codes = ", ".join(_occupation(c) for c in structure["shared_occupations"])
        named.append(_("gleiche Berufsgruppen: %(codes)s") % {"codes": codes})
    if structure.get("shared_target_groups"):
        groups = ", ".join(_target_group(g) for g in structure["shared_target_groups"])
        named.append(_("gleiche Zielgruppen: %(groups)s") % {"groups": groups})
    if structure.get("period_overlap_days"):
        named.append(
            _("Laufzeiten überschneiden sich um %(days)s Tage")
            % {"days": structure["period_overlap_days"]}
        )
    return named


def _shown(candidate: OverlapCandidate, user: Any, labels: dict) -> dict[str, Any]:
    other = candidate.candidate_proposal
    return {
        "candidate": candidate,
        "is_project": candidate.candidate_project_id is not None,
        "link": other.get_absolute_url()
        if other is not None and proposal_rules.may_view(user, other)
        else None,
        "structure": structure_named(candidate.structure),
        "passages": [
            {
                "a": segments(p["text_a"], p.get("spans_a", [])),
                "b": segments(p["text_b"], p.get("spans_b", [])),
                "similarity": p["similarity"],
            }
            for p in candidate.passages
        ],
        "label": labels.get(candidate.candidate_key),
    }


@register.inclusion_tag("overlaps/_panel.html", takes_context=True)
def overlap_panel(context: template.Context, proposal: Proposal) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    check = selectors.overlap_check_of(proposal=proposal)
    shown: dict[str, Any] = {
        "proposal": proposal,
        "check": check,
        "stale": check is not None and check.proposal_updated_at < proposal.updated_at,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
    if rules.may_see_check(user, proposal):
        labels = selectors.overlap_labels_of(proposal=proposal)
        shown["checker"] = True
        shown["candidates"] = [
            _shown(c, user, labels)
            for c in selectors.overlap_candidates(
                proposal=proposal, kind=OverlapCandidate.Kind.CHECK
            )
        ]
        shown["may_label"] = rules.may_label(user, proposal)
        shown["form"] = OverlapLabelForm()
    elif rules.may_see_inspiration(user, proposal):
        shown["inspiration"] = selectors.overlap_candidates(
            proposal=proposal, kind=OverlapCandidate.Kind.INSPIRATION
        )
    return shown
