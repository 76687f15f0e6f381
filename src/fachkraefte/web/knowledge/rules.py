"""Who may see and do what with catalogue entries (measures and good practices), each rule
with the entry's curation state.

Decided for this platform (issue 16: "the coordination office and alliance members propose and
edit entries, a short review by the office before publication"):
- the public sees published entries only; drafts, entries in review and archived entries only
  their keepers: the office (all entries) and the members of the entry's alliance;
- the office and the members of any alliance propose entries (a member for their alliance);
- keepers edit a draft and send it to review; the office edits any entry that is not archived
  (its review may correct the wording) and publishes, returns, archives and republishes;
- the audit trail of an entry is for its keepers.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance, AllianceRole
from fachkraefte.web.alliances.rules import role_in
from fachkraefte.web.knowledge.models import Curation

C = Curation


def is_public(entry: Any) -> bool:
    return entry.state == C.PUBLISHED


def is_keeper(user: Any, entry: Any) -> bool:
    return is_coordination(user) or (
        entry.alliance_id is not None and role_in(user, entry.alliance) is not None
    )


def proposing_alliances(user: Any):
    """The alliances ``user`` may propose entries for (every alliance for the office)."""
    if is_coordination(user):
        return Alliance.objects.order_by("name")
    if not getattr(user, "is_authenticated", False):
        return Alliance.objects.none()
    member_of = AllianceRole.objects.filter(user=user).values("alliance")
    return Alliance.objects.filter(pk__in=member_of).order_by("name")


def may_view_entry(user: Any, entry: Any) -> bool:
    return is_public(entry) or is_keeper(user, entry)


def may_propose(user: Any, alliance: Alliance | None = None) -> bool:
    if alliance is None:
        return is_coordination(user)
    return is_coordination(user) or role_in(user, alliance) is not None


def may_propose_any(user: Any) -> bool:
    return proposing_alliances(user).exists() or is_coordination(user)


def may_edit_entry(user: Any, entry: Any) -> bool:
    return (is_coordination(user) and entry.state != C.ARCHIVED) or (
        is_keeper(user, entry) and entry.state == C.DRAFT
    )


def may_submit_entry(user: Any, entry: Any) -> bool:
    return is_keeper(user, entry) and entry.state == C.DRAFT


def may_publish_entry(user: Any, entry: Any) -> bool:
    return is_coordination(user) and entry.state == C.IN_REVIEW


def may_return_entry(user: Any, entry: Any) -> bool:
    return is_coordination(user) and entry.state == C.IN_REVIEW


def may_archive_entry(user: Any, entry: Any) -> bool:
    return is_coordination(user) and entry.state == C.PUBLISHED


def may_republish_entry(user: Any, entry: Any) -> bool:
    return is_coordination(user) and entry.state == C.ARCHIVED


def may_view_trail(user: Any, entry: Any) -> bool:
    return is_keeper(user, entry)
