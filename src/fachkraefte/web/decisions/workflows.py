"""The agenda item's workflow as data: an open item is closed once, by the rule of its alliance.

There is no way back: a decided item is frozen (its votes, conflicts and text), so the table
declares no transition out of "entschieden".
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.workflows import Transition, Workflow
from fachkraefte.web.decisions import rules
from fachkraefte.web.decisions.models import AgendaItem

OPEN, DECIDED = AgendaItem.Status.OPEN.value, AgendaItem.Status.DECIDED.value

AGENDA_ITEM_WORKFLOW = Workflow(
    field="status",
    states=AgendaItem.Status,
    transitions=(
        Transition(
            OPEN,
            DECIDED,
            _("Abstimmung abschließen"),
            rules.may_close_item,
            who=_("die Steuerungsgruppe und die Koordinierungsstelle"),
        ),
    ),
    audit_alliance=lambda item: item.meeting.alliance,
)
