"""Who may do what with official statistics: reading is public, importing is the coordination
office's job (admins count as one)."""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination


def can_import(user: Any) -> bool:
    return is_coordination(user)
