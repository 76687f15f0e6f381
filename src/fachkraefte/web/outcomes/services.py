"""Writes of outcomes: a report's participants and results (form or import, each in one
transaction), and the stored effects on the gap with the task that computes them."""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fachkraefte.paths import data_dir
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record
from fachkraefte.web.outcomes import rules
from fachkraefte.web.outcomes.models import GapEffect, OutcomeResult, ParticipantCount
from fachkraefte.web.outcomes.selectors import EFFECT_KIND, EffectState, gap_effect_state
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.statistics.services import upload_save
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import task_submit, task_submit_once

IMPORT_KIND = "outcomes.import"


def report_outcomes_replace(
    *,
    actor: Any,
    report: Report,
    participants: list[dict[str, Any]],
    results: list[dict[str, Any]],
) -> None:
    """Replace the report's participant counts and achieved results with the given rows, all
    or nothing; then queue the new effect of the project (and its alliance) on the gap."""
    if not rules.may_edit_report_outcomes(actor, report):
        raise PermissionDenied(_("Die Ergebnisse dieses Berichts sind nicht änderbar."))
    project = report.project
    with transaction.atomic():
        ParticipantCount.objects.filter(report=report).delete()
        OutcomeResult.objects.filter(report=report).delete()
        ParticipantCount.objects.bulk_create(
            ParticipantCount(
                project=project,
                report=report,
                target_group=row["target_group"],
                sex=row["sex"],
                count=row["count"],
            )
            for row in participants
            if row["count"]
        )
        OutcomeResult.objects.bulk_create(
            OutcomeResult(
                project=project,
                report=report,
                kind=OutcomeResult.Kind.ACHIEVED,
                what=row["what"],
                count=row["count"],
                occupation=row.get("occupation") or "",
                district_id=row.get("district") or None,
                year=row["year"],
            )
            for row in results
        )
        audit_record(
            actor=actor,
            instance=report,
            action=AuditEntry.Action.UPDATE,
            changes={
                "participants": sum(r["count"] for r in participants),
                "results": len(results),
            },
            alliance=project.alliance,
        )
        transaction.on_commit(partial(project_effects_request, project=project))


def project_effects_request(*, project: Any) -> None:
    """Queue the achieved effect of the project and of its alliance for the default run."""
    achieved = GapEffect.Kind.ACHIEVED
    subjects = [(GapEffect.Subject.PROJECT, project.pk)]
    if project.alliance_id:
        subjects.append((GapEffect.Subject.ALLIANCE, project.alliance_id))
    for subject, subject_id in subjects:
        gap_effect_request(
            state=gap_effect_state(subject=subject, subject_id=subject_id, kind=achieved)
        )


def gap_effects_requested(
    *, subject: str, subject_id: int, kinds: tuple[str, ...]
) -> list[EffectState]:
    """The current states of the subject's effects, with every missing one queued once."""
    states = []
    for kind in kinds:
        state = gap_effect_state(subject=subject, subject_id=subject_id, kind=kind)
        if gap_effect_request(state=state) is not None:
            state = gap_effect_state(subject=subject, subject_id=subject_id, kind=kind)
        states.append(state)
    return states


def gap_effect_request(*, state: EffectState) -> Task | None:
    """Queue the computation of a missing effect once (a page asks for it, never computes it);
    returns the queued or running task, ``None`` when nothing is to be computed."""
    if state.status != "pending" or state.run is None:
        return None
    if state.task is not None and state.task.status in (Task.Status.QUEUED, Task.Status.RUNNING):
        return state.task
    try:
        task, _created = task_submit_once(
            kind=EFFECT_KIND,
            title=gettext_noop("Wirkung auf die Fachkräftelücke (%(subject)s %(subject_id)s)"),
            params={
                "subject": state.subject,
                "subject_id": state.subject_id,
                "kind": state.kind,
                "run_id": state.run.run_id,
                "inputs_hash": state.inputs.digest,
            },
            created_by=None,
        )
    except DatabaseError:
        return None
    return task


def gap_effect_store(
    *,
    subject: str,
    subject_id: int,
    kind: str,
    run_id: str,
    inputs_hash: str,
    result: dict[str, Any] | None,
    problem: str = "",
) -> GapEffect:
    """Keep a computed effect (or why it could not be computed) for its run and inputs."""
    if result is not None:
        result = _finite(result)
    effect, _created = GapEffect.objects.update_or_create(
        subject=subject,
        subject_id=subject_id,
        kind=kind,
        run_id=run_id,
        inputs_hash=inputs_hash,
        defaults={
            "status": GapEffect.Status.FAILED if result is None else GapEffect.Status.READY,
            "result": result or {},
            "problem": problem,
        },
    )
    return effect


def _finite(value: Any) -> Any:
    """JSON columns hold no NaN or infinity: such a number becomes null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def outcomes_import_submit(*, actor: Any, report: Report, uploaded: UploadedFile) -> Task:
    """Save the upload and queue its import into the report as a background task."""
    if not rules.may_edit_report_outcomes(actor, report):
        raise PermissionDenied(_("Die Ergebnisse dieses Berichts sind nicht änderbar."))
    path: Path = upload_save(uploaded=uploaded)
    return task_submit(
        kind=IMPORT_KIND,
        title=gettext_noop("Import der Ergebnisse aus %(file_name)s"),
        params={
            "report_id": report.pk,
            "path": str(path.relative_to(data_dir())),
            "file_name": path.name,
            "user_id": actor.pk,
        },
        created_by=actor,
    )


def _row_saved(*, actor: Any, row: Any, action: str, report: Report) -> None:
    audit_record(
        actor=actor,
        instance=row,
        action=action,
        changes={"count": row.count},
        alliance=report.project.alliance,
    )
    transaction.on_commit(partial(project_effects_request, project=report.project))


def outcome_result_create(*, actor: Any, report: Report, values: dict[str, Any]) -> OutcomeResult:
    """One achieved result of the report (the API's write)."""
    if not rules.may_edit_report_outcomes(actor, report):
        raise PermissionDenied(_("Die Ergebnisse dieses Berichts sind nicht änderbar."))
    with transaction.atomic():
        row = OutcomeResult.objects.create(
            project=report.project, report=report, kind=OutcomeResult.Kind.ACHIEVED, **values
        )
        _row_saved(actor=actor, row=row, action=AuditEntry.Action.CREATE, report=report)
    return row


def outcome_result_update(
    *, actor: Any, row: OutcomeResult, values: dict[str, Any]
) -> OutcomeResult:
    if row.report is None or not rules.may_edit_report_outcomes(actor, row.report):
        raise PermissionDenied(_("Die Ergebnisse dieses Berichts sind nicht änderbar."))
    with transaction.atomic():
        for key, value in values.items():
            setattr(row, key, value)
        row.save()
        _row_saved(actor=actor, row=row, action=AuditEntry.Action.UPDATE, report=row.report)
    return row


def outcome_result_delete(*, actor: Any, row: OutcomeResult) -> None:
    if row.report is None or not rules.may_edit_report_outcomes(actor, row.report):
        raise PermissionDenied(_("Die Ergebnisse dieses Berichts sind nicht änderbar."))
    with transaction.atomic():
        report = row.report
        _row_saved(actor=actor, row=row, action=AuditEntry.Action.DELETE, report=report)
        row.delete()
