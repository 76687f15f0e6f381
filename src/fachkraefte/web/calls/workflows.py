"""The call's workflow as data: drafted, published once by the office, closed by the office.

There is no way back: a closed call stays as it was, since proposals were judged against it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.calls import rules
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.workflows import Transition, Workflow

DRAFT, PUBLISHED, CLOSED = (
    Call.Status.DRAFT.value,
    Call.Status.PUBLISHED.value,
    Call.Status.CLOSED.value,
)

CALL_WORKFLOW = Workflow(
    field="status",
    states=Call.Status,
    transitions=(
        Transition(
            DRAFT,
            PUBLISHED,
            _("Aufruf veröffentlichen"),
            rules.may_publish_call,
            who=_("die Koordinierungsstelle"),
        ),
        Transition(
            PUBLISHED,
            CLOSED,
            _("Aufruf beenden"),
            rules.may_close_call,
            who=_("die Koordinierungsstelle"),
        ),
    ),
    audit_alliance=lambda call: call.alliance,
)
