"""A report's way as data: due → draft → submitted → accepted, or back for changes and again."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.workflows import Transition, Workflow
from fachkraefte.web.reporting import rules
from fachkraefte.web.reporting.models import Report

S = Report.Status
RECIPIENT = _("die Zuwendungsempfänger")
OFFICE = _("die Koordinierungsstelle")


def _audit_alliance(report: Report):
    return report.project.alliance


REPORT = Workflow(
    field="status",
    states=Report.Status,
    transitions=(
        Transition(S.DUE, S.DRAFT, _("Entwurf speichern"), rules.may_start_draft, who=RECIPIENT),
        *(
            Transition(state, S.SUBMITTED, _("Bericht einreichen"), rules.may_submit, who=RECIPIENT)
            for state in (S.DUE, S.DRAFT, S.CHANGES_REQUESTED)
        ),
        Transition(S.SUBMITTED, S.ACCEPTED, _("Bericht annehmen"), rules.may_review, who=OFFICE),
        Transition(
            S.SUBMITTED,
            S.CHANGES_REQUESTED,
            _("Änderungen erbitten"),
            rules.may_review,
            who=OFFICE,
        ),
    ),
    audit_alliance=_audit_alliance,
)
