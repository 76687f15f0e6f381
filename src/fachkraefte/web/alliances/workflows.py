"""The commitment's workflow as data: planned → in progress → fulfilled, or dropped on the way.

The member organisation a commitment belongs to moves it along while it is open (planned or in
progress), the steering group and the coordination office too; only they take up a fulfilled or
dropped commitment again, so that a report of "erfüllt" is not quietly undone.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.alliances import rules
from fachkraefte.web.alliances.models import Commitment
from fachkraefte.web.core.workflows import Transition, Workflow

PLANNED, IN_PROGRESS = Commitment.Status.PLANNED.value, Commitment.Status.IN_PROGRESS.value
DONE, DROPPED = Commitment.Status.DONE.value, Commitment.Status.DROPPED.value

MEMBERS = _(
    "das Mitglied, dessen Selbstverpflichtung es ist, die Steuerungsgruppe und die Koordinierungsstelle"
)
MANAGERS = _("die Steuerungsgruppe und die Koordinierungsstelle")

ADVANCE, REOPEN = rules.can_advance_commitment, rules.can_reopen_commitment

COMMITMENT_WORKFLOW = Workflow(
    field="status",
    states=Commitment.Status,
    transitions=(
        Transition(PLANNED, IN_PROGRESS, _("Umsetzung beginnen"), ADVANCE, MEMBERS),
        Transition(PLANNED, DONE, _("als erfüllt melden"), ADVANCE, MEMBERS),
        Transition(PLANNED, DROPPED, _("aufgeben"), ADVANCE, MEMBERS),
        Transition(IN_PROGRESS, DONE, _("als erfüllt melden"), ADVANCE, MEMBERS),
        Transition(IN_PROGRESS, DROPPED, _("aufgeben"), ADVANCE, MEMBERS),
        Transition(IN_PROGRESS, PLANNED, _("zurückstellen"), ADVANCE, MEMBERS),
        Transition(DONE, IN_PROGRESS, _("wieder aufnehmen"), REOPEN, MANAGERS),
        Transition(DROPPED, PLANNED, _("wieder aufnehmen"), REOPEN, MANAGERS),
    ),
    audit_alliance=lambda commitment: commitment.alliance,
)
