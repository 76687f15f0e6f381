"""Platform-wide roles. Alliance-scoped roles (member, steering group) are in ``alliances.rules``.

public: anonymous; applicant: any signed-in account (group "Antragsteller" for accounts made for it);
coordination office: group "Koordinierungsstelle"; admin: superuser.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

COORDINATION_GROUP = "Koordinierungsstelle"
APPLICANT_GROUP = "Antragsteller"


class Role(StrEnum):
    PUBLIC = "public"
    APPLICANT = "applicant"
    MEMBER = "member"
    STEERING = "steering"
    COORDINATION = "coordination"
    ADMIN = "admin"


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def is_coordination(user: Any) -> bool:
    """The coordination office sees and manages every alliance; admins count as one too."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=COORDINATION_GROUP).exists()
