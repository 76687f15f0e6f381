"""The project's status as data: preparation → running → final report due → closed, running ⇄
paused, and cancellation while the project has not ended.

"Schlussbericht fällig" is reached by the office or, once the end date has passed, by the
periodic job (``projects.services.projects_ask_final_reports``). Closing is only possible with
an accepted final report (``projects.services.project_close`` checks it).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.workflows import Transition, Workflow
from fachkraefte.web.projects import rules
from fachkraefte.web.projects.models import Project

S = Project.Status
OFFICE = _("die Koordinierungsstelle")
OFFICE_OR_CLOCK = _("die Koordinierungsstelle, nach Projektende auch automatisch")


def _audit_alliance(project: Project):
    return project.alliance


PROJECT = Workflow(
    field="status",
    states=Project.Status,
    transitions=(
        Transition(S.PREPARATION, S.RUNNING, _("Projekt starten"), rules.may_start, who=OFFICE),
        Transition(S.RUNNING, S.PAUSED, _("Projekt ruhen lassen"), rules.may_pause, who=OFFICE),
        Transition(S.PAUSED, S.RUNNING, _("Projekt fortsetzen"), rules.may_resume, who=OFFICE),
        Transition(
            S.RUNNING,
            S.FINAL_REPORT_DUE,
            _("Schlussbericht anfordern"),
            rules.may_ask_final_report,
            who=OFFICE_OR_CLOCK,
        ),
        Transition(
            S.FINAL_REPORT_DUE, S.CLOSED, _("Projekt abschließen"), rules.may_close, who=OFFICE
        ),
        *(
            Transition(state, S.CANCELLED, _("Projekt abbrechen"), rules.may_cancel, who=OFFICE)
            for state in (S.PREPARATION, S.RUNNING, S.PAUSED)
        ),
    ),
    audit_alliance=_audit_alliance,
)
