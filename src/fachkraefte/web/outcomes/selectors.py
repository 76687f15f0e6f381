"""Reads of outcomes and of their effect on the gap.

The effect of a proposal, a project or an alliance is looked up, never computed here: its
inputs (target cells and outcome rows) are hashed, and the stored ``GapEffect`` of the current
forecast run with that hash is the answer. Without one the caller queues the computation
(``services.gap_effect_request``) and shows its progress.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Expression, FloatField, OuterRef, QuerySet, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from fachkraefte.need import Outcome
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.monitor.selectors import Run, UnknownRunError, default_run, run_by_id
from fachkraefte.web.outcomes.models import GapEffect, OutcomeResult, ParticipantCount
from fachkraefte.web.projects.models import Project
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.tasks.models import Task

EFFECT_KIND = "outcomes.gap_effect"
COUNTED_PROJECTS = [s for s in Project.Status.values if s != Project.Status.CANCELLED]


@dataclass(frozen=True)
class EffectInputs:
    """What an effect is computed from: (ags, kldb3) target cells and outcome rows."""

    cells: tuple[tuple[str, str], ...]
    outcomes: tuple[Outcome, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def digest(self) -> str:
        payload = {
            "cells": sorted(self.cells),
            "outcomes": sorted((o.kldb, o.ags, o.year, round(o.count, 6)) for o in self.outcomes),
        }
        return hashlib.sha256(json.dumps(payload).encode()).hexdigest()

    @property
    def empty(self) -> bool:
        return not self.cells and not self.outcomes


def _cells(codes: list[str], districts: list[str]) -> set[tuple[str, str]]:
    return {(ags, str(code)[:3]) for code in codes if code for ags in districts}


def proposal_inputs(*, proposal: Proposal) -> EffectInputs:
    """The proposal's occupations × districts, and its expected outcomes spread evenly over
    the calendar years it runs (a count is what the whole project expects)."""
    districts = sorted(proposal.districts.values_list("ags", flat=True))
    cells = _cells(list(proposal.occupations or []), districts)
    notes: list[str] = []
    years: list[int] = []
    if proposal.starts_on and proposal.ends_on:
        years = list(range(proposal.starts_on.year, proposal.ends_on.year + 1))
    outcomes: list[Outcome] = []
    for row in proposal.expected_outcomes or []:
        code = str(row.get("occupation") or "")
        ags = str(row.get("district") or "") or (districts[0] if len(districts) == 1 else "")
        count = float(row.get("count") or 0)
        if not code or not ags or count <= 0:
            notes.append(
                _("„%(what)s“ ohne Beruf oder Kreis: nicht in der Prognose abbildbar.")
                % {"what": row.get("what", "")}
            )
            continue
        if not years:
            notes.append(_("Beginn und Ende fehlen: die erwarteten Ergebnisse haben kein Jahr."))
            break
        outcomes += [Outcome(count / len(years), code, ags, year) for year in years]
        cells.add((ags, code[:3]))
    return EffectInputs(tuple(sorted(cells)), tuple(outcomes), tuple(dict.fromkeys(notes)))


def _result_outcomes(rows: QuerySet[OutcomeResult]) -> tuple[list[Outcome], int]:
    usable = [r for r in rows if r.occupation and r.district_id]
    return [Outcome(r.count, r.occupation, r.district_id, r.year) for r in usable], len(rows) - len(
        usable
    )


def _kind_note(skipped: int) -> list[str]:
    if not skipped:
        return []
    return [
        _("%(n)s Ergebnis(se) ohne Beruf oder Kreis: nicht in der Prognose abbildbar.")
        % {"n": skipped}
    ]


def project_inputs(*, project: Project, kind: str) -> EffectInputs:
    """The project's occupations × districts and its planned or achieved result rows."""
    districts = sorted(project.districts.values_list("ags", flat=True))
    cells = _cells(list(project.occupations or []), districts)
    outcomes, skipped = _result_outcomes(project.outcome_results.filter(kind=kind))
    cells |= {(o.ags, o.kldb3) for o in outcomes}
    return EffectInputs(tuple(sorted(cells)), tuple(outcomes), tuple(_kind_note(skipped)))


def alliance_inputs(*, alliance: Alliance, kind: str) -> EffectInputs:
    """All counted projects of the alliance together: the union of their cells and rows."""
    cells: set[tuple[str, str]] = set()
    outcomes: list[Outcome] = []
    notes: list[str] = []
    for project in alliance.projects.filter(status__in=COUNTED_PROJECTS).prefetch_related(
        "districts"
    ):
        one = project_inputs(project=project, kind=kind)
        cells |= set(one.cells)
        outcomes += one.outcomes
        notes += one.notes
    return EffectInputs(tuple(sorted(cells)), tuple(outcomes), tuple(notes))


def subject_inputs(*, subject: str, subject_id: int, kind: str) -> EffectInputs:
    if subject == GapEffect.Subject.PROPOSAL:
        return proposal_inputs(proposal=Proposal.objects.get(pk=subject_id))
    if subject == GapEffect.Subject.PROJECT:
        return project_inputs(project=Project.objects.get(pk=subject_id), kind=kind)
    return alliance_inputs(alliance=Alliance.objects.get(pk=subject_id), kind=kind)


@dataclass(frozen=True)
class EffectState:
    """What a page shows: ``ready`` (with ``effect``), ``failed`` (``effect.problem``),
    ``pending`` (``task`` once queued), ``no_run`` or ``nothing`` (no cells to assess)."""

    status: str
    subject: str
    subject_id: int
    kind: str
    inputs: EffectInputs
    run: Run | None = None
    effect: GapEffect | None = None
    task: Task | None = None


def pending_task(*, subject: str, subject_id: int, kind: str, run_id: str, digest: str):
    return (
        Task.objects.filter(
            kind=EFFECT_KIND,
            params__subject=subject,
            params__subject_id=subject_id,
            params__kind=kind,
            params__run_id=run_id,
            params__inputs_hash=digest,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def gap_effect_state(
    *, subject: str, subject_id: int, kind: str, inputs: EffectInputs | None = None
) -> EffectState:
    """The stored effect for the current default run and the subject's current inputs."""
    if inputs is None:
        inputs = subject_inputs(subject=subject, subject_id=subject_id, kind=kind)
    where = {"subject": subject, "subject_id": subject_id, "kind": kind}
    run = default_run()
    if run is None:
        return EffectState("no_run", inputs=inputs, **where)
    if not inputs.cells:
        return EffectState("nothing", inputs=inputs, run=run, **where)
    effect = GapEffect.objects.filter(**where, run_id=run.run_id, inputs_hash=inputs.digest).first()
    if effect is not None:
        return EffectState(effect.status, inputs=inputs, run=run, effect=effect, **where)
    task = pending_task(**where, run_id=run.run_id, digest=inputs.digest)
    return EffectState("pending", inputs=inputs, run=run, task=task, **where)


def proposal_need_score() -> Expression:
    """The stored need score (0–100) of each proposal (``OuterRef("pk")``) for the current
    default run: of its newest computed "expected" effect, NULL while none is stored. Read only,
    never computed here; the checks panel and the ``need`` API queue the computation."""
    run = default_run()
    if run is None:
        return Value(None, output_field=FloatField())
    newest = (
        GapEffect.objects.filter(
            subject=GapEffect.Subject.PROPOSAL,
            subject_id=OuterRef("pk"),
            kind=GapEffect.Kind.EXPECTED,
            run_id=run.run_id,
            status=GapEffect.Status.READY,
        )
        .order_by("-computed_at", "-pk")
        .annotate(score=Cast(KT("result__need_score"), FloatField()))
        .values("score")[:1]
    )
    return Subquery(newest, output_field=FloatField())


def run_named(run_id: str) -> Run | None:
    try:
        return run_by_id(run_id)
    except UnknownRunError:
        return None


def report_outcomes(*, report: Report) -> dict[str, Any]:
    participants = list(ParticipantCount.objects.filter(report=report))
    labels = dict(TargetGroup.choices)
    for row in participants:
        row.target_group_label = labels.get(row.target_group, row.target_group)
    return {
        "participants": participants,
        "results": list(OutcomeResult.objects.filter(report=report).select_related("district")),
    }


def project_outcome_totals(*, project: Project) -> dict[str, int]:
    rows = OutcomeResult.objects.filter(project=project)
    return {
        kind: sum(r.count for r in rows if r.kind == kind) for kind in OutcomeResult.Kind.values
    }


def projects_with_visible_outcomes(*, user: Any) -> QuerySet[Project]:
    """The projects whose outcomes ``user`` may read (``rules.may_view_project_outcomes``)."""
    from django.db.models import Q

    from fachkraefte.web.accounts.roles import is_coordination
    from fachkraefte.web.alliances.rules import internal_alliances
    from fachkraefte.web.proposals.models import CoApplicant

    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    if is_coordination(user):
        return Project.objects.all()
    editing = CoApplicant.objects.filter(user=user, right=CoApplicant.Right.EDIT).values(
        "proposal_id"
    )
    return Project.objects.filter(
        Q(people__user=user)
        | Q(proposal__applicant=user)
        | Q(proposal_id__in=editing)
        | Q(alliance__in=internal_alliances(user))
    ).distinct()
