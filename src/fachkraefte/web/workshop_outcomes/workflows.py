"""The outcome's follow-up as a declared workflow: open, in progress, done, dropped.

A done or dropped outcome may be reopened (a measure taken up again at the next workshop);
every step is written as a history row with its note and date (``services``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.workflows import Transition, Workflow
from fachkraefte.web.workshop_outcomes import rules
from fachkraefte.web.workshop_outcomes.models import Outcome

OPEN, IN_PROGRESS, DONE, DROPPED = (s.value for s in Outcome.Status)
FOLLOWERS = _("die Veranstalter der Werkstatt und die zuständige Person oder Organisation")

OUTCOME_WORKFLOW = Workflow(
    field="status",
    states=Outcome.Status,
    transitions=(
        Transition(OPEN, IN_PROGRESS, _("In Arbeit nehmen"), rules.may_start, FOLLOWERS),
        Transition(OPEN, DONE, _("Als erledigt melden"), rules.may_finish, FOLLOWERS),
        Transition(IN_PROGRESS, DONE, _("Als erledigt melden"), rules.may_finish, FOLLOWERS),
        Transition(OPEN, DROPPED, _("Verwerfen"), rules.may_drop, FOLLOWERS),
        Transition(IN_PROGRESS, DROPPED, _("Verwerfen"), rules.may_drop, FOLLOWERS),
        Transition(DONE, OPEN, _("Wieder aufnehmen"), rules.may_reopen, FOLLOWERS),
        Transition(DROPPED, OPEN, _("Wieder aufnehmen"), rules.may_reopen, FOLLOWERS),
    ),
    audit_alliance=lambda outcome: outcome.workshop.alliance,
)
