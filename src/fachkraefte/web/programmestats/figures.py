"""Each project's money and outcomes, as the programme statistics and the public record count them.

Where the figures come from (docs/programme-statistics.md):

- a project of the platform (created from a proposal): **committed** is what the ledger bound
  for its proposal minus what it released again (commitment − release, on every budget);
  **paid** is what the ledger paid to the project minus what came back (payment − return);
- a historic project (imported from a funder's list, no ledger entries): **committed** is the
  approved amount of the list; **paid** is the approved amount once the project is closed and
  nothing before (the lists publish approvals, not payments);
- **participants**: the sum of all participant counts reported for the project;
- **outcomes**: the sum of the achieved results (``OutcomeResult`` of kind "achieved").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum

from fachkraefte.web.funding.models import LedgerEntry
from fachkraefte.web.outcomes.models import OutcomeResult, ParticipantCount
from fachkraefte.web.projects.models import Project

ZERO = Decimal("0.00")
K = LedgerEntry.Kind


@dataclass
class ProjectFigures:
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    participants: int = 0
    outcomes: int = 0
    # Participants per target group (code of ``calls.TargetGroup`` or free text of an import).
    participants_by_group: dict[str, int] = field(default_factory=dict)


def _ledger_sums(entries: QuerySet, key: str) -> dict[int, dict[str, Decimal]]:
    sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for owner, kind, total in (
        entries.values_list(key, "kind")
        .annotate(total=Sum("amount"))
        .values_list(key, "kind", "total")
    ):
        sums[owner][kind] = total or ZERO
    return sums


def project_figures(*, projects: QuerySet[Project]) -> dict[int, ProjectFigures]:
    """The figures of every project of ``projects``, by project id (four queries in all)."""
    rows = list(
        projects.values_list("pk", "proposal_id", "is_historic", "status", "approved_amount")
    )
    figures = {pk: ProjectFigures() for pk, *_rest in rows}
    committed = _ledger_sums(
        LedgerEntry.objects.filter(
            proposal__project__in=projects, kind__in=[K.COMMITMENT, K.RELEASE]
        ),
        "proposal_id",
    )
    paid = _ledger_sums(
        LedgerEntry.objects.filter(project__in=projects, kind__in=[K.PAYMENT, K.RETURN]),
        "project_id",
    )
    for pk, proposal_id, is_historic, status, approved in rows:
        own = figures[pk]
        if is_historic and proposal_id is None:
            own.committed = approved
            own.paid = approved if status == Project.Status.CLOSED else ZERO
            continue
        bound = committed.get(proposal_id, {})
        own.committed = bound.get(K.COMMITMENT, ZERO) - bound.get(K.RELEASE, ZERO)
        moved = paid.get(pk, {})
        own.paid = moved.get(K.PAYMENT, ZERO) - moved.get(K.RETURN, ZERO)
    for pk, group, total in (
        ParticipantCount.objects.filter(project__in=projects)
        .values_list("project_id", "target_group")
        .annotate(total=Sum("count"))
        .values_list("project_id", "target_group", "total")
    ):
        figures[pk].participants += total or 0
        figures[pk].participants_by_group[group] = total or 0
    for pk, total in (
        OutcomeResult.objects.filter(project__in=projects, kind=OutcomeResult.Kind.ACHIEVED)
        .values_list("project_id")
        .annotate(total=Sum("count"))
        .values_list("project_id", "total")
    ):
        figures[pk].outcomes = total or 0
    return figures
