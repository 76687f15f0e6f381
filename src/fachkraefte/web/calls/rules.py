"""Who may see and do what with a call for proposals, each rule with the call's state.

Decided for this platform (the programmes leave it open who types the call in):
- the public sees published and closed calls (a closed call stays readable: proposals refer
  to it); drafts only their drafters: the coordination office ("the office") and the managers
  (steering group) of the call's alliance;
- the office and the steering group of the call's alliance draft and edit a call while it is a
  draft; a published call's text is frozen, since applicants rely on it;
- only the office publishes and closes calls, and edits review criteria and documents: it
  checks a call against the programme's funding terms before applicants see it.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.alliances.rules import can_manage
from fachkraefte.web.calls.models import Call

S = Call.Status
PUBLIC_STATES = {S.PUBLISHED, S.CLOSED}


def is_drafter(user: Any, call: Call) -> bool:
    return is_coordination(user) or (
        call.alliance_id is not None and can_manage(user, call.alliance)
    )


def may_view_call(user: Any, call: Call) -> bool:
    return call.status in PUBLIC_STATES or is_drafter(user, call)


def may_create_call(user: Any, alliance: Alliance | None = None) -> bool:
    return is_coordination(user) or (alliance is not None and can_manage(user, alliance))


def may_edit_call(user: Any, call: Call) -> bool:
    return is_drafter(user, call) and call.status == S.DRAFT


def may_publish_call(user: Any, call: Call) -> bool:
    return is_coordination(user) and call.status == S.DRAFT


def may_close_call(user: Any, call: Call) -> bool:
    return is_coordination(user) and call.status == S.PUBLISHED


def may_edit_criteria(user: Any, call: Call) -> bool:
    return is_coordination(user) and call.status != S.CLOSED


def may_edit_documents(user: Any, call: Call) -> bool:
    return is_coordination(user) and call.status != S.CLOSED
