"""Making a briefing pack in the background (task kind ``briefings.pack``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from fachkraefte.reports.briefing import UnknownDistrictError, make_pack
from fachkraefte.web.briefings.selectors import PACK_KIND, briefing_context
from fachkraefte.web.briefings.storage import store_pack
from fachkraefte.web.tasks.registry import Report, TaskFailed, task_kind

# The core's progress labels, marked for translation (the task page shows them translated).
STEPS = {
    "Daten des Prognoselaufs lesen": gettext_noop("Daten des Prognoselaufs lesen"),
    "Grafiken zeichnen": gettext_noop("Grafiken zeichnen"),
    "Dokument setzen": gettext_noop("Dokument setzen"),
}


@task_kind(PACK_KIND)
def make_briefing_pack(params: dict[str, Any], report: Report) -> dict[str, Any]:
    run_id, ags = params["run_id"], params["ags"]
    report(5, gettext_noop("Allianz, Vereinbarungen und Projekte lesen"))
    context = briefing_context(ags=ags)
    try:
        pack = make_pack(
            run_id,
            ags,
            context=context,
            step=lambda label, percent: report(percent, STEPS.get(label, label)),
        )
    except (UnknownDistrictError, FileNotFoundError) as error:
        raise TaskFailed(
            gettext_noop("Für diesen Kreis gibt es keine Prognose."), {"error": str(error)}
        ) from error
    report(90, gettext_noop("Unterlagen speichern"))
    store_pack(
        run_id=run_id,
        ags=ags,
        pdf=pack.pdf,
        html=pack.html,
        meta={"run_id": run_id, "ags": ags, "created_at": timezone.now().isoformat()},
    )
    report(100, gettext_noop("Unterlagen gespeichert"))
    return {
        "lines": [[gettext_noop("Kreis"), pack.data.name], [gettext_noop("Prognoselauf"), run_id]]
    }
