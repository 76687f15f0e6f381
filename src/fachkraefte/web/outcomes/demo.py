"""Demo: the fit to need of the demo proposals and the effect of the demo projects on the gap,
computed once for the demo's default forecast run so that the pages show results at once.

Nothing is invented here: the inputs are the demo proposals' and projects' own (synthetic)
target cells and outcomes, and the numbers come from ``fachkraefte.need`` on the demo run —
the same task the pages queue (``outcomes.gap_effect``), run in this process.
"""

from __future__ import annotations

from collections.abc import Callable

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.outcomes.models import GapEffect
from fachkraefte.web.outcomes.selectors import COUNTED_PROJECTS, gap_effect_state
from fachkraefte.web.outcomes.tasks import compute_gap_effect
from fachkraefte.web.projects.models import Project
from fachkraefte.web.proposals.models import Proposal


def _subjects() -> list[tuple[str, int, str]]:
    subjects = [
        (GapEffect.Subject.PROPOSAL, pk, GapEffect.Kind.EXPECTED)
        for pk in Proposal.objects.exclude(status=Proposal.Status.DRAFT).values_list(
            "pk", flat=True
        )
    ]
    kinds = (GapEffect.Kind.PLANNED, GapEffect.Kind.ACHIEVED)
    projects = Project.objects.filter(status__in=COUNTED_PROJECTS, is_historic=False)
    subjects += [
        (GapEffect.Subject.PROJECT, pk, k)
        for pk in projects.values_list("pk", flat=True)
        for k in kinds
    ]
    alliances = Alliance.objects.filter(projects__in=projects).distinct()
    subjects += [
        (GapEffect.Subject.ALLIANCE, pk, k)
        for pk in alliances.values_list("pk", flat=True)
        for k in kinds
    ]
    return subjects


def ensure_demo_gap_effects(*, say: Callable[[str], None] = print) -> int:
    """Compute every missing effect for the default run; returns how many were computed."""
    done = 0
    for subject, subject_id, kind in _subjects():
        state = gap_effect_state(subject=subject, subject_id=subject_id, kind=kind)
        if state.status != "pending" or state.run is None:
            continue
        compute_gap_effect(
            {
                "subject": subject,
                "subject_id": subject_id,
                "kind": kind,
                "run_id": state.run.run_id,
                "inputs_hash": state.inputs.digest,
            },
            lambda _percent, _message: None,
        )
        done += 1
    say(
        f"Bedarfspassung und Wirkung auf die Lücke: {done} berechnet / need and gap effects computed"
    )
    return done
