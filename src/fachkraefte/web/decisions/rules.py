"""Who may do what in the steering group's decisions, each rule with the record's state.

Views, API, templates (through context flags) and ``decisions.services`` ask these predicates and
nothing else; the services give the reason when one refuses. Seeing meetings at all is seeing the
alliance's internal records (``alliances.rules.can_view_internal``, looked up by
``alliances.access.internal_alliance``; others get 404).
- meetings: created and edited by the steering group and the coordination office;
- an agenda item is edited and closed by them while it is open;
- a steering-group member votes on an open item; with a recorded conflict of interest only
  abstains; declares their own conflict once; the managers record the conflict of a member.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.alliances.rules import can_manage, can_vote
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest


def _alliance(item: AgendaItem) -> Alliance:
    return item.meeting.alliance


def has_conflict(user: Any, item: AgendaItem) -> bool:
    pk = getattr(user, "pk", None)
    return ConflictOfInterest.objects.filter(agenda_item=item, user_id=pk).exists()


def may_manage_meetings(user: Any, alliance: Alliance) -> bool:
    return can_manage(user, alliance)


def may_edit_item(user: Any, item: AgendaItem) -> bool:
    return can_manage(user, _alliance(item)) and item.is_open


def may_close_item(user: Any, item: AgendaItem) -> bool:
    return can_manage(user, _alliance(item)) and item.is_open


def may_abstain(user: Any, item: AgendaItem) -> bool:
    return can_vote(user, _alliance(item)) and item.is_open


def may_vote(user: Any, item: AgendaItem) -> bool:
    return can_vote(user, _alliance(item)) and item.is_open and not has_conflict(user, item)


def may_declare_conflict(user: Any, item: AgendaItem) -> bool:
    return can_vote(user, _alliance(item)) and item.is_open and not has_conflict(user, item)


def may_record_conflict(user: Any, item: AgendaItem) -> bool:
    return can_manage(user, _alliance(item)) and item.is_open
