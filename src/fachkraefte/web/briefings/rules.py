"""Who may have a district's briefing pack made and read it: one predicate per line.

Alliance members of an alliance covering the district, the coordination office and admins;
the public may not (the pack carries the alliance's internal commitments). A pack exists
only in the state "stored" (``storage.stored_pack``) – downloads ask for that too.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance


def is_member_for_district(user: Any, ags: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Alliance.objects.filter(districts__ags=ags, roles__user=user).exists()


def can_generate(user: Any, ags: str) -> bool:
    return is_coordination(user) or is_member_for_district(user, ags)


def can_view(user: Any, ags: str) -> bool:
    return can_generate(user, ags)


def can_download(user: Any, ags: str, *, stored: bool) -> bool:
    return can_view(user, ags) and stored
