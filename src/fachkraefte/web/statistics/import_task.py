"""The background task that imports an uploaded statistics file (kind ``statistics.import``)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_noop

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.paths import data_dir
from fachkraefte.sources.vintages import store_import
from fachkraefte.web.statistics.sources import IMPORT_SOURCES
from fachkraefte.web.tasks.registry import Report, TaskFailed, task_kind

IMPORT_KIND = "statistics.import"


@task_kind(IMPORT_KIND)
def run_import(params: dict[str, Any], report: Report) -> dict[str, Any]:
    """Read and check the uploaded file; store it as a vintage unless ``dry_run``."""
    source = IMPORT_SOURCES[params["source"]]
    path = data_dir() / params["path"]
    options: dict[str, Any] = {}
    if source.takes_variant and params.get("variant"):
        options["variant"] = params["variant"]
    when = date.fromisoformat(params["reference_date"]) if params.get("reference_date") else None
    report(10, gettext_noop("Datei wird gelesen und geprüft"))
    try:
        imported = source.read_function()(path, reference_date=when, **options)
    except ImportValidationError as error:
        raise TaskFailed(
            gettext_noop("Import abgelehnt: die Datei hat Fehler, es wurde nichts gespeichert"),
            {"problems": [dataclasses.asdict(p) for p in error.problems]},
        ) from None
    tables = ", ".join(f"{name}: {frame.height}" for name, frame in imported.tables.items())
    lines: list[list[Any]] = [
        [gettext_noop("Quelle"), imported.source],
        [gettext_noop("Datei"), params["file_name"]],
        [gettext_noop("Stichtag"), imported.reference_date.strftime("%d.%m.%Y")],
        [gettext_noop("Zeilen je Tabelle"), tables],
    ]
    lines += [[gettext_noop("Hinweis"), note] for note in imported.notes]
    if params.get("dry_run"):
        lines.append([gettext_noop("Ergebnis"), gettext_noop("Nur geprüft – nichts gespeichert")])
        return {"lines": lines, "dry_run": True, "dataset": imported.dataset}
    report(70, gettext_noop("Datenstand wird gespeichert"))
    outcome = store_import(
        imported,
        imported_by=params["imported_by"],
        make_current=True if params.get("make_current") else None,
    )
    vintage = outcome.vintage
    lines += [
        [gettext_noop("Datenstand"), vintage.vintage_id],
        [
            gettext_noop("Ergebnis"),
            gettext_noop("Neu gespeichert")
            if outcome.created
            else gettext_noop("Diese Datei war schon importiert – nichts geändert"),
        ],
        [gettext_noop("Aktuell für"), ", ".join(vintage.current_for) or "–"],
    ]
    return {
        "lines": lines,
        "links": [[gettext_noop("Zur Liste der Datenstände"), reverse("statistics:vintages")]],
        "dry_run": False,
        "dataset": imported.dataset,
        "vintage_id": vintage.vintage_id,
        "created": outcome.created,
    }
