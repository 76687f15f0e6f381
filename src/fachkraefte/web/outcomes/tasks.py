"""Background tasks of outcomes: the effect on the gap (``outcomes.gap_effect``) and the
import of a filled-in template (``outcomes.import``)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_noop

from fachkraefte.forecast import store
from fachkraefte.forecast.scenario import ScenarioError
from fachkraefte.need import NeedError, assess, outcome_measures
from fachkraefte.paths import data_dir
from fachkraefte.web.outcomes import services
from fachkraefte.web.outcomes.presentation import chart_svgs
from fachkraefte.web.outcomes.selectors import EFFECT_KIND, subject_inputs
from fachkraefte.web.outcomes.template_file import parse_outcomes
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.tasks.registry import Report as Progress
from fachkraefte.web.tasks.registry import TaskFailed, task_kind


@task_kind(EFFECT_KIND)
def compute_gap_effect(params: dict[str, Any], report: Progress) -> dict[str, Any]:
    """Assess the subject's current inputs against the run and keep the result (or why not).

    The inputs are read again here: when they changed since the task was queued, the result
    is stored under their new hash, which is what the page asks for next.
    """
    subject, subject_id, kind = params["subject"], int(params["subject_id"]), params["kind"]
    run_id = params["run_id"]
    inputs = subject_inputs(subject=subject, subject_id=subject_id, kind=kind)
    report(10, gettext_noop("Prognoselauf wird gelesen"))
    notes = list(inputs.notes)
    result: dict[str, Any] | None = None
    problem = ""
    try:
        base_year = int(store.read_metadata(run_id)["base_year"])
        measures, before = outcome_measures(inputs.outcomes, base_year=base_year)
        if before:
            notes.append(
                f"{len(before)} Ergebnis(se) vor dem Basisjahr {base_year}: schon in den Daten "
                "des Laufs enthalten, nicht noch einmal gezählt."
            )
        report(30, gettext_noop("Maßnahmen werden mit dem Prognosemodell gerechnet"))
        assessment = assess(run_id, cells=inputs.cells, measures=measures)
        assessment = dataclasses.replace(assessment, notes=(*notes, *assessment.notes))
        result = assessment.to_dict()
        report(80, gettext_noop("Grafik wird gezeichnet"))
        result["chart"] = chart_svgs(result, kind)
    except (NeedError, ScenarioError, FileNotFoundError) as error:
        problem = str(error)
    services.gap_effect_store(
        subject=subject,
        subject_id=subject_id,
        kind=kind,
        run_id=run_id,
        inputs_hash=inputs.digest,
        result=result,
        problem=problem,
    )
    return {
        "lines": [
            [gettext_noop("Prognoselauf"), run_id],
            [
                gettext_noop("Ergebnis"),
                gettext_noop("berechnet") if result else gettext_noop("nicht berechenbar"),
            ],
        ]
    }


@task_kind(services.IMPORT_KIND)
def import_outcomes(params: dict[str, Any], report: Progress) -> dict[str, Any]:
    """Check every row of the uploaded template; store all of them or none."""
    record = Report.objects.select_related("project").get(pk=params["report_id"])
    actor = get_user_model().objects.get(pk=params["user_id"])
    report(10, gettext_noop("Datei wird gelesen und geprüft"))
    parsed = parse_outcomes(data_dir() / params["path"], file_name=params["file_name"])
    if parsed.problems:
        raise TaskFailed(
            gettext_noop("Import abgelehnt: die Datei hat Fehler, es wurde nichts gespeichert"),
            {"problems": [dataclasses.asdict(p) for p in parsed.problems]},
        )
    report(70, gettext_noop("Ergebnisse werden gespeichert"))
    try:
        services.report_outcomes_replace(
            actor=actor, report=record, participants=parsed.participants, results=parsed.results
        )
    except PermissionDenied:
        raise TaskFailed(
            gettext_noop("Import abgelehnt: der Bericht ist nicht mehr änderbar")
        ) from None
    return {
        "lines": [
            [gettext_noop("Datei"), params["file_name"]],
            [gettext_noop("Teilnehmende"), sum(p["count"] for p in parsed.participants)],
            [gettext_noop("Ergebnisse"), len(parsed.results)],
        ],
        "links": [
            [
                gettext_noop("Zu den Ergebnissen des Berichts"),
                reverse("outcomes:report", args=[record.pk]),
            ]
        ],
    }
