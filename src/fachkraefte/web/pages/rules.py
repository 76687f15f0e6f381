"""Who may do what with the public pages: one predicate per line."""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination


def can_edit_pages(user: Any) -> bool:
    return is_coordination(user)  # the operator's texts: the coordination office (and admins)
