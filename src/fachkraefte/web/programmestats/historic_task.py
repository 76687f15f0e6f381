"""The background task that imports an uploaded list of historic projects
(kind ``programmestats.historic_import``)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_noop

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.paths import data_dir
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats.historic import historic_projects_import
from fachkraefte.web.tasks.registry import Report, TaskFailed, task_kind

HISTORIC_KIND = "programmestats.historic_import"


@task_kind(HISTORIC_KIND)
def run_historic_import(params: dict[str, Any], report: Report) -> dict[str, Any]:
    """Check the uploaded list and store its projects unless ``dry_run``; all or nothing."""
    programme = Programme.objects.get(slug=params["programme"])
    actor = get_user_model().objects.filter(pk=params.get("actor_id")).first()
    report(10, gettext_noop("Datei wird gelesen"))
    try:
        result = historic_projects_import(
            programme=programme,
            path=data_dir() / params["path"],
            file_name=params["file_name"],
            actor=actor,
            dry_run=bool(params.get("dry_run")),
            progress=report,
        )
    except ImportValidationError as error:
        raise TaskFailed(
            gettext_noop("Import abgelehnt: die Datei hat Fehler, es wurde nichts gespeichert"),
            {"problems": [dataclasses.asdict(p) for p in error.problems]},
        ) from None
    years = f"{result.years[0]}–{result.years[-1]}" if result.years else "–"
    lines: list[list[Any]] = [
        [gettext_noop("Programm"), programme.name],
        [gettext_noop("Datei"), result.file],
        [gettext_noop("Projekte in der Liste"), result.rows],
        [gettext_noop("Förderjahre"), years],
        [gettext_noop("bewilligt (EUR)"), number_format(result.total, 2, force_grouping=True)],
    ]
    if result.dry_run:
        lines.append([gettext_noop("Ergebnis"), gettext_noop("Nur geprüft – nichts gespeichert")])
    else:
        lines.append([gettext_noop("Neu angelegt"), result.created])
    return {
        "lines": lines,
        "links": [
            [
                gettext_noop("Zur Förderstatistik"),
                reverse("programmestats:overview") + f"?programm={programme.slug}",
            ]
        ],
        "dry_run": result.dry_run,
        "created": result.created,
    }
