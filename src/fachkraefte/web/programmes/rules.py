"""Who may change programmes. Programmes and their composition rules are public to read."""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination


def can_edit_programmes(user: Any) -> bool:
    return is_coordination(user)
